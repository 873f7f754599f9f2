/*++

Module Name:

    transform.c

Abstract:

    The contract shared by IOCTL_SAMPLE_BUFFERED_TRANSFORM and
    IOCTL_SAMPLE_NEITHER_TRANSFORM: which lengths are acceptable, and the
    transform itself (the input bytes in reverse order). Both handlers use
    these two routines so that the two transfer methods can only differ in
    how they reach the caller's memory, never in what they accept.

Environment:

    Kernel mode only.

--*/

#include "driver.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, SampleValidateTransformLengths)
#pragma alloc_text(PAGE, SampleReverseBytes)
#endif

_Use_decl_annotations_
NTSTATUS
SampleValidateTransformLengths(
    PSAMPLE_REQUEST Request
    )
{
    PAGED_CODE();

    //
    // The lengths come from the IRP stack location, which the I/O manager
    // filled in: they are kernel data and safe to check before any user
    // memory is touched. A request that cannot succeed is refused without
    // probing or reading the caller's buffers.
    //
    if (Request->InputBufferLength == 0 ||
        Request->InputBufferLength > SAMPLE_TRANSFORM_MAX_LENGTH) {

        return SampleRejectRequest(Request,
                                   STATUS_INVALID_PARAMETER,
                                   "InputLengthOutOfRange");
    }

    if (Request->OutputBufferLength < Request->InputBufferLength) {
        return SampleRejectRequest(Request,
                                   STATUS_BUFFER_TOO_SMALL,
                                   "OutputShorterThanInput");
    }

    return STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
SampleReverseBytes(
    PUCHAR Buffer,
    ULONG Length
    )
{
    ULONG front;
    ULONG back;
    UCHAR swap;

    PAGED_CODE();

    //
    // Only ever called on kernel copies: reversing in place in user memory
    // would read each byte twice from memory the caller can change.
    //
    if (Length < 2) {
        return;
    }

    for (front = 0, back = Length - 1; front < back; front++, back--) {
        swap = Buffer[front];
        Buffer[front] = Buffer[back];
        Buffer[back] = swap;
    }
}
