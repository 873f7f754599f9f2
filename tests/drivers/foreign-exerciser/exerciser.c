/*
 * foreign-exerciser: a test-only WDM driver for what the shim gained for foreign drivers: the Zw
 * file routines against the sandbox, and every POOL_TYPE. Built with gcc -Werror like the
 * shim-exerciser, so the new headers stay clean under our own warning set too.
 */
#include <ntddk.h>
#include "foreign_exerciser_ioctl.h"

#define EXERCISER_TAG 'xErF'

DRIVER_INITIALIZE DriverEntry;
static DRIVER_DISPATCH ExerciserCreateClose;
static DRIVER_DISPATCH ExerciserDeviceControl;
static DRIVER_UNLOAD ExerciserUnload;

static NTSTATUS Create(PFOREIGN_FILE_REQUEST Request, PHANDLE Handle, PIO_STATUS_BLOCK IoStatus)
{
    UNICODE_STRING name;
    OBJECT_ATTRIBUTES attributes;
    Request->Name[FOREIGN_NAME_CHARS - 1] = 0;
    RtlInitUnicodeString(&name, Request->Name);
    InitializeObjectAttributes(&attributes, &name, Request->Attributes, NULL, NULL);
    if (Request->Operation == FOREIGN_FILE_OPEN_FILE)
        return ZwOpenFile(Handle, Request->DesiredAccess, &attributes, IoStatus, Request->Share, Request->Options);
    return ZwCreateFile(Handle, Request->DesiredAccess, &attributes, IoStatus, NULL, FILE_ATTRIBUTE_NORMAL,
                        Request->Share, Request->Disposition, Request->Options, NULL, 0);
}

static VOID FileRequest(PFOREIGN_FILE_REQUEST Request, PFOREIGN_FILE_REPLY Reply)
{
    HANDLE handle = NULL;
    IO_STATUS_BLOCK ioStatus = { 0 };
    RtlZeroMemory(Reply, sizeof(*Reply));
    if (Request->Operation == FOREIGN_FILE_CLOSE_BOGUS) {
        Reply->CloseStatus = ZwClose((HANDLE)(ULONG_PTR)0x1234);
        return;
    }
    Reply->CreateStatus = Create(Request, &handle, &ioStatus);
    Reply->CreateInformation = ioStatus.Information;
    if (!NT_SUCCESS(Reply->CreateStatus))
        return;

    IO_STATUS_BLOCK transfer = { 0 };
    LARGE_INTEGER offset;
    switch (Request->Operation) {
    case FOREIGN_FILE_WRITE:
        offset.LowPart = FILE_WRITE_TO_END_OF_FILE;
        offset.HighPart = -1;
        Reply->IoStatus = ZwWriteFile(handle, NULL, NULL, NULL, &transfer, Request->Data,
                                      min(Request->DataLength, FOREIGN_DATA_BYTES), &offset, NULL);
        break;
    case FOREIGN_FILE_READ:
        offset.QuadPart = Request->ReadOffset;
        Reply->IoStatus = ZwReadFile(handle, NULL, NULL, NULL, &transfer, Reply->Data, FOREIGN_DATA_BYTES, &offset, NULL);
        break;
    case FOREIGN_FILE_QUERY: {
        FILE_STANDARD_INFORMATION standard;
        Reply->IoStatus = ZwQueryInformationFile(handle, &transfer, &standard, sizeof(standard), FileStandardInformation);
        if (NT_SUCCESS(Reply->IoStatus)) {
            Reply->EndOfFile = standard.EndOfFile.QuadPart;
            Reply->Directory = standard.Directory;
        }
        break;
    }
    case FOREIGN_FILE_OPEN_TWICE: {
        HANDLE second = NULL;
        Reply->IoStatus = Create(Request, &second, &transfer);
        if (NT_SUCCESS(Reply->IoStatus))
            ZwClose(second);
        break;
    }
    default:
        break;
    }
    Reply->IoInformation = transfer.Information;
    Reply->CloseStatus = ZwClose(handle);
}

/* Every POOL_TYPE the DDK declares (ne-wdm-_pool_type) through both allocators, written and freed. */
static ULONG AllocateEveryPoolType(void)
{
    static const POOL_TYPE types[] = {
        NonPagedPool, NonPagedPoolExecute, PagedPool, NonPagedPoolMustSucceed, DontUseThisType,
        NonPagedPoolCacheAligned, PagedPoolCacheAligned, NonPagedPoolCacheAlignedMustS, MaxPoolType,
        NonPagedPoolBase, NonPagedPoolBaseMustSucceed, NonPagedPoolBaseCacheAligned,
        NonPagedPoolBaseCacheAlignedMustS, NonPagedPoolSession, PagedPoolSession, NonPagedPoolMustSucceedSession,
        DontUseThisTypeSession, NonPagedPoolCacheAlignedSession, PagedPoolCacheAlignedSession,
        NonPagedPoolCacheAlignedMustSSession, NonPagedPoolNx, NonPagedPoolNxCacheAligned, NonPagedPoolSessionNx,
    };
    ULONG allocated = 0;
    for (ULONG i = 0; i < RTL_NUMBER_OF(types); i++) {
        PUCHAR tagged = ExAllocatePoolWithTag(types[i], 64, EXERCISER_TAG);
        PUCHAR untagged = ExAllocatePool(types[i], 64);
        if (tagged != NULL && untagged != NULL) {
            RtlFillMemory(tagged, 64, 0x5A);
            RtlFillMemory(untagged, 64, 0xA5);
            allocated++;
        }
        if (tagged != NULL)
            ExFreePoolWithTag(tagged, EXERCISER_TAG);
        if (untagged != NULL)
            ExFreePool(untagged);
    }
    return allocated;
}

static NTSTATUS ExerciserDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    ULONG in = stack->Parameters.DeviceIoControl.InputBufferLength;
    ULONG out = stack->Parameters.DeviceIoControl.OutputBufferLength;
    PVOID buffer = Irp->AssociatedIrp.SystemBuffer;
    NTSTATUS status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    switch (stack->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_FOREIGN_FILE: {
        if (in < sizeof(FOREIGN_FILE_REQUEST) || out < sizeof(FOREIGN_FILE_REPLY)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        FOREIGN_FILE_REQUEST request;
        RtlCopyMemory(&request, buffer, sizeof(request));
        FileRequest(&request, (PFOREIGN_FILE_REPLY)buffer);
        Irp->IoStatus.Information = sizeof(FOREIGN_FILE_REPLY);
        break;
    }
    case IOCTL_FOREIGN_POOL_TYPES:
        if (out < sizeof(ULONG)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        *(PULONG)buffer = AllocateEveryPoolType();
        Irp->IoStatus.Information = sizeof(ULONG);
        break;
    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }
    Irp->IoStatus.Status = status;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

static NTSTATUS ExerciserCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

static VOID ExerciserUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING link = RTL_CONSTANT_STRING(L"\\DosDevices\\ForeignExerciser");
    IoDeleteSymbolicLink(&link);
    IoDeleteDevice(DriverObject->DeviceObject);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\ForeignExerciser");
    UNICODE_STRING link = RTL_CONSTANT_STRING(L"\\DosDevices\\ForeignExerciser");
    PDEVICE_OBJECT device;
    NTSTATUS status = IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN, FALSE, &device);
    if (!NT_SUCCESS(status))
        return status;
    status = IoCreateSymbolicLink(&link, &name);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(device);
        return status;
    }
    DriverObject->MajorFunction[IRP_MJ_CREATE] = ExerciserCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = ExerciserCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = ExerciserDeviceControl;
    DriverObject->DriverUnload = ExerciserUnload;
    device->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}
