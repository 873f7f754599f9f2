/*++

Module Name:

    driver.c

Abstract:

    Loading and unloading of the ConformanceSample driver: DriverEntry reads
    the seeded-defect selection from the registry, registers the trace
    provider, creates the device and its symbolic link. Also the CREATE and
    CLOSE handlers, which have nothing to do but succeed.

Environment:

    Kernel mode only.

--*/

#include "driver.h"
#include "trace.h"

static NTSTATUS
SampleReadDefectVariant(
    _In_ PUNICODE_STRING RegistryPath,
    _Out_ PULONG Variant
    );

static VOID
SampleInitializeExtension(
    _Out_ PSAMPLE_DEVICE_EXTENSION Extension
    );

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(INIT, SampleReadDefectVariant)
#pragma alloc_text(INIT, SampleInitializeExtension)
#pragma alloc_text(PAGE, SampleUnload)
#pragma alloc_text(PAGE, SampleCreateClose)
#endif

_Use_decl_annotations_
NTSTATUS
DriverEntry(
    PDRIVER_OBJECT DriverObject,
    PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;
    ULONG variant;
    UNICODE_STRING deviceName;
    UNICODE_STRING dosDeviceName;
    PDEVICE_OBJECT deviceObject = NULL;

    PAGED_CODE();

    //
    // The variant decides how every later request behaves, so it is fixed
    // before anything can reach the device.
    //
    status = SampleReadDefectVariant(RegistryPath, &variant);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = SampleSelectDefect(variant);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = SampleTraceRegister();
    if (!NT_SUCCESS(status)) {
        KdPrint(("ConformanceSample: TraceLoggingRegister failed 0x%08lX\n", (unsigned long)status));
        return status;
    }

    RtlInitUnicodeString(&deviceName, SAMPLE_DEVICE_NAME);

    //
    // FILE_DEVICE_SECURE_OPEN makes the I/O manager apply the device's
    // security descriptor to opens of names below the device too
    // (\Device\ConformanceSample\anything), which this driver does not
    // parse and must not accept on weaker terms.
    //
    status = IoCreateDevice(DriverObject,
                            sizeof(SAMPLE_DEVICE_EXTENSION),
                            &deviceName,
                            FILE_DEVICE_CONFORMANCE_SAMPLE,
                            FILE_DEVICE_SECURE_OPEN,
                            FALSE,
                            &deviceObject);
    if (!NT_SUCCESS(status)) {
        KdPrint(("ConformanceSample: IoCreateDevice failed 0x%08lX\n", (unsigned long)status));
        SampleTraceUnregister();
        return status;
    }

    SampleInitializeExtension((PSAMPLE_DEVICE_EXTENSION)deviceObject->DeviceExtension);

    //
    // Fill the dispatch table before the symbolic link makes the device
    // reachable from user mode.
    //
    DriverObject->MajorFunction[IRP_MJ_CREATE] = SampleCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = SampleCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = SampleDeviceControl;
    DriverObject->DriverUnload = SampleUnload;

    RtlInitUnicodeString(&dosDeviceName, SAMPLE_DOS_DEVICE_NAME);

    status = IoCreateSymbolicLink(&dosDeviceName, &deviceName);
    if (!NT_SUCCESS(status)) {
        KdPrint(("ConformanceSample: IoCreateSymbolicLink failed 0x%08lX\n", (unsigned long)status));
        IoDeleteDevice(deviceObject);
        SampleTraceUnregister();
        return status;
    }

    return STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
SampleUnload(
    PDRIVER_OBJECT DriverObject
    )
{
    UNICODE_STRING dosDeviceName;

    PAGED_CODE();

    //
    // Remove the user-visible name first so no new handle can be opened
    // while the device goes away.
    //
    RtlInitUnicodeString(&dosDeviceName, SAMPLE_DOS_DEVICE_NAME);
    IoDeleteSymbolicLink(&dosDeviceName);

    if (DriverObject->DeviceObject != NULL) {
        IoDeleteDevice(DriverObject->DeviceObject);
    }

    SampleTraceUnregister();
}

_Use_decl_annotations_
NTSTATUS
SampleCreateClose(
    PDEVICE_OBJECT DeviceObject,
    PIRP Irp
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);

    PAGED_CODE();

    //
    // The driver keeps no per-handle state, so opening and closing need no
    // work. Access rights are enforced by the I/O manager from the control
    // code's access bits.
    //
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);

    return STATUS_SUCCESS;
}

static
_Use_decl_annotations_
VOID
SampleInitializeExtension(
    PSAMPLE_DEVICE_EXTENSION Extension
    )
{
    ULONG i;

    PAGED_CODE();

    //
    // Start from a known store, so a fetch before any store has a defined
    // answer, and zero the rest so no stale pool content can ever be
    // fetched.
    //
    RtlZeroMemory(Extension, sizeof(*Extension));

    for (i = 0; i < SAMPLE_STORE_INITIAL_LENGTH; i++) {
        Extension->Store[i] = SAMPLE_STORE_INITIAL_BYTE(i);
    }

    Extension->StoredLength = SAMPLE_STORE_INITIAL_LENGTH;
    Extension->ConfigValue = 0;
}

static
_Use_decl_annotations_
NTSTATUS
SampleReadDefectVariant(
    PUNICODE_STRING RegistryPath,
    PULONG Variant
    )
{
    NTSTATUS status;
    PWSTR path;
    SIZE_T pathBytes;
    ULONG value = 0;
    ULONG defaultValue = 0;
    RTL_QUERY_REGISTRY_TABLE queryTable[2];

    PAGED_CODE();

    *Variant = SampleDefectNone;

    //
    // RtlQueryRegistryValues wants a NUL-terminated path, but a
    // UNICODE_STRING is counted and need not be terminated. Copy it into a
    // terminated buffer rather than trusting the terminator to be there.
    //
    pathBytes = (SIZE_T)RegistryPath->Length + sizeof(WCHAR);
    path = (PWSTR)ExAllocatePool2(POOL_FLAG_NON_PAGED, pathBytes, SAMPLE_POOL_TAG);
    if (path == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    RtlCopyMemory(path, RegistryPath->Buffer, RegistryPath->Length);
    path[RegistryPath->Length / sizeof(WCHAR)] = L'\0';

    //
    // One DWORD read straight into 'value'. The default applies when the
    // value does not exist, so an installation without it is the clean
    // driver. The second, zeroed entry ends the table.
    //
    RtlZeroMemory(queryTable, sizeof(queryTable));

    queryTable[0].Flags = RTL_QUERY_REGISTRY_DIRECT;
    queryTable[0].Name = SAMPLE_DEFECT_REGISTRY_VALUE;
    queryTable[0].EntryContext = &value;
    queryTable[0].DefaultType = REG_DWORD;
    queryTable[0].DefaultData = &defaultValue;
    queryTable[0].DefaultLength = sizeof(ULONG);

#ifdef RTL_QUERY_REGISTRY_TYPECHECK
    //
    // With RTL_QUERY_REGISTRY_DIRECT a value of another type (REG_SZ,
    // REG_BINARY) would be written into 'value' at its own size. The type
    // check makes the call fail instead of overrunning the ULONG.
    //
    queryTable[0].Flags |= RTL_QUERY_REGISTRY_TYPECHECK;
    queryTable[0].DefaultType |= (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT);
#endif

    status = RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE,
                                    path,
                                    queryTable,
                                    NULL,
                                    NULL);

    ExFreePoolWithTag(path, SAMPLE_POOL_TAG);

    if (status == STATUS_OBJECT_NAME_NOT_FOUND) {
        //
        // No value (and no default applied): the clean driver, as documented.
        //
        return STATUS_SUCCESS;
    }

    if (!NT_SUCCESS(status)) {
        //
        // Anything else means a value that cannot be read as a DWORD, for
        // example one of the wrong type. Refuse to guess a variant.
        //
        KdPrint(("ConformanceSample: reading DefectVariant failed 0x%08lX\n", (unsigned long)status));
        return status;
    }

    *Variant = value;
    return STATUS_SUCCESS;
}
