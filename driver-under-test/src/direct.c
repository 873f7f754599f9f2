/*++

Module Name:

    direct.c

Abstract:

    METHOD_IN_DIRECT and METHOD_OUT_DIRECT handlers: IOCTL_SAMPLE_IN_DIRECT_STORE
    and IOCTL_SAMPLE_OUT_DIRECT_FETCH.

    For both methods the I/O manager locks the caller's "output" buffer and
    describes it with Irp->MdlAddress: for IN_DIRECT probed for read access
    (the driver reads it), for OUT_DIRECT for write access (the driver writes
    it). A buffer it cannot lock fails the call before the IRP exists, so the
    driver never sees a bad pointer here. What it must handle:

    - A zero-length buffer gets no MDL at all: Irp->MdlAddress is NULL.
    - The system mapping must come from MmGetSystemAddressForMdlSafe, which
      can fail under memory pressure and return NULL.
    - The caller's pages stay writable by the caller's other threads while
      the driver reads them, so the data is copied once and only the copy is
      used.
    - Only the access the MDL was probed for is allowed: IN_DIRECT buffers
      are read, never written.

    The optional input buffer is delivered in the system buffer; neither
    IOCTL uses it.

Environment:

    Kernel mode only.

--*/

#include "driver.h"

static NTSTATUS
SampleMapDirectBuffer(
    _Inout_ PSAMPLE_REQUEST Request,
    _Out_ PUCHAR *Buffer,
    _Out_ PULONG Length
    );

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, SampleMapDirectBuffer)
#pragma alloc_text(PAGE, SampleInDirectStore)
#pragma alloc_text(PAGE, SampleOutDirectFetch)
#endif

static
_Use_decl_annotations_
NTSTATUS
SampleMapDirectBuffer(
    PSAMPLE_REQUEST Request,
    PUCHAR *Buffer,
    PULONG Length
    )
/*++

Routine Description:

    Returns a system-space mapping of the locked buffer and its length.
    Shared by both direct handlers because the NULL-MDL rule is the same.

--*/
{
    PMDL mdl;
    PUCHAR mapping;
    ULONG length;

    PAGED_CODE();

    *Buffer = NULL;
    *Length = 0;

    mdl = Request->Irp->MdlAddress;

    if (SampleDefect(SampleDefectNullMdlDirect)) {
        /* LCOV_EXCL_START: seeded defect, never taken by the clean driver */
        //
        // Defect 10 (null-mdl-direct): assumes there is always an MDL. For a
        // zero-length buffer there is none, and the MDL macros below
        // dereference NULL.
        //
        /* LCOV_EXCL_STOP */
    } else if (mdl == NULL || Request->OutputBufferLength == 0) {
        return SampleRejectRequest(Request,
                                   STATUS_INVALID_PARAMETER,
                                   "ZeroLengthDirectBuffer");
    }

    //
    // The MDL describes exactly the bytes that were locked, so its byte count
    // is the length that may be touched.
    //
    length = MmGetMdlByteCount(mdl);

    //
    // No-execute mapping: the data is never code, and an executable system
    // mapping of caller-controlled bytes is an exploit primitive.
    //
    mapping = (PUCHAR)MmGetSystemAddressForMdlSafe(mdl, NormalPagePriority | MdlMappingNoExecute);
    if (mapping == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    *Buffer = mapping;
    *Length = length;
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
NTSTATUS
SampleInDirectStore(
    PSAMPLE_REQUEST Request
    )
/*++

Routine Description:

    Copies the caller's buffer (1..SAMPLE_STORE_CAPACITY bytes) into the
    device's store.

--*/
{
    NTSTATUS status;
    PSAMPLE_DEVICE_EXTENSION extension;
    PUCHAR source;
    ULONG length;

    PAGED_CODE();

    extension = (PSAMPLE_DEVICE_EXTENSION)Request->DeviceObject->DeviceExtension;

    status = SampleMapDirectBuffer(Request, &source, &length);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    if (length > SAMPLE_STORE_CAPACITY) {
        return SampleRejectRequest(Request,
                                   STATUS_INVALID_PARAMETER,
                                   "DirectBufferTooLarge");
    }

    //
    // One copy, then only the copy is used: the caller can still change
    // these pages through its own mapping while we run.
    //
    RtlCopyMemory(extension->Store, source, length);
    extension->StoredLength = length;

    Request->Information = length;
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
NTSTATUS
SampleOutDirectFetch(
    PSAMPLE_REQUEST Request
    )
/*++

Routine Description:

    Copies min(buffer length, stored length) bytes of the store into the
    caller's buffer. Bytes past that count are left as the caller had them:
    Information tells the caller where the data ends.

--*/
{
    NTSTATUS status;
    PSAMPLE_DEVICE_EXTENSION extension;
    PUCHAR destination;
    ULONG length;
    ULONG storedLength;
    ULONG count;

    PAGED_CODE();

    extension = (PSAMPLE_DEVICE_EXTENSION)Request->DeviceObject->DeviceExtension;

    status = SampleMapDirectBuffer(Request, &destination, &length);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    //
    // Read the stored length once and bound it by the store's size, so even
    // a store running concurrently on another thread cannot make this copy
    // leave the array.
    //
    storedLength = extension->StoredLength;
    if (storedLength > SAMPLE_STORE_CAPACITY) {
        storedLength = SAMPLE_STORE_CAPACITY;
    }

    count = (length < storedLength) ? length : storedLength;

    RtlCopyMemory(destination, extension->Store, count);

    Request->Information = count;
    return STATUS_SUCCESS;
}
