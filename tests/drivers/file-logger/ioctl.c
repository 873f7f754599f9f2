/*++

Module Name:

    ioctl.c

Abstract:

    IRP_MJ_DEVICE_CONTROL of the FileLogger test driver.

    The METHOD_NEITHER requests get the caller's raw pointers. Each one checks
    the lengths it was given before it touches anything, probes the caller's
    memory inside try/except, reads each header once into a local and works
    only from that captured copy afterwards: the caller can change or free
    its pages at any moment. Sizes computed from caller data are checked for
    overflow (ntintsafe.h).

Environment:

    Kernel mode only, PASSIVE_LEVEL (the Zw file routines require it).

--*/

#include "flog.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, FlogDeviceControl)
#endif

static
NTSTATUS
FlogQuery(
    _In_ PFLOG_DEVICE_EXTENSION Extension,
    _In_ PIRP Irp,
    _In_ PIO_STACK_LOCATION IrpStack
    )
{
    FLOG_INFO info;
    NTSTATUS status;

    if (IrpStack->Parameters.DeviceIoControl.OutputBufferLength < sizeof(FLOG_INFO)) {
        return STATUS_BUFFER_TOO_SMALL;
    }

    RtlZeroMemory(&info, sizeof(info));
    info.Version = FLOG_VERSION;
    info.RecordSize = sizeof(FLOG_RECORD);
    info.Requests = (ULONG)Extension->Requests;
    info.Failures = (ULONG)Extension->Failures;

    status = FlogQueryRecordCount(Extension->LogHandle, &info.Records);

    if (NT_SUCCESS(status)) {
        RtlCopyMemory(Irp->AssociatedIrp.SystemBuffer, &info, sizeof(FLOG_INFO));
        Irp->IoStatus.Information = sizeof(FLOG_INFO);
    }

    return status;
}

static
NTSTATUS
FlogCaptureRequest(
    _In_ PVOID UserRequest,
    _In_ ULONG InputLength,
    _Out_writes_bytes_(HeaderLength) PVOID Header,
    _In_ ULONG HeaderLength,
    _In_opt_ const ULONG *TrailerLength
    )
/*++

Routine Description:

    Probes a METHOD_NEITHER request for read, all InputLength bytes of it,
    ULONG-aligned, and copies its fixed header once: only the copy may be
    looked at afterwards.

    TrailerLength, when given, points into the copied header at the count of
    bytes that follow the header: header plus trailer must not wrap
    (STATUS_INTEGER_OVERFLOW) and must fit in what the caller declared.

--*/
{
    ULONG needed;
    NTSTATUS status = STATUS_SUCCESS;

    if (InputLength < HeaderLength) {
        return STATUS_INVALID_PARAMETER;
    }

    try {
        ProbeForRead(UserRequest, InputLength, sizeof(ULONG));
        RtlCopyMemory(Header, UserRequest, HeaderLength);
    } except (EXCEPTION_EXECUTE_HANDLER) {
        status = GetExceptionCode();
    }

    if (!NT_SUCCESS(status) || TrailerLength == NULL) {
        return status;
    }

    status = RtlULongAdd(HeaderLength, *TrailerLength, &needed);

    if (!NT_SUCCESS(status)) {
        return status;
    }

    return needed <= InputLength ? STATUS_SUCCESS : STATUS_INVALID_PARAMETER;
}

static
NTSTATUS
FlogAppend(
    _In_ PFLOG_DEVICE_EXTENSION Extension,
    _In_ PIO_STACK_LOCATION IrpStack
    )
/*++

Routine Description:

    Logs the caller's data (FLOG_APPEND_REQUEST, METHOD_NEITHER) in records
    of FLOG_RECORD_DATA bytes.

--*/
{
    PFLOG_APPEND_REQUEST request = IrpStack->Parameters.DeviceIoControl.Type3InputBuffer;
    ULONG inputLength = IrpStack->Parameters.DeviceIoControl.InputBufferLength;
    FLOG_APPEND_REQUEST header;
    ULONG length;
    ULONG offset;
    ULONG chunk;
    PUCHAR data;
    NTSTATUS status;

    status = FlogCaptureRequest(request,
                                inputLength,
                                &header,
                                FIELD_OFFSET(FLOG_APPEND_REQUEST, Data),
                                &header.Length);

    if (!NT_SUCCESS(status)) {
        return status;
    }

    //
    // From here on only the captured Length counts.
    //
    length = header.Length;

    if (length == 0 || length > FLOG_MAX_APPEND) {
        return STATUS_INVALID_PARAMETER;
    }

    data = ExAllocatePoolWithTag(PagedPool, length, FLOG_TAG_DATA);

    if (data == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    try {
        RtlCopyMemory(data, request->Data, length);
    } except (EXCEPTION_EXECUTE_HANDLER) {
        status = GetExceptionCode();
    }

    for (offset = 0; NT_SUCCESS(status) && offset < length; offset += chunk) {
        chunk = min(length - offset, FLOG_RECORD_DATA);
        status = FlogWriteRecord(Extension, IOCTL_FLOG_APPEND, STATUS_SUCCESS, header.Tag, data + offset, chunk);
    }

    FlogDebug("appended %u bytes with tag %08X: 0x%08X\n", length, header.Tag, status);

    ExFreePoolWithTag(data, FLOG_TAG_DATA);

    return status;
}

static
NTSTATUS
FlogRead(
    _In_ PFLOG_DEVICE_EXTENSION Extension,
    _In_ PIRP Irp,
    _In_ PIO_STACK_LOCATION IrpStack
    )
/*++

Routine Description:

    Returns records of the log (FLOG_READ_REQUEST, METHOD_NEITHER): read into
    pool with ZwReadFile, then copied to the caller's output. Information is
    what the file had, which is less than asked near its end.

--*/
{
    PFLOG_READ_REQUEST userRequest = IrpStack->Parameters.DeviceIoControl.Type3InputBuffer;
    ULONG inputLength = IrpStack->Parameters.DeviceIoControl.InputBufferLength;
    ULONG outputLength = IrpStack->Parameters.DeviceIoControl.OutputBufferLength;
    PVOID output = Irp->UserBuffer;
    FLOG_READ_REQUEST request;
    IO_STATUS_BLOCK ioStatus;
    LARGE_INTEGER byteOffset;
    ULONG bytes;
    ULONG read;
    PVOID records;
    NTSTATUS status;

    status = FlogCaptureRequest(userRequest, inputLength, &request, sizeof(FLOG_READ_REQUEST), NULL);

    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = RtlULongMult(request.Count, sizeof(FLOG_RECORD), &bytes);

    if (!NT_SUCCESS(status)) {
        return status;
    }

    if (request.Count == 0 || request.Count > FLOG_MAX_READ) {
        return STATUS_INVALID_PARAMETER;
    }

    if (outputLength < bytes) {
        return STATUS_BUFFER_TOO_SMALL;
    }

    records = ExAllocatePoolWithTag(PagedPool, bytes, FLOG_TAG_COPY);

    if (records == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    byteOffset.QuadPart = (LONGLONG)request.FirstRecord * sizeof(FLOG_RECORD);

    status = ZwReadFile(Extension->LogHandle,
                        NULL,
                        NULL,
                        NULL,
                        &ioStatus,
                        records,
                        bytes,
                        &byteOffset,
                        NULL);

    if (NT_SUCCESS(status)) {

        //
        // Only the bytes the file gave: the rest of the pool block is not
        // initialized.
        //
        read = (ULONG)ioStatus.Information;

        try {
            ProbeForWrite(output, read, sizeof(ULONG));
            RtlCopyMemory(output, records, read);
            Irp->IoStatus.Information = read;
        } except (EXCEPTION_EXECUTE_HANDLER) {
            status = GetExceptionCode();
        }
    }

    ExFreePoolWithTag(records, FLOG_TAG_COPY);

    return status;
}

static
NTSTATUS
FlogCopyLog(
    _In_ PFLOG_DEVICE_EXTENSION Extension,
    _In_ HANDLE Target
    )
{
    IO_STATUS_BLOCK ioStatus;
    LARGE_INTEGER byteOffset;
    PVOID chunk;
    NTSTATUS status;

    chunk = ExAllocatePoolWithTag(PagedPool, FLOG_COPY_CHUNK, FLOG_TAG_COPY);

    if (chunk == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    byteOffset.QuadPart = 0;

    for (;;) {
        status = ZwReadFile(Extension->LogHandle,
                            NULL,
                            NULL,
                            NULL,
                            &ioStatus,
                            chunk,
                            FLOG_COPY_CHUNK,
                            &byteOffset,
                            NULL);

        if (status == STATUS_END_OF_FILE) {
            status = STATUS_SUCCESS;
            break;
        }

        if (!NT_SUCCESS(status) || ioStatus.Information == 0) {
            break;
        }

        byteOffset.QuadPart += ioStatus.Information;

        status = ZwWriteFile(Target,
                             NULL,
                             NULL,
                             NULL,
                             &ioStatus,
                             chunk,
                             (ULONG)ioStatus.Information,
                             NULL,
                             NULL);

        if (!NT_SUCCESS(status)) {
            break;
        }
    }

    ExFreePoolWithTag(chunk, FLOG_TAG_COPY);

    return status;
}

static
NTSTATUS
FlogExport(
    _In_ PFLOG_DEVICE_EXTENSION Extension,
    _In_ PIO_STACK_LOCATION IrpStack
    )
/*++

Routine Description:

    Copies the log to a file the caller names (FLOG_EXPORT_REQUEST,
    METHOD_NEITHER).

    The name comes from user mode, and a Zw call from a driver runs with
    kernel previous mode: without OBJ_FORCE_ACCESS_CHECK the open would not be
    checked against the caller, who could then overwrite any file on the
    machine. With it, the caller gets exactly the access its own token gives.

--*/
{
    PFLOG_EXPORT_REQUEST request = IrpStack->Parameters.DeviceIoControl.Type3InputBuffer;
    ULONG inputLength = IrpStack->Parameters.DeviceIoControl.InputBufferLength;
    FLOG_EXPORT_REQUEST header;
    ULONG nameLength;
    PWCHAR name;
    UNICODE_STRING fileName;
    OBJECT_ATTRIBUTES attributes;
    IO_STATUS_BLOCK ioStatus;
    HANDLE target;
    NTSTATUS status;

    status = FlogCaptureRequest(request,
                                inputLength,
                                &header,
                                FIELD_OFFSET(FLOG_EXPORT_REQUEST, Name),
                                &header.NameLength);

    if (!NT_SUCCESS(status)) {
        return status;
    }

    nameLength = header.NameLength;

    if (header.Flags != 0 ||
        nameLength == 0 ||
        nameLength > FLOG_MAX_NAME ||
        (nameLength % sizeof(WCHAR)) != 0) {
        return STATUS_INVALID_PARAMETER;
    }

    //
    // The name is captured: ZwCreateFile must not read it from the caller's
    // pages, which could change between our checks and its use.
    //
    name = ExAllocatePoolWithTag(PagedPool, nameLength, FLOG_TAG_NAME);

    if (name == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    try {
        RtlCopyMemory(name, request->Name, nameLength);
    } except (EXCEPTION_EXECUTE_HANDLER) {
        status = GetExceptionCode();
    }

    if (NT_SUCCESS(status)) {
        fileName.Buffer = name;
        fileName.Length = (USHORT)nameLength;
        fileName.MaximumLength = (USHORT)nameLength;

        InitializeObjectAttributes(&attributes,
                                   &fileName,
                                   OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE | OBJ_FORCE_ACCESS_CHECK,
                                   NULL,
                                   NULL);

        status = ZwCreateFile(&target,
                              FILE_WRITE_DATA | SYNCHRONIZE,
                              &attributes,
                              &ioStatus,
                              NULL,
                              FILE_ATTRIBUTE_NORMAL,
                              0,
                              FILE_OVERWRITE_IF,
                              FILE_NON_DIRECTORY_FILE | FILE_SYNCHRONOUS_IO_NONALERT,
                              NULL,
                              0);

        if (NT_SUCCESS(status)) {
            status = FlogCopyLog(Extension, target);
            ZwClose(target);
        } else {
            FlogPrint("export: cannot open the target (0x%08X)\n", status);
        }
    }

    ExFreePoolWithTag(name, FLOG_TAG_NAME);

    return status;
}

NTSTATUS
FlogDeviceControl(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PFLOG_DEVICE_EXTENSION extension = DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION irpStack = IoGetCurrentIrpStackLocation(Irp);
    PFLOG_OPEN_CONTEXT context = irpStack->FileObject->FsContext;
    ULONG ioControlCode = irpStack->Parameters.DeviceIoControl.IoControlCode;
    NTSTATUS status;

    PAGED_CODE();

    Irp->IoStatus.Information = 0;
    InterlockedIncrement(&extension->Requests);

    if (context != NULL) {
        context->Requests++;
    }

    if (KeGetCurrentIrql() != PASSIVE_LEVEL) {
        status = STATUS_INVALID_DEVICE_STATE;
    } else if (extension->LogHandle == NULL) {
        status = STATUS_DEVICE_NOT_READY;
    } else {
        switch (ioControlCode) {

        case IOCTL_FLOG_QUERY:
            status = FlogQuery(extension, Irp, irpStack);
            break;

        case IOCTL_FLOG_APPEND:
            status = FlogAppend(extension, irpStack);
            break;

        case IOCTL_FLOG_READ:
            status = FlogRead(extension, Irp, irpStack);
            break;

        case IOCTL_FLOG_EXPORT:
            status = FlogExport(extension, irpStack);
            break;

        default:
            FlogPrint("unknown control code 0x%08X\n", ioControlCode);
            status = STATUS_INVALID_DEVICE_REQUEST;
            break;
        }
    }

    if (!NT_SUCCESS(status)) {
        InterlockedIncrement(&extension->Failures);
        Irp->IoStatus.Information = 0;
    }

    FlogWriteRecord(extension, ioControlCode, status, 0, NULL, 0);

    Irp->IoStatus.Status = status;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);

    return status;
}
