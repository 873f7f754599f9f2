/*++

Module Name:

    driver.c

Abstract:

    FileLogger: a test driver that keeps a log of the requests it serves in a
    file, with the Zw file routines. Driver entry and unload, create and
    close, and the log file itself. The control codes are in ioctl.c.

Environment:

    Kernel mode only, PASSIVE_LEVEL.

--*/

#include "flog.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, FlogUnload)
#pragma alloc_text(PAGE, FlogCreate)
#pragma alloc_text(PAGE, FlogClose)
#pragma alloc_text(PAGE, FlogWriteRecord)
#pragma alloc_text(PAGE, FlogQueryRecordCount)
#endif

static
NTSTATUS
FlogOpenLog(
    _Inout_ PFLOG_DEVICE_EXTENSION Extension
    )
/*++

Routine Description:

    Creates the log folder if it is not there, then opens (or creates) the
    log inside it, relative to the folder's handle. The log is kept across
    loads: numbering goes on from the records already in it.

--*/
{
    UNICODE_STRING folderName;
    UNICODE_STRING logName;
    OBJECT_ATTRIBUTES attributes;
    IO_STATUS_BLOCK ioStatus;
    HANDLE folder = NULL;
    ULONGLONG records = 0;
    NTSTATUS status;

    RtlInitUnicodeString(&folderName, FLOG_LOG_FOLDER);

    //
    // A kernel handle: DriverEntry runs in the system process, and the
    // handle must not be usable from any user process.
    //
    InitializeObjectAttributes(&attributes,
                               &folderName,
                               OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE,
                               NULL,
                               NULL);

    status = ZwCreateFile(&folder,
                          FILE_LIST_DIRECTORY | SYNCHRONIZE,
                          &attributes,
                          &ioStatus,
                          NULL,
                          FILE_ATTRIBUTE_NORMAL,
                          FILE_SHARE_READ | FILE_SHARE_WRITE,
                          FILE_OPEN_IF,
                          FILE_DIRECTORY_FILE | FILE_SYNCHRONOUS_IO_NONALERT,
                          NULL,
                          0);

    if (!NT_SUCCESS(status)) {
        FlogPrint("cannot open the log folder (0x%08X)\n", status);
        return status;
    }

    RtlInitUnicodeString(&logName, FLOG_LOG_NAME);

    InitializeObjectAttributes(&attributes,
                               &logName,
                               OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE,
                               folder,
                               NULL);

    //
    // Read access for IOCTL_FLOG_READ and the export; append-only writes, so
    // every record goes to the end of the file.
    //
    status = ZwCreateFile(&Extension->LogHandle,
                          FILE_READ_DATA | FILE_APPEND_DATA | SYNCHRONIZE,
                          &attributes,
                          &ioStatus,
                          NULL,
                          FILE_ATTRIBUTE_NORMAL,
                          FILE_SHARE_READ,
                          FILE_OPEN_IF,
                          FILE_NON_DIRECTORY_FILE | FILE_SYNCHRONOUS_IO_NONALERT,
                          NULL,
                          0);

    ZwClose(folder);

    if (!NT_SUCCESS(status)) {
        FlogPrint("cannot open the log (0x%08X)\n", status);
        Extension->LogHandle = NULL;
        return status;
    }

    FlogDebug("log %s\n", ioStatus.Information == FILE_CREATED ? "created" : "opened");

    status = FlogQueryRecordCount(Extension->LogHandle, &records);

    if (NT_SUCCESS(status)) {
        Extension->NextSequence = (LONG)records;
    }

    return status;
}

NTSTATUS
FlogQueryRecordCount(
    _In_ HANDLE FileHandle,
    _Out_ PULONGLONG Records
    )
{
    FILE_STANDARD_INFORMATION standard;
    IO_STATUS_BLOCK ioStatus;
    NTSTATUS status;

    PAGED_CODE();

    *Records = 0;

    status = ZwQueryInformationFile(FileHandle,
                                    &ioStatus,
                                    &standard,
                                    sizeof(standard),
                                    FileStandardInformation);

    if (NT_SUCCESS(status)) {
        *Records = (ULONGLONG)standard.EndOfFile.QuadPart / sizeof(FLOG_RECORD);
    }

    return status;
}

NTSTATUS
FlogWriteRecord(
    _In_ PFLOG_DEVICE_EXTENSION Extension,
    _In_ ULONG IoControlCode,
    _In_ NTSTATUS Status,
    _In_ ULONG Tag,
    _In_reads_bytes_opt_(DataLength) const UCHAR *Data,
    _In_ ULONG DataLength
    )
/*++

Routine Description:

    Appends one record. Data is kernel memory (a captured copy), at most
    FLOG_RECORD_DATA bytes.

--*/
{
    FLOG_RECORD record;
    IO_STATUS_BLOCK ioStatus;

    PAGED_CODE();

    if (Extension->LogHandle == NULL) {
        return STATUS_DEVICE_NOT_READY;
    }

    if (DataLength > FLOG_RECORD_DATA) {
        return STATUS_INVALID_PARAMETER;
    }

    //
    // The whole record is zeroed first: its unused data bytes go to a file
    // any administrator can read.
    //
    RtlZeroMemory(&record, sizeof(record));
    record.Sequence = (ULONG)InterlockedIncrement(&Extension->NextSequence) - 1;
    record.IoControlCode = IoControlCode;
    record.Status = Status;
    record.Tag = Tag;
    record.DataLength = DataLength;

    if (DataLength != 0) {
        RtlCopyMemory(record.Data, Data, DataLength);
    }

    return ZwWriteFile(Extension->LogHandle,
                       NULL,
                       NULL,
                       NULL,
                       &ioStatus,
                       &record,
                       sizeof(record),
                       NULL,
                       NULL);
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
    PFLOG_DEVICE_EXTENSION extension;
    NTSTATUS status;
    static const UCHAR loaded[] = "FileLogger loaded";

    UNREFERENCED_PARAMETER(RegistryPath);

    FlogPrint("DriverEntry\n");

    RtlInitUnicodeString(&deviceName, FLOG_DEVICE_NAME);

    status = IoCreateDevice(DriverObject,
                            sizeof(FLOG_DEVICE_EXTENSION),
                            &deviceName,
                            FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN,
                            FALSE,
                            &deviceObject);

    if (!NT_SUCCESS(status)) {
        FlogPrint("IoCreateDevice failed 0x%08X\n", status);
        return status;
    }

    extension = deviceObject->DeviceExtension;
    RtlZeroMemory(extension, sizeof(FLOG_DEVICE_EXTENSION));

    status = FlogOpenLog(extension);

    if (!NT_SUCCESS(status)) {
        if (extension->LogHandle != NULL) {
            ZwClose(extension->LogHandle);
        }
        IoDeleteDevice(deviceObject);
        return status;
    }

    RtlInitUnicodeString(&dosDeviceName, FLOG_DOS_DEVICE_NAME);

    status = IoCreateSymbolicLink(&dosDeviceName, &deviceName);

    if (!NT_SUCCESS(status)) {
        FlogPrint("IoCreateSymbolicLink failed 0x%08X\n", status);
        ZwClose(extension->LogHandle);
        IoDeleteDevice(deviceObject);
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = FlogCreate;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = FlogClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = FlogDeviceControl;
    DriverObject->DriverUnload = FlogUnload;

    deviceObject->Flags &= ~DO_DEVICE_INITIALIZING;

    FlogWriteRecord(extension, 0, STATUS_SUCCESS, 0, loaded, sizeof(loaded) - 1);

    KdPrint(("FileLogger: loaded, log handle %p, next record %d\n",
             extension->LogHandle,
             extension->NextSequence));

    return STATUS_SUCCESS;
}

VOID
FlogUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    PDEVICE_OBJECT deviceObject = DriverObject->DeviceObject;
    PFLOG_DEVICE_EXTENSION extension = deviceObject->DeviceExtension;
    UNICODE_STRING dosDeviceName;
    IO_STATUS_BLOCK ioStatus;

    PAGED_CODE();

    if (extension->LogHandle != NULL) {
        ZwFlushBuffersFile(extension->LogHandle, &ioStatus);
        ZwClose(extension->LogHandle);
        extension->LogHandle = NULL;
    }

    RtlInitUnicodeString(&dosDeviceName, FLOG_DOS_DEVICE_NAME);
    IoDeleteSymbolicLink(&dosDeviceName);
    IoDeleteDevice(deviceObject);

    FlogPrint("unloaded\n");
}

NTSTATUS
FlogCreate(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PIO_STACK_LOCATION irpStack = IoGetCurrentIrpStackLocation(Irp);
    PFLOG_OPEN_CONTEXT context;
    NTSTATUS status = STATUS_SUCCESS;

    UNREFERENCED_PARAMETER(DeviceObject);
    PAGED_CODE();

    context = ExAllocatePoolWithTag(PagedPoolSession,
                                    sizeof(FLOG_OPEN_CONTEXT),
                                    FLOG_TAG_OPEN);

    if (context == NULL) {
        status = STATUS_INSUFFICIENT_RESOURCES;
    } else {
        RtlZeroMemory(context, sizeof(FLOG_OPEN_CONTEXT));
        irpStack->FileObject->FsContext = context;
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);

    return status;
}

NTSTATUS
FlogClose(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PIO_STACK_LOCATION irpStack = IoGetCurrentIrpStackLocation(Irp);

    UNREFERENCED_PARAMETER(DeviceObject);
    PAGED_CODE();

    if (irpStack->FileObject->FsContext != NULL) {
        ExFreePoolWithTag(irpStack->FileObject->FsContext, FLOG_TAG_OPEN);
        irpStack->FileObject->FsContext = NULL;
    }

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);

    return STATUS_SUCCESS;
}
