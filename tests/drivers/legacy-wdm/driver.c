/*++

Module Name:

    driver.c

Abstract:

    LegacyWdm: a test driver written the way many public WDM drivers are,
    for `conformance build-driver` to compile unmodified. Driver entry,
    unload, create and close, and the log file the driver keeps with the
    Zw file routines.

Environment:

    Kernel mode only.

--*/

#include "legacy.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, LegacyUnload)
#pragma alloc_text(PAGE, LegacyCreate)
#pragma alloc_text(PAGE, LegacyClose)
#pragma alloc_text(PAGE, LegacyLogWrite)
#endif

static
VOID
LegacyLogOpen(
    _Inout_ PLEGACY_DEVICE_EXTENSION Extension
    )
/*++

Routine Description:

    Opens (or creates) the log file for appending. A driver that cannot log
    still works: the handle stays NULL and log requests fail.

--*/
{
    UNICODE_STRING logName;
    OBJECT_ATTRIBUTES attributes;
    IO_STATUS_BLOCK ioStatus;
    NTSTATUS status;

    RtlInitUnicodeString(&logName, LEGACY_LOG_FILE);

    //
    // DriverEntry runs in the system process: the handle must be a kernel
    // handle, or any process could use it later.
    //
    InitializeObjectAttributes(&attributes,
                               &logName,
                               OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
                               NULL,
                               NULL);

    status = ZwCreateFile(&Extension->LogHandle,
                          FILE_APPEND_DATA | SYNCHRONIZE,
                          &attributes,
                          &ioStatus,
                          NULL,
                          FILE_ATTRIBUTE_NORMAL,
                          FILE_SHARE_READ,
                          FILE_OPEN_IF,
                          FILE_SYNCHRONOUS_IO_NONALERT | FILE_NON_DIRECTORY_FILE,
                          NULL,
                          0);

    if (!NT_SUCCESS(status)) {
        LegacyPrint("cannot open the log file (0x%08X)\n", status);
        Extension->LogHandle = NULL;
    }
}

NTSTATUS
LegacyLogWrite(
    _In_ PLEGACY_DEVICE_EXTENSION Extension,
    _In_reads_bytes_(Length) PVOID Message,
    _In_ ULONG Length
    )
/*++

Routine Description:

    Appends one line to the log file. Message is kernel memory (the system
    buffer or a literal); it is copied to the scratch buffer with the line
    end, so the file gets one write per line.

--*/
{
    IO_STATUS_BLOCK ioStatus;
    NTSTATUS status;

    PAGED_CODE();

    if (Extension->LogHandle == NULL) {
        return STATUS_DEVICE_NOT_READY;
    }

    if (Length == 0 || Length > LEGACY_MAX_LOG) {
        return STATUS_INVALID_PARAMETER;
    }

    RtlCopyMemory(Extension->Scratch, Message, Length);
    Extension->Scratch[Length] = '\r';
    Extension->Scratch[Length + 1] = '\n';

    status = ZwWriteFile(Extension->LogHandle,
                         NULL,
                         NULL,
                         NULL,
                         &ioStatus,
                         Extension->Scratch,
                         Length + 2,
                         NULL,
                         NULL);

    if (NT_SUCCESS(status)) {
        Extension->BytesLogged += (ULONG)ioStatus.Information;
    }

    return status;
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNICODE_STRING deviceName;
    UNICODE_STRING dosDeviceName;
    PDEVICE_OBJECT deviceObject = NULL;
    PLEGACY_DEVICE_EXTENSION extension;
    NTSTATUS status;
    static CHAR loaded[] = "LegacyWdm loaded";

    UNREFERENCED_PARAMETER(RegistryPath);

    LegacyPrint("DriverEntry\n");

    RtlInitUnicodeString(&deviceName, LEGACY_DEVICE_NAME);

    status = IoCreateDevice(DriverObject,
                            sizeof(LEGACY_DEVICE_EXTENSION),
                            &deviceName,
                            FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN,
                            FALSE,
                            &deviceObject);

    if (!NT_SUCCESS(status)) {
        LegacyPrint("IoCreateDevice failed 0x%08X\n", status);
        return status;
    }

    extension = deviceObject->DeviceExtension;
    RtlZeroMemory(extension, sizeof(LEGACY_DEVICE_EXTENSION));

    extension->Scratch = ExAllocatePoolWithTag(PagedPool,
                                               LEGACY_MAX_LOG + 2,
                                               LEGACY_TAG_SCRATCH);

    if (extension->Scratch == NULL) {
        IoDeleteDevice(deviceObject);
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    RtlInitUnicodeString(&dosDeviceName, LEGACY_DOS_DEVICE_NAME);

    status = IoCreateSymbolicLink(&dosDeviceName, &deviceName);

    if (!NT_SUCCESS(status)) {
        LegacyPrint("IoCreateSymbolicLink failed 0x%08X\n", status);
        ExFreePoolWithTag(extension->Scratch, LEGACY_TAG_SCRATCH);
        IoDeleteDevice(deviceObject);
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = LegacyCreate;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = LegacyClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = LegacyDeviceControl;
    DriverObject->DriverUnload = LegacyUnload;

    deviceObject->Flags |= DO_BUFFERED_IO;
    deviceObject->Flags &= ~DO_DEVICE_INITIALIZING;

    LegacyLogOpen(extension);
    LegacyLogWrite(extension, loaded, sizeof(loaded) - 1);

    KdPrint(("LegacyWdm: loaded, log handle %p\n", extension->LogHandle));

    return STATUS_SUCCESS;
}

VOID
LegacyUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    PDEVICE_OBJECT deviceObject = DriverObject->DeviceObject;
    PLEGACY_DEVICE_EXTENSION extension = deviceObject->DeviceExtension;
    UNICODE_STRING dosDeviceName;
    static CHAR unloaded[] = "LegacyWdm unloaded";

    PAGED_CODE();

    if (extension->LogHandle != NULL) {
        LegacyLogWrite(extension, unloaded, sizeof(unloaded) - 1);
        ZwClose(extension->LogHandle);
        extension->LogHandle = NULL;
    }

    ExFreePoolWithTag(extension->Scratch, LEGACY_TAG_SCRATCH);

    RtlInitUnicodeString(&dosDeviceName, LEGACY_DOS_DEVICE_NAME);
    IoDeleteSymbolicLink(&dosDeviceName);
    IoDeleteDevice(deviceObject);

    LegacyPrint("unloaded\n");
}

NTSTATUS
LegacyCreate(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
/*++

Routine Description:

    Opens a handle. The per-handle state goes to the opener's session pool:
    IRP_MJ_CREATE runs in the context of the process that opens the device.

--*/
{
    PLEGACY_DEVICE_EXTENSION extension = DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION irpStack = IoGetCurrentIrpStackLocation(Irp);
    PLEGACY_OPEN_CONTEXT context;
    NTSTATUS status = STATUS_SUCCESS;

    PAGED_CODE();

    context = ExAllocatePoolWithTag(PagedPoolSession,
                                    sizeof(LEGACY_OPEN_CONTEXT),
                                    LEGACY_TAG_OPEN);

    if (context == NULL) {
        status = STATUS_INSUFFICIENT_RESOURCES;
    } else {
        RtlZeroMemory(context, sizeof(LEGACY_OPEN_CONTEXT));
        irpStack->FileObject->FsContext = context;
        InterlockedIncrement(&extension->Opens);
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);

    return status;
}

NTSTATUS
LegacyClose(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PIO_STACK_LOCATION irpStack = IoGetCurrentIrpStackLocation(Irp);

    UNREFERENCED_PARAMETER(DeviceObject);
    PAGED_CODE();

    if (irpStack->FileObject->FsContext != NULL) {
        ExFreePoolWithTag(irpStack->FileObject->FsContext, LEGACY_TAG_OPEN);
        irpStack->FileObject->FsContext = NULL;
    }

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);

    return STATUS_SUCCESS;
}
