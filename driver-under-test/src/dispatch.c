/*++

Module Name:

    dispatch.c

Abstract:

    IRP_MJ_DEVICE_CONTROL: logs the request, routes it by control code to
    the handler for its transfer method, then completes it and logs the
    outcome. Handlers never complete the IRP themselves; keeping completion
    in one place is what guarantees that RequestCompleted is always the last
    event and that a failed request never reports transferred bytes.

Environment:

    Kernel mode only.

--*/

#include "driver.h"
#include "trace.h"

//
// The codes are part of the product's contract (README.md): scenario files
// and device profiles use these numbers. A change must be deliberate.
//
C_ASSERT(IOCTL_SAMPLE_PING == 0x8C012000);
C_ASSERT(IOCTL_SAMPLE_BUFFERED_TRANSFORM == 0x8C012004);
C_ASSERT(IOCTL_SAMPLE_IN_DIRECT_STORE == 0x8C012009);
C_ASSERT(IOCTL_SAMPLE_OUT_DIRECT_FETCH == 0x8C01200E);
C_ASSERT(IOCTL_SAMPLE_NEITHER_TRANSFORM == 0x8C012013);
C_ASSERT(IOCTL_SAMPLE_NEITHER_RECORDS == 0x8C012017);
C_ASSERT(IOCTL_SAMPLE_SET_CONFIG == 0x8C01A018);
C_ASSERT(IOCTL_SAMPLE_RESET_CONFIG == 0x8C01201C);
C_ASSERT(sizeof(SAMPLE_RECORDS_HEADER) == 8);
C_ASSERT(sizeof(SAMPLE_RECORDS_RESULT) == 8);

static VOID
SampleCompleteRequest(
    _In_ PSAMPLE_REQUEST Request,
    _In_ NTSTATUS Status
    );

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, SampleDeviceControl)
#endif

_Use_decl_annotations_
NTSTATUS
SampleDeviceControl(
    PDEVICE_OBJECT DeviceObject,
    PIRP Irp
    )
{
    PIO_STACK_LOCATION irpSp;
    SAMPLE_REQUEST request;
    NTSTATUS status;

    PAGED_CODE();

    irpSp = IoGetCurrentIrpStackLocation(Irp);

    RtlZeroMemory(&request, sizeof(request));
    request.DeviceObject = DeviceObject;
    request.Irp = Irp;
    request.IoControlCode = irpSp->Parameters.DeviceIoControl.IoControlCode;
    request.InputBufferLength = irpSp->Parameters.DeviceIoControl.InputBufferLength;
    request.OutputBufferLength = irpSp->Parameters.DeviceIoControl.OutputBufferLength;

    SampleTraceRequestReceived(request.IoControlCode,
                               request.InputBufferLength,
                               request.OutputBufferLength);

    if (SampleDefect(SampleDefectLeakedConfigGate) &&
        ((PSAMPLE_DEVICE_EXTENSION)DeviceObject->DeviceExtension)->ConfigGateClosed != 0) {
        /* LCOV_EXCL_START: seeded defect, never taken by the clean driver */
        //
        // Defect 13 (leaked-config-gate): a SET_CONFIG is changing the value
        // (or so the gate says: see SampleSetConfig), so the request is
        // refused. A gate nobody opens again refuses every request from then on.
        //
        status = SampleRejectRequest(&request,
                                     STATUS_DEVICE_NOT_READY,
                                     "ConfigurationChanging");
        SampleCompleteRequest(&request, status);
        return status;
        /* LCOV_EXCL_STOP */
    }

    //
    // Each code is handled by the routine for its transfer method: how the
    // buffers may be touched differs per method, and keeping the methods in
    // separate files keeps those rules next to the code that follows them.
    //
    switch (request.IoControlCode) {

    case IOCTL_SAMPLE_PING:
        status = SamplePing(&request);
        break;

    case IOCTL_SAMPLE_BUFFERED_TRANSFORM:
        status = SampleBufferedTransform(&request);
        break;

    case IOCTL_SAMPLE_SET_CONFIG:
        status = SampleSetConfig(&request);
        break;

    case IOCTL_SAMPLE_RESET_CONFIG:
        status = SampleResetConfig(&request);
        break;

    case IOCTL_SAMPLE_IN_DIRECT_STORE:
        status = SampleInDirectStore(&request);
        break;

    case IOCTL_SAMPLE_OUT_DIRECT_FETCH:
        status = SampleOutDirectFetch(&request);
        break;

    case IOCTL_SAMPLE_NEITHER_TRANSFORM:
        status = SampleNeitherTransform(&request);
        break;

    case IOCTL_SAMPLE_NEITHER_RECORDS:
        status = SampleNeitherRecords(&request);
        break;

    default:
        status = SampleRejectRequest(&request,
                                     STATUS_INVALID_DEVICE_REQUEST,
                                     "UnknownIoControlCode");
        break;
    }

    if (request.ValidationFailed && SampleDefect(SampleDefectMissingCompletion)) {
        /* LCOV_EXCL_START: seeded defect, never taken by the clean driver */
        //
        // Defect 15 (missing-completion): a rejected request leaves the
        // dispatch routine early, before the completion below. The IRP is
        // never completed: the caller's request never finishes, and the IRP
        // and its system buffer leak on every rejected call.
        //
        return status;
        /* LCOV_EXCL_STOP */
    }

    SampleCompleteRequest(&request, status);

    return status;
}

_Use_decl_annotations_
NTSTATUS
SampleRejectRequest(
    PSAMPLE_REQUEST Request,
    NTSTATUS Status,
    const char *Reason
    )
/*++

Routine Description:

    Records that a request failed validation and returns Status, so a
    handler can write 'return SampleRejectRequest(...)'. Every rejection
    goes through here, which is what makes "one ValidationFailed event per
    rejected request" hold.

--*/
{
    Request->ValidationFailed = TRUE;
    Request->Information = 0;

    SampleTraceValidationFailed(Request->IoControlCode, Status, Reason);

    return Status;
}

_Use_decl_annotations_
NTSTATUS
SampleExceptionStatus(
    PSAMPLE_REQUEST Request,
    NTSTATUS ExceptionCode
    )
/*++

Routine Description:

    Called from an __except block with GetExceptionCode(). The request fails
    with the exception code (STATUS_ACCESS_VIOLATION for a bad user buffer),
    the documented result of touching a user buffer that is not there.

    The event is written here, after the exception was dispatched, and never
    from inside a __try body.

--*/
{
    if (SampleDefect(SampleDefectSwallowException)) {
        /* LCOV_EXCL_START: seeded defect, never taken by the clean driver */
        //
        // Defect 11 (swallow-exception): the right status, but the fault is
        // hidden from the trace, so nobody monitoring the driver learns
        // that a caller handed it a bad buffer.
        //
        return ExceptionCode;
        /* LCOV_EXCL_STOP */
    }

    SampleTraceExceptionHandled(Request->IoControlCode, ExceptionCode);

    return ExceptionCode;
}

static
_Use_decl_annotations_
VOID
SampleCompleteRequest(
    PSAMPLE_REQUEST Request,
    NTSTATUS Status
    )
{
    PIRP irp = Request->Irp;
    NTSTATUS loggedStatus = Status;

    //
    // A failed request transferred nothing, so it claims no bytes. The one
    // exception is STATUS_BUFFER_TOO_SMALL, for which a handler may leave the
    // size it needs in Information, a common pattern. It is harmless: on an
    // error status the I/O manager copies nothing back, and a synchronous
    // error completion does not even write the caller's IO_STATUS_BLOCK, so
    // no caller sees the number. (This driver returns no warning statuses
    // such as STATUS_BUFFER_OVERFLOW, the status that does carry a size.)
    //
    if (!NT_SUCCESS(Status) && Status != STATUS_BUFFER_TOO_SMALL) {
        Request->Information = 0;
    }

    if (Request->ValidationFailed && SampleDefect(SampleDefectLogSuccessAfterFailure)) {
        /* LCOV_EXCL_START: seeded defect, never taken by the clean driver */
        //
        // Defect 12 (log-success-after-failure): the trace claims success for
        // a request that was rejected, so the event log and the caller
        // disagree.
        //
        loggedStatus = STATUS_SUCCESS;
        /* LCOV_EXCL_STOP */
    }

    SampleTraceRequestCompleted(Request->IoControlCode, loggedStatus, Request->Information);

    irp->IoStatus.Status = Status;
    irp->IoStatus.Information = Request->Information;
    IoCompleteRequest(irp, IO_NO_INCREMENT);
}
