/*++

Module Name:

    neither.c

Abstract:

    METHOD_NEITHER handlers: IOCTL_SAMPLE_NEITHER_TRANSFORM and
    IOCTL_SAMPLE_NEITHER_RECORDS.

    For METHOD_NEITHER the I/O manager validates nothing. The driver gets the
    caller's raw pointers (Parameters.DeviceIoControl.Type3InputBuffer and
    Irp->UserBuffer) and lengths, and is called in the caller's thread, which
    is the only reason those user addresses mean anything here. The rules
    this file follows:

    1. Lengths live in the IRP stack location (kernel memory): check them
       first, before touching the caller's memory.
    2. For a user-mode requestor, ProbeForRead the input and ProbeForWrite
       the output over their full lengths, inside __try: a pointer into
       kernel space, a wrapping range or a read-only output raises. A kernel
       requestor passes kernel buffers, which must not be probed.
    3. A probe only checks the address range; the caller's other threads can
       free or re-protect the pages at any time. So every access to user
       memory is inside __try as well, and a fault fails the request with the
       exception code.
    4. Capture, then validate: copy what you need into kernel memory once and
       make every decision on the copy. Reading a field from user memory
       twice lets the caller change it between the check and the use.
    5. Write only the output buffer, and only the bytes reported in
       Information.

    No local that is assigned inside a __try body is read in its __except
    block: the handlers only return from there.

Environment:

    Kernel mode only.

--*/

#include "driver.h"

static VOID
SampleProbeTransformBuffers(
    _In_ PSAMPLE_REQUEST Request,
    _In_ PVOID UserInput,
    _In_ PVOID UserOutput
    );

static NTSTATUS
SampleTransformCaptureInput(
    _Inout_ PSAMPLE_REQUEST Request,
    _In_ PVOID UserInput,
    _In_ PVOID UserOutput,
    _Out_writes_bytes_(Request->InputBufferLength) PUCHAR Captured
    );

static NTSTATUS
SampleTransformWriteOutput(
    _Inout_ PSAMPLE_REQUEST Request,
    _In_ PVOID UserInput,
    _In_ PVOID UserOutput,
    _In_reads_bytes_(Request->InputBufferLength) const UCHAR *Result
    );

static NTSTATUS
SampleRecordsCaptureHeader(
    _Inout_ PSAMPLE_REQUEST Request,
    _In_ PVOID UserInput,
    _In_ PVOID UserOutput,
    _Out_ PSAMPLE_RECORDS_HEADER Header
    );

static NTSTATUS
SampleRecordsValidateHeader(
    _Inout_ PSAMPLE_REQUEST Request,
    _In_ const SAMPLE_RECORDS_HEADER *Header,
    _Out_ PULONG BodyLength
    );

static NTSTATUS
SampleRecordsCaptureBody(
    _Inout_ PSAMPLE_REQUEST Request,
    _In_ PVOID UserInput,
    _In_ const SAMPLE_RECORDS_HEADER *Header,
    _Out_ PUCHAR Body
    );

static VOID
SampleCopyRecords(
    _Out_ PUCHAR Destination,
    _In_ const UCHAR *Source,
    _In_ ULONG Count,
    _In_ ULONG ElementSize
    );

static NTSTATUS
SampleRecordsWriteResult(
    _Inout_ PSAMPLE_REQUEST Request,
    _In_ PVOID UserOutput,
    _In_ const SAMPLE_RECORDS_RESULT *Result
    );

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, SampleNeitherTransform)
#pragma alloc_text(PAGE, SampleProbeTransformBuffers)
#pragma alloc_text(PAGE, SampleTransformCaptureInput)
#pragma alloc_text(PAGE, SampleTransformWriteOutput)
#pragma alloc_text(PAGE, SampleNeitherRecords)
#pragma alloc_text(PAGE, SampleRecordsCaptureHeader)
#pragma alloc_text(PAGE, SampleRecordsValidateHeader)
#pragma alloc_text(PAGE, SampleRecordsCaptureBody)
#pragma alloc_text(PAGE, SampleCopyRecords)
#pragma alloc_text(PAGE, SampleRecordsWriteResult)
#endif

//
// ---------------------------------------------------------------------------
// IOCTL_SAMPLE_NEITHER_TRANSFORM
// ---------------------------------------------------------------------------
//

_Use_decl_annotations_
NTSTATUS
SampleNeitherTransform(
    PSAMPLE_REQUEST Request
    )
/*++

Routine Description:

    Same contract as IOCTL_SAMPLE_BUFFERED_TRANSFORM, reached through the
    caller's own pointers: probe, capture the input into pool, reverse the
    copy, write it to the output.

--*/
{
    NTSTATUS status;
    PIO_STACK_LOCATION irpSp;
    PVOID userInput;
    PVOID userOutput;
    PUCHAR captured;

    PAGED_CODE();

    irpSp = IoGetCurrentIrpStackLocation(Request->Irp);
    userInput = irpSp->Parameters.DeviceIoControl.Type3InputBuffer;
    userOutput = Request->Irp->UserBuffer;

    status = SampleValidateTransformLengths(Request);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    captured = (PUCHAR)ExAllocatePool2(POOL_FLAG_NON_PAGED,
                                       Request->InputBufferLength,
                                       SAMPLE_POOL_TAG);
    if (captured == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    status = SampleTransformCaptureInput(Request, userInput, userOutput, captured);

    if (NT_SUCCESS(status)) {
        SampleReverseBytes(captured, Request->InputBufferLength);
        status = SampleTransformWriteOutput(Request, userInput, userOutput, captured);
    }

    ExFreePoolWithTag(captured, SAMPLE_POOL_TAG);

    if (NT_SUCCESS(status)) {
        Request->Information = Request->InputBufferLength;
    }

    return status;
}

static
_Use_decl_annotations_
VOID
SampleProbeTransformBuffers(
    PSAMPLE_REQUEST Request,
    PVOID UserInput,
    PVOID UserOutput
    )
/*++

Routine Description:

    Probes both transform buffers. Raises on a bad range, so it is only
    called inside __try.

--*/
{
    PAGED_CODE();

    //
    // A kernel-mode requestor passes kernel buffers. Probing them would
    // raise, and they need no probe: kernel callers are trusted.
    //
    if (Request->Irp->RequestorMode != UserMode) {
        return;
    }

    if (SampleDefect(SampleDefectNeitherNoProbe)) {
        /* LCOV_EXCL_START: seeded defect, never taken by the clean driver */
        //
        // Defect 1 (neither-no-probe): no probe at all. A kernel address
        // passed as the input is read and returned to the caller; one passed
        // as the output is written.
        //
        return;
        /* LCOV_EXCL_STOP */
    }

    if (SampleDefect(SampleDefectProbeZeroLength)) {
        /* LCOV_EXCL_START: seeded defect, never taken by the clean driver */
        //
        // Defect 7 (probe-zero-length): the input is probed with length 0.
        // ProbeForRead checks nothing for a zero length, so any address
        // passes, and the copy that follows reads InputBufferLength bytes
        // from it - kernel memory included.
        //
        ProbeForRead(UserInput, 0, sizeof(UCHAR));
        /* LCOV_EXCL_STOP */
    } else {
        ProbeForRead(UserInput, Request->InputBufferLength, sizeof(UCHAR));
    }

    //
    // The caller declared OutputBufferLength writable bytes; probe all of
    // them so a read-only or partly missing buffer fails now, before any
    // work, instead of halfway through the write.
    //
    ProbeForWrite(UserOutput, Request->OutputBufferLength, sizeof(UCHAR));
}

static
_Use_decl_annotations_
NTSTATUS
SampleTransformCaptureInput(
    PSAMPLE_REQUEST Request,
    PVOID UserInput,
    PVOID UserOutput,
    PUCHAR Captured
    )
{
    PAGED_CODE();

    if (SampleDefect(SampleDefectTouchOutsideTry)) {
        /* LCOV_EXCL_START: seeded defect, never taken by the clean driver */
        //
        // Defect 2 (touch-outside-try): the probes are guarded, the copy is
        // not. ProbeForRead does not touch the pages, so a freed or
        // no-access input passes it and then faults in the unguarded copy.
        //
        __try {
            SampleProbeTransformBuffers(Request, UserInput, UserOutput);
        } __except (EXCEPTION_EXECUTE_HANDLER) {
            return SampleExceptionStatus(Request, GetExceptionCode());
        }

        RtlCopyMemory(Captured, UserInput, Request->InputBufferLength);
        return STATUS_SUCCESS;
        /* LCOV_EXCL_STOP */
    }

    __try {
        SampleProbeTransformBuffers(Request, UserInput, UserOutput);
        RtlCopyMemory(Captured, UserInput, Request->InputBufferLength);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return SampleExceptionStatus(Request, GetExceptionCode());
    }

    return STATUS_SUCCESS;
}

static
_Use_decl_annotations_
NTSTATUS
SampleTransformWriteOutput(
    PSAMPLE_REQUEST Request,
    PVOID UserInput,
    PVOID UserOutput,
    const UCHAR *Result
    )
{
    PAGED_CODE();

    if (SampleDefect(SampleDefectTouchOutsideTry)) {
        /* LCOV_EXCL_START: seeded defect, never taken by the clean driver */
        //
        // Defect 2 (touch-outside-try): the output was probed, but the
        // caller can free or re-protect it after the probe; this unguarded
        // write then faults with no handler.
        //
        RtlCopyMemory(UserOutput, Result, Request->InputBufferLength);
        return STATUS_SUCCESS;
        /* LCOV_EXCL_STOP */
    }

    __try {
        if (SampleDefect(SampleDefectWriteProbedForRead)) {
            /* LCOV_EXCL_START: seeded defect, never taken by the clean driver */
            //
            // Defect 8 (write-probed-for-read): the result is also written
            // back into the input buffer, which was only probed for read. A
            // read-only input faults; a writable one is silently modified.
            //
            RtlCopyMemory(UserInput, Result, Request->InputBufferLength);
            /* LCOV_EXCL_STOP */
        }

        RtlCopyMemory(UserOutput, Result, Request->InputBufferLength);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return SampleExceptionStatus(Request, GetExceptionCode());
    }

    return STATUS_SUCCESS;
}

//
// ---------------------------------------------------------------------------
// IOCTL_SAMPLE_NEITHER_RECORDS
// ---------------------------------------------------------------------------
//

_Use_decl_annotations_
NTSTATUS
SampleNeitherRecords(
    PSAMPLE_REQUEST Request
    )
/*++

Routine Description:

    Input: SAMPLE_RECORDS_HEADER, then Count * ElementSize bytes. Output:
    SAMPLE_RECORDS_RESULT with the validated Count and the sum of the record
    bytes. The header is captured once and every size is computed from that
    copy with overflow-checked arithmetic.

--*/
{
    NTSTATUS status;
    PIO_STACK_LOCATION irpSp;
    PVOID userInput;
    PVOID userOutput;
    SAMPLE_RECORDS_HEADER header;
    SAMPLE_RECORDS_HEADER replyHeader;
    SAMPLE_RECORDS_RESULT result;
    ULONG bodyLength;
    PUCHAR body;
    ULONG i;

    PAGED_CODE();

    irpSp = IoGetCurrentIrpStackLocation(Request->Irp);
    userInput = irpSp->Parameters.DeviceIoControl.Type3InputBuffer;
    userOutput = Request->Irp->UserBuffer;

    if (Request->InputBufferLength < sizeof(SAMPLE_RECORDS_HEADER)) {
        return SampleRejectRequest(Request,
                                   STATUS_BUFFER_TOO_SMALL,
                                   "InputShorterThanHeader");
    }

    if (Request->OutputBufferLength < sizeof(SAMPLE_RECORDS_RESULT)) {
        return SampleRejectRequest(Request,
                                   STATUS_BUFFER_TOO_SMALL,
                                   "OutputBufferTooSmall");
    }

    status = SampleRecordsCaptureHeader(Request, userInput, userOutput, &header);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = SampleRecordsValidateHeader(Request, &header, &bodyLength);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    RtlZeroMemory(&result, sizeof(result));

    if (SampleDefect(SampleDefectDoubleFetchHeader)) {
        /* LCOV_EXCL_START: seeded defect, never taken by the clean driver */
        //
        // Defect 17 (double-fetch-header): the header is captured a second
        // time after validation, and the reply is built from that copy. The
        // two agree unless a caller thread changes the header in between;
        // then the reply carries a Count that no check ever saw.
        //
        status = SampleRecordsCaptureHeader(Request, userInput, userOutput, &replyHeader);
        if (!NT_SUCCESS(status)) {
            return status;
        }

        result.Count = replyHeader.Count;
        /* LCOV_EXCL_STOP */
    } else {
        result.Count = header.Count;
    }

    //
    // Count may be 0: there is nothing to capture, and a zero-byte pool
    // allocation is not something to ask for.
    //
    if (bodyLength != 0) {
        body = (PUCHAR)ExAllocatePool2(POOL_FLAG_NON_PAGED, bodyLength, SAMPLE_POOL_TAG);
        if (body == NULL) {
            return STATUS_INSUFFICIENT_RESOURCES;
        }

        status = SampleRecordsCaptureBody(Request, userInput, &header, body);

        if (NT_SUCCESS(status)) {
            for (i = 0; i < bodyLength; i++) {
                result.ByteSum += body[i];
            }
        }

        ExFreePoolWithTag(body, SAMPLE_POOL_TAG);

        if (!NT_SUCCESS(status)) {
            return status;
        }
    }

    status = SampleRecordsWriteResult(Request, userOutput, &result);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    Request->Information = sizeof(SAMPLE_RECORDS_RESULT);
    return STATUS_SUCCESS;
}

static
_Use_decl_annotations_
NTSTATUS
SampleRecordsCaptureHeader(
    PSAMPLE_REQUEST Request,
    PVOID UserInput,
    PVOID UserOutput,
    PSAMPLE_RECORDS_HEADER Header
    )
/*++

Routine Description:

    Probes both buffers over their declared lengths and copies the header
    into kernel memory. This is the only read of the header from user
    memory; everything after works on *Header.

--*/
{
    PAGED_CODE();

    RtlZeroMemory(Header, sizeof(*Header));

    __try {
        if (Request->Irp->RequestorMode == UserMode) {
            //
            // Alignment 1: the header is copied bytewise, so the caller's
            // buffer need not be aligned for a ULONG.
            //
            if (SampleDefect(SampleDefectProbeHeaderOnly)) {
                /* LCOV_EXCL_START: seeded defect, never taken by the clean driver */
                //
                // Defect 18 (probe-header-only): only the header is probed.
                // The records after it are read later with no probe that
                // vouches for them, so nothing checks that the rest of the
                // declared input lies in user space.
                //
                ProbeForRead(UserInput, sizeof(SAMPLE_RECORDS_HEADER), sizeof(UCHAR));
                /* LCOV_EXCL_STOP */
            } else {
                ProbeForRead(UserInput, Request->InputBufferLength, sizeof(UCHAR));
            }

            ProbeForWrite(UserOutput, Request->OutputBufferLength, sizeof(UCHAR));
        }

        RtlCopyMemory(Header, UserInput, sizeof(*Header));
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return SampleExceptionStatus(Request, GetExceptionCode());
    }

    return STATUS_SUCCESS;
}

static
_Use_decl_annotations_
NTSTATUS
SampleRecordsValidateHeader(
    PSAMPLE_REQUEST Request,
    const SAMPLE_RECORDS_HEADER *Header,
    PULONG BodyLength
    )
{
    NTSTATUS status;
    ULONG bodyLength;
    ULONG totalLength;

    PAGED_CODE();

    *BodyLength = 0;

    if (Header->ElementSize == 0 ||
        Header->ElementSize > SAMPLE_RECORDS_MAX_ELEMENT_SIZE) {

        return SampleRejectRequest(Request,
                                   STATUS_INVALID_PARAMETER,
                                   "ElementSizeOutOfRange");
    }

    if (SampleDefect(SampleDefectIntegerOverflow)) {
        /* LCOV_EXCL_START: seeded defect, never taken by the clean driver */
        //
        // Defect 9 (integer-overflow): no limit on Count, and the sizes are
        // computed in plain 32-bit arithmetic. Count * ElementSize can wrap
        // to a small number, which passes the length check below and sizes
        // a small allocation that the per-record copy then overruns.
        //
        bodyLength = Header->Count * Header->ElementSize;
        totalLength = (ULONG)sizeof(SAMPLE_RECORDS_HEADER) + bodyLength;
        /* LCOV_EXCL_STOP */
    } else {
        if (Header->Count > SAMPLE_RECORDS_MAX_COUNT) {
            return SampleRejectRequest(Request,
                                       STATUS_INVALID_PARAMETER,
                                       "CountOutOfRange");
        }

        //
        // With the limits above these cannot overflow today. The checked
        // helpers keep that true if the limits are ever raised, instead of
        // relying on someone re-doing this arithmetic in their head.
        //
        status = RtlULongMult(Header->Count, Header->ElementSize, &bodyLength);
        if (!NT_SUCCESS(status)) {
            return SampleRejectRequest(Request,
                                       STATUS_INTEGER_OVERFLOW,
                                       "RecordsSizeOverflow");
        }

        status = RtlULongAdd((ULONG)sizeof(SAMPLE_RECORDS_HEADER), bodyLength, &totalLength);
        if (!NT_SUCCESS(status)) {
            return SampleRejectRequest(Request,
                                       STATUS_INTEGER_OVERFLOW,
                                       "RecordsSizeOverflow");
        }
    }

    if (totalLength > Request->InputBufferLength) {
        return SampleRejectRequest(Request,
                                   STATUS_INVALID_BUFFER_SIZE,
                                   "RecordsExceedInput");
    }

    *BodyLength = bodyLength;
    return STATUS_SUCCESS;
}

static
_Use_decl_annotations_
NTSTATUS
SampleRecordsCaptureBody(
    PSAMPLE_REQUEST Request,
    PVOID UserInput,
    const SAMPLE_RECORDS_HEADER *Header,
    PUCHAR Body
    )
/*++

Routine Description:

    Copies Header->Count records of Header->ElementSize bytes, which follow
    the header in the caller's buffer, into Body. The range was probed with
    the header and lies inside InputBufferLength (validated).

--*/
{
    const UCHAR *userRecords;
    ULONG count;

    PAGED_CODE();

    userRecords = (const UCHAR *)UserInput + sizeof(SAMPLE_RECORDS_HEADER);

    __try {
        if (SampleDefect(SampleDefectDoubleFetch)) {
            /* LCOV_EXCL_START: seeded defect, never taken by the clean driver */
            //
            // Defect 3 (double-fetch): Count is fetched from user memory a
            // second time, after validation, and that value sizes the copy.
            // A caller thread that changes Count in between makes the copy
            // run past the end of Body.
            //
            count = ((const SAMPLE_RECORDS_HEADER *)UserInput)->Count;
            /* LCOV_EXCL_STOP */
        } else {
            count = Header->Count;
        }

        SampleCopyRecords(Body, userRecords, count, Header->ElementSize);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return SampleExceptionStatus(Request, GetExceptionCode());
    }

    return STATUS_SUCCESS;
}

static
_Use_decl_annotations_
VOID
SampleCopyRecords(
    PUCHAR Destination,
    const UCHAR *Source,
    ULONG Count,
    ULONG ElementSize
    )
{
    ULONG i;
    SIZE_T offset;

    PAGED_CODE();

    for (i = 0; i < Count; i++) {
        offset = (SIZE_T)i * ElementSize;
        RtlCopyMemory(Destination + offset, Source + offset, ElementSize);
    }
}

static
_Use_decl_annotations_
NTSTATUS
SampleRecordsWriteResult(
    PSAMPLE_REQUEST Request,
    PVOID UserOutput,
    const SAMPLE_RECORDS_RESULT *Result
    )
{
    PAGED_CODE();

    if (SampleDefect(SampleDefectResultOutsideTry)) {
        /* LCOV_EXCL_START: seeded defect, never taken by the clean driver */
        //
        // Defect 19 (result-outside-try): the output was probed, so the
        // write is left unguarded. A caller thread that frees or re-protects
        // the output after the probe makes it fault with no handler.
        //
        RtlCopyMemory(UserOutput, Result, sizeof(*Result));
        return STATUS_SUCCESS;
        /* LCOV_EXCL_STOP */
    }

    //
    // The output was probed with the header; the write is still guarded
    // because the caller may have freed or re-protected it since.
    //
    __try {
        RtlCopyMemory(UserOutput, Result, sizeof(*Result));
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return SampleExceptionStatus(Request, GetExceptionCode());
    }

    return STATUS_SUCCESS;
}
