/*++

Module Name:

    ioctl.c

Abstract:

    IRP_MJ_DEVICE_CONTROL of the DirectIoMdl test driver.

    The direct I/O requests never touch the caller's address: the I/O manager
    has probed and locked the caller's pages in Irp->MdlAddress, and the
    driver maps them into system space with MmGetSystemAddressForMdlSafe.
    That mapping stays valid whatever the caller does to its own view of the
    pages meanwhile (another thread can VirtualProtect or VirtualFree them),
    so the driver needs no try/except around it. The small header of a
    transform request comes buffered, in the system buffer.

Environment:

    Kernel mode only, PASSIVE_LEVEL.

--*/

#include "dio.h"

//
// Nothing here is pageable: the dispatch routine and the transform take the
// state spin lock, and code that runs at DISPATCH_LEVEL must be resident.
//

#define ADLER_MODULUS 65521

static
PVOID
DioMapMdl(
    _In_ PIRP Irp,
    _Out_ PULONG Length
    )
/*++

Routine Description:

    The system address of the request's MDL, or NULL when there is no MDL
    (a zero-length buffer) or no system mapping could be made.

--*/
{
    PVOID systemAddress;

    *Length = 0;

    if (Irp->MdlAddress == NULL) {
        return NULL;
    }

    //
    // Not executable: the caller's data must never run.
    //
    systemAddress = MmGetSystemAddressForMdlSafe(Irp->MdlAddress,
                                                 NormalPagePriority | MdlMappingNoExecute);

    if (systemAddress != NULL) {
        *Length = MmGetMdlByteCount(Irp->MdlAddress);
    }

    return systemAddress;
}

static
VOID
DioRecordChecksum(
    _In_ PDIO_DEVICE_EXTENSION Extension,
    _In_ ULONG Checksum,
    _In_ ULONG Length
    )
{
    KIRQL oldIrql;
    PDIO_HISTORY history = Extension->History;

    KeAcquireSpinLock(&Extension->StateLock, &oldIrql);

    Extension->LastChecksum = Checksum;
    Extension->BytesChecksummed += Length;
    history->Checksums[history->Next] = Checksum;
    history->Next = (history->Next + 1) % DIO_HISTORY_DEPTH;

    KeReleaseSpinLock(&Extension->StateLock, oldIrql);
}

static
NTSTATUS
DioQueryState(
    _In_ PDIO_DEVICE_EXTENSION Extension,
    _In_ PIRP Irp,
    _In_ PIO_STACK_LOCATION IrpStack
    )
{
    DIO_STATE state;
    KIRQL oldIrql;
    ULONG index;
    ULONG slot;

    if (IrpStack->Parameters.DeviceIoControl.OutputBufferLength < sizeof(DIO_STATE)) {
        return STATUS_BUFFER_TOO_SMALL;
    }

    //
    // Built in full on the stack, padding included, then copied: the system
    // buffer is not zeroed and goes back to the caller.
    //
    RtlZeroMemory(&state, sizeof(state));
    state.Version = DIO_VERSION;
    state.Opens = (ULONG)Extension->Opens;

    KeAcquireSpinLock(&Extension->StateLock, &oldIrql);

    state.Requests = Extension->Requests;
    state.LastChecksum = Extension->LastChecksum;
    state.BytesChecksummed = Extension->BytesChecksummed;
    state.BytesTransformed = Extension->BytesTransformed;

    slot = Extension->History->Next;
    for (index = 0; index < DIO_HISTORY_DEPTH; index++) {
        slot = (slot + DIO_HISTORY_DEPTH - 1) % DIO_HISTORY_DEPTH;
        state.History[index] = Extension->History->Checksums[slot];
    }

    KeReleaseSpinLock(&Extension->StateLock, oldIrql);

    RtlCopyMemory(Irp->AssociatedIrp.SystemBuffer, &state, sizeof(DIO_STATE));
    Irp->IoStatus.Information = sizeof(DIO_STATE);

    return STATUS_SUCCESS;
}

static
NTSTATUS
DioChecksum(
    _In_ PDIO_DEVICE_EXTENSION Extension,
    _In_ PIRP Irp,
    _In_ PIO_STACK_LOCATION IrpStack
    )
/*++

Routine Description:

    METHOD_IN_DIRECT: an Adler-32 checksum over the caller's data, locked
    for read in the MDL. The optional input is the seed.

--*/
{
    ULONG inputLength = IrpStack->Parameters.DeviceIoControl.InputBufferLength;
    PDIO_CHECKSUM_REQUEST request = Irp->AssociatedIrp.SystemBuffer;
    PUCHAR data;
    ULONG length;
    ULONG index;
    ULONG low = 1;
    ULONG high = 0;
    ULONG checksum;

    if (inputLength != 0 && inputLength < sizeof(DIO_CHECKSUM_REQUEST)) {
        return STATUS_INVALID_PARAMETER;
    }

    if (inputLength != 0) {
        low = request->Seed & 0xFFFF;
        high = request->Seed >> 16;
    }

    if (Irp->MdlAddress == NULL) {
        return STATUS_INVALID_PARAMETER;
    }

    data = DioMapMdl(Irp, &length);

    if (data == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    if (length > DIO_MAX_TRANSFER) {
        return STATUS_INVALID_PARAMETER;
    }

    for (index = 0; index < length; index++) {
        low = (low + data[index]) % ADLER_MODULUS;
        high = (high + low) % ADLER_MODULUS;
    }

    checksum = (high << 16) | low;

    DioRecordChecksum(Extension, checksum, length);

    KdPrint(("DirectIoMdl: checksum of %u bytes: %08X\n", length, checksum));

    //
    // Nothing goes back to the caller's buffer; Information is what was
    // consumed.
    //
    Irp->IoStatus.Information = length;

    return STATUS_SUCCESS;
}

static
NTSTATUS
DioTransform(
    _In_ PDIO_DEVICE_EXTENSION Extension,
    _In_ PIRP Irp,
    _In_ PIO_STACK_LOCATION IrpStack
    )
/*++

Routine Description:

    METHOD_OUT_DIRECT: writes the caller's output, locked for write in the
    MDL. The request header and payload come in the system buffer.

--*/
{
    ULONG inputLength = IrpStack->Parameters.DeviceIoControl.InputBufferLength;
    PDIO_TRANSFORM_REQUEST request = Irp->AssociatedIrp.SystemBuffer;
    PDIO_OPEN_CONTEXT context = IrpStack->FileObject->FsContext;
    PUCHAR payload;
    PUCHAR output;
    ULONG payloadLength;
    ULONG outputLength;
    ULONG written;
    ULONG index;
    UCHAR key;

    if (inputLength < sizeof(DIO_TRANSFORM_REQUEST) ||
        inputLength - sizeof(DIO_TRANSFORM_REQUEST) > DIO_MAX_TRANSFER) {
        return STATUS_INVALID_PARAMETER;
    }

    payload = (PUCHAR)(request + 1);
    payloadLength = inputLength - sizeof(DIO_TRANSFORM_REQUEST);
    key = (UCHAR)request->Key;

    switch (request->Operation) {
    case DIO_OP_FILL:
        if (payloadLength != 0) {
            return STATUS_INVALID_PARAMETER;
        }
        break;
    case DIO_OP_XOR:
    case DIO_OP_SUBSTITUTE:
        if (payloadLength == 0) {
            return STATUS_INVALID_PARAMETER;
        }
        break;
    default:
        DioPrint("unknown transform %u\n", request->Operation);
        return STATUS_INVALID_PARAMETER;
    }

    if (Irp->MdlAddress == NULL) {
        return STATUS_BUFFER_TOO_SMALL;
    }

    output = DioMapMdl(Irp, &outputLength);

    if (output == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    if (request->Operation == DIO_OP_FILL) {
        if (outputLength > DIO_MAX_TRANSFER) {
            return STATUS_INVALID_PARAMETER;
        }
        RtlFillMemory(output, outputLength, key);
        written = outputLength;
    } else if (outputLength < payloadLength) {
        return STATUS_BUFFER_TOO_SMALL;
    } else if (request->Operation == DIO_OP_XOR) {
        for (index = 0; index < payloadLength; index++) {
            output[index] = payload[index] ^ key;
        }
        written = payloadLength;
    } else {
        ExAcquireFastMutex(&Extension->TableLock);
        for (index = 0; index < payloadLength; index++) {
            output[index] = Extension->Table[payload[index]];
        }
        ExReleaseFastMutex(&Extension->TableLock);
        written = payloadLength;
    }

    if (context != NULL) {
        context->Transforms++;
    }

    {
        KIRQL oldIrql;

        KeAcquireSpinLock(&Extension->StateLock, &oldIrql);
        Extension->BytesTransformed += written;
        KeReleaseSpinLock(&Extension->StateLock, oldIrql);
    }

    Irp->IoStatus.Information = written;

    return STATUS_SUCCESS;
}

static
NTSTATUS
DioSetTable(
    _In_ PDIO_DEVICE_EXTENSION Extension,
    _In_ PIRP Irp,
    _In_ PIO_STACK_LOCATION IrpStack
    )
/*++

Routine Description:

    Replaces the substitution table (exactly DIO_TABLE_SIZE bytes, buffered).

--*/
{
    PAGED_CODE();

    if (IrpStack->Parameters.DeviceIoControl.InputBufferLength != DIO_TABLE_SIZE) {
        return STATUS_INVALID_PARAMETER;
    }

    ExAcquireFastMutex(&Extension->TableLock);
    RtlCopyMemory(Extension->Table, Irp->AssociatedIrp.SystemBuffer, DIO_TABLE_SIZE);
    ExReleaseFastMutex(&Extension->TableLock);

    return STATUS_SUCCESS;
}

NTSTATUS
DioDeviceControl(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PDIO_DEVICE_EXTENSION extension = DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION irpStack = IoGetCurrentIrpStackLocation(Irp);
    PDIO_OPEN_CONTEXT context = irpStack->FileObject->FsContext;
    NTSTATUS status;
    KIRQL oldIrql;

    Irp->IoStatus.Information = 0;

    KeAcquireSpinLock(&extension->StateLock, &oldIrql);
    extension->Requests++;
    KeReleaseSpinLock(&extension->StateLock, oldIrql);

    if (context != NULL) {
        context->Requests++;
    }

    switch (irpStack->Parameters.DeviceIoControl.IoControlCode) {

    case IOCTL_DIO_QUERY_STATE:
        status = DioQueryState(extension, Irp, irpStack);
        break;

    case IOCTL_DIO_CHECKSUM:
        status = DioChecksum(extension, Irp, irpStack);
        break;

    case IOCTL_DIO_TRANSFORM:
        status = DioTransform(extension, Irp, irpStack);
        break;

    case IOCTL_DIO_SET_TABLE:
        status = DioSetTable(extension, Irp, irpStack);
        break;

    default:
        DioPrint("unknown control code 0x%08X\n",
                 irpStack->Parameters.DeviceIoControl.IoControlCode);
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    if (!NT_SUCCESS(status)) {
        Irp->IoStatus.Information = 0;
    }

    Irp->IoStatus.Status = status;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);

    return status;
}
