/*++

Module Name:

    driver.c

Abstract:

    DirectIoMdl: a test driver written the way public WDM samples move bulk
    data, with direct I/O. Driver entry, unload, create and close; the
    device control requests are in ioctl.c.

Environment:

    Kernel mode only.

--*/

#include "dio.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, DioUnload)
#pragma alloc_text(PAGE, DioCreate)
#pragma alloc_text(PAGE, DioClose)
#endif

static
VOID
DioFreeExtension(
    _Inout_ PDIO_DEVICE_EXTENSION Extension
    )
{
    if (Extension->Table != NULL) {
        ExFreePoolWithTag(Extension->Table, DIO_TAG_TABLE);
        Extension->Table = NULL;
    }

    if (Extension->History != NULL) {
        ExFreePoolWithTag(Extension->History, DIO_TAG_HISTORY);
        Extension->History = NULL;
    }
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
    PDIO_DEVICE_EXTENSION extension;
    NTSTATUS status;
    ULONG index;

    UNREFERENCED_PARAMETER(RegistryPath);

    DioPrint("DriverEntry\n");

    RtlInitUnicodeString(&deviceName, DIO_DEVICE_NAME);

    status = IoCreateDevice(DriverObject,
                            sizeof(DIO_DEVICE_EXTENSION),
                            &deviceName,
                            FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN,
                            FALSE,
                            &deviceObject);

    if (!NT_SUCCESS(status)) {
        DioPrint("IoCreateDevice failed 0x%08X\n", status);
        return status;
    }

    extension = deviceObject->DeviceExtension;
    RtlZeroMemory(extension, sizeof(DIO_DEVICE_EXTENSION));

    KeInitializeSpinLock(&extension->StateLock);
    ExInitializeFastMutex(&extension->TableLock);

    extension->History = ExAllocatePoolWithTag(NonPagedPoolNx,
                                               sizeof(DIO_HISTORY),
                                               DIO_TAG_HISTORY);

    extension->Table = ExAllocatePoolWithTag(PagedPool,
                                             DIO_TABLE_SIZE,
                                             DIO_TAG_TABLE);

    if (extension->History == NULL || extension->Table == NULL) {
        DioFreeExtension(extension);
        IoDeleteDevice(deviceObject);
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    RtlZeroMemory(extension->History, sizeof(DIO_HISTORY));

    //
    // The default table is a permutation: an odd multiplier modulo 256.
    //
    for (index = 0; index < DIO_TABLE_SIZE; index++) {
        extension->Table[index] = (UCHAR)(index * 7 + 3);
    }

    RtlInitUnicodeString(&dosDeviceName, DIO_DOS_DEVICE_NAME);

    status = IoCreateSymbolicLink(&dosDeviceName, &deviceName);

    if (!NT_SUCCESS(status)) {
        DioPrint("IoCreateSymbolicLink failed 0x%08X\n", status);
        DioFreeExtension(extension);
        IoDeleteDevice(deviceObject);
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = DioCreate;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = DioClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = DioDeviceControl;
    DriverObject->DriverUnload = DioUnload;

    deviceObject->Flags |= DO_DIRECT_IO;
    deviceObject->Flags &= ~DO_DEVICE_INITIALIZING;

    KdPrint(("DirectIoMdl: loaded, extension %p\n", extension));

    return STATUS_SUCCESS;
}

VOID
DioUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    PDEVICE_OBJECT deviceObject = DriverObject->DeviceObject;
    UNICODE_STRING dosDeviceName;

    PAGED_CODE();

    DioFreeExtension(deviceObject->DeviceExtension);

    RtlInitUnicodeString(&dosDeviceName, DIO_DOS_DEVICE_NAME);
    IoDeleteSymbolicLink(&dosDeviceName);
    IoDeleteDevice(deviceObject);

    DioPrint("unloaded\n");
}

NTSTATUS
DioCreate(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
/*++

Routine Description:

    Opens a handle. IRP_MJ_CREATE runs in the opener's process, so the
    per-handle state goes to that session's paged pool.

--*/
{
    PDIO_DEVICE_EXTENSION extension = DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION irpStack = IoGetCurrentIrpStackLocation(Irp);
    PDIO_OPEN_CONTEXT context;
    NTSTATUS status = STATUS_SUCCESS;

    PAGED_CODE();

    context = ExAllocatePoolWithTag(PagedPoolSession,
                                    sizeof(DIO_OPEN_CONTEXT),
                                    DIO_TAG_OPEN);

    if (context == NULL) {
        status = STATUS_INSUFFICIENT_RESOURCES;
    } else {
        RtlZeroMemory(context, sizeof(DIO_OPEN_CONTEXT));
        irpStack->FileObject->FsContext = context;
        InterlockedIncrement(&extension->Opens);
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);

    return status;
}

NTSTATUS
DioClose(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PIO_STACK_LOCATION irpStack = IoGetCurrentIrpStackLocation(Irp);

    UNREFERENCED_PARAMETER(DeviceObject);
    PAGED_CODE();

    if (irpStack->FileObject->FsContext != NULL) {
        ExFreePoolWithTag(irpStack->FileObject->FsContext, DIO_TAG_OPEN);
        irpStack->FileObject->FsContext = NULL;
    }

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);

    return STATUS_SUCCESS;
}
