/*++

Module Name:

    buffered.c

Abstract:

    METHOD_BUFFERED handlers: IOCTL_SAMPLE_PING, IOCTL_SAMPLE_BUFFERED_TRANSFORM,
    IOCTL_SAMPLE_SET_CONFIG and IOCTL_SAMPLE_RESET_CONFIG.

    For METHOD_BUFFERED the I/O manager allocates one system buffer of
    max(InputBufferLength, OutputBufferLength) bytes, copies the input into
    it, and after completion copies IoStatus.Information bytes back to the
    caller's output buffer. Two consequences drive the code below:

    - The bytes past the input are NOT initialized by the I/O manager. Any
      byte the driver counts in Information must have been written by the
      driver, or pool contents leak to user mode.
    - Input and output share the buffer: writing output destroys input not
      yet read, so input is captured before output is produced.

    The system buffer is kernel memory the I/O manager validated, so no
    probing and no __try is needed here; lengths are what must be checked.

Environment:

    Kernel mode only.

--*/

#include "driver.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, SamplePing)
#pragma alloc_text(PAGE, SampleBufferedTransform)
#pragma alloc_text(PAGE, SampleSetConfig)
#pragma alloc_text(PAGE, SampleResetConfig)
#endif

_Use_decl_annotations_
NTSTATUS
SamplePing(
    PSAMPLE_REQUEST Request
    )
/*++

Routine Description:

    Liveness check: writes SAMPLE_PING_MAGIC to the output. The input is
    ignored, so no input length is wrong.

--*/
{
    PULONG reply;
    NTSTATUS status;

    PAGED_CODE();

    if (Request->OutputBufferLength < sizeof(ULONG)) {
        status = SampleRejectRequest(Request,
                                     STATUS_BUFFER_TOO_SMALL,
                                     "OutputBufferTooSmall");
        //
        // The size a caller would need (see SampleCompleteRequest: kept
        // for STATUS_BUFFER_TOO_SMALL, and invisible to the caller anyway).
        //
        Request->Information = sizeof(ULONG);
        return status;
    }

    //
    // OutputBufferLength >= 4 means the system buffer exists and holds at
    // least 4 bytes. It comes from pool, so it is aligned for a ULONG.
    //
    reply = (PULONG)Request->Irp->AssociatedIrp.SystemBuffer;
    *reply = SAMPLE_PING_MAGIC;

    Request->Information = sizeof(ULONG);
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
NTSTATUS
SampleBufferedTransform(
    PSAMPLE_REQUEST Request
    )
/*++

Routine Description:

    Returns the input bytes in reverse order. The result is built in a
    scratch copy because input and output share the system buffer.

--*/
{
    NTSTATUS status;
    PUCHAR systemBuffer;
    PUCHAR scratch;
    ULONG inputLength;
    ULONG replyLength;
    POOL_FLAGS poolFlags;

    PAGED_CODE();

    status = SampleValidateTransformLengths(Request);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    systemBuffer = (PUCHAR)Request->Irp->AssociatedIrp.SystemBuffer;
    inputLength = Request->InputBufferLength;

    if (SampleDefect(SampleDefectUninitializedOutput)) {
        /* LCOV_EXCL_START: seeded defect, never taken by the clean driver */
        //
        // Defect 4 (uninitialized-output): the scratch is sized for the
        // whole output buffer, not zeroed, and all of it is returned. Only
        // inputLength bytes of it are ever written; the rest is whatever
        // the pool held before.
        //
        replyLength = Request->OutputBufferLength;
        poolFlags = POOL_FLAG_NON_PAGED | POOL_FLAG_UNINITIALIZED;
        /* LCOV_EXCL_STOP */
    } else {
        //
        // The reply is exactly as long as the input, and every byte of it is
        // written below. ExAllocatePool2 zeroes the allocation as well.
        //
        replyLength = inputLength;
        poolFlags = POOL_FLAG_NON_PAGED;
    }

    scratch = (PUCHAR)ExAllocatePool2(poolFlags, replyLength, SAMPLE_POOL_TAG);
    if (scratch == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    RtlCopyMemory(scratch, systemBuffer, inputLength);
    SampleReverseBytes(scratch, inputLength);
    RtlCopyMemory(systemBuffer, scratch, replyLength);

    if (SampleDefect(SampleDefectBufferedWritesUserBuffer) &&
        Request->Irp->UserBuffer != NULL) {
        /* LCOV_EXCL_START: seeded defect, never taken by the clean driver */
        //
        // Defect 20 (buffered-writes-user-buffer): the reply is also written
        // straight to Irp->UserBuffer, the caller's own address, probed and
        // guarded as if this were METHOD_NEITHER. The I/O manager then copies
        // the same bytes over it from the system buffer, so the caller sees
        // nothing different; but a buffered handler is given kernel buffers
        // so that it never touches user memory: it may run in any thread
        // context, where that address means nothing.
        //
        __try {
            ProbeForWrite(Request->Irp->UserBuffer, replyLength, sizeof(UCHAR));
            RtlCopyMemory(Request->Irp->UserBuffer, scratch, replyLength);
        } __except (EXCEPTION_EXECUTE_HANDLER) {
            status = SampleExceptionStatus(Request, GetExceptionCode());
        }
        /* LCOV_EXCL_STOP */
    }

    ExFreePoolWithTag(scratch, SAMPLE_POOL_TAG);

    if (!NT_SUCCESS(status)) {
        return status;
    }

    if (SampleDefect(SampleDefectInformationPastBuffer)) {
        /* LCOV_EXCL_START: seeded defect, never taken by the clean driver */
        //
        // Defect 16 (information-past-buffer): adds the 16-byte trailer of a
        // longer reply format that this handler never writes and never
        // checked room for. With an output no longer than the reply, the
        // count runs past the end of the system buffer, and the I/O manager
        // copies whatever pool lies after it to the caller.
        //
        Request->Information = replyLength + 16;
        /* LCOV_EXCL_STOP */
    } else if (SampleDefect(SampleDefectInformationOverreport)) {
        /* LCOV_EXCL_START: seeded defect, never taken by the clean driver */
        //
        // Defect 5 (information-overreport): claims the whole output buffer.
        // The I/O manager trusts Information and copies that many bytes of
        // the system buffer back, including the uninitialized tail past the
        // input.
        //
        Request->Information = Request->OutputBufferLength;
        /* LCOV_EXCL_STOP */
    } else {
        Request->Information = replyLength;
    }

    return STATUS_SUCCESS;
}

_Use_decl_annotations_
NTSTATUS
SampleSetConfig(
    PSAMPLE_REQUEST Request
    )
/*++

Routine Description:

    Stores one ULONG. The control code requires FILE_WRITE_ACCESS, which the
    I/O manager checks against the handle before the IRP reaches us.

--*/
{
    PSAMPLE_DEVICE_EXTENSION extension;
    SAMPLE_CONFIG_VALUE value;

    PAGED_CODE();

    extension = (PSAMPLE_DEVICE_EXTENSION)Request->DeviceObject->DeviceExtension;

    if (SampleDefect(SampleDefectLeakedConfigGate)) {
        /* LCOV_EXCL_START: seeded defect, never taken by the clean driver */
        //
        // Defect 13 (leaked-config-gate): closes a gate that keeps every
        // other request out while the value changes, and the rejection just
        // below returns without opening it again. One wrong-sized SET_CONFIG
        // leaves the device refusing everything until it is restarted. (The
        // clean driver needs no gate: the value is one aligned ULONG store.)
        //
        InterlockedExchange(&extension->ConfigGateClosed, 1);
        if (Request->InputBufferLength != sizeof(SAMPLE_CONFIG_VALUE)) {
            return SampleRejectRequest(Request,
                                       STATUS_INVALID_PARAMETER,
                                       "InputLengthNotUlong");
        }

        extension->ConfigValue = *(SAMPLE_CONFIG_VALUE *)Request->Irp->AssociatedIrp.SystemBuffer;
        InterlockedExchange(&extension->ConfigGateClosed, 0);
        Request->Information = 0;
        return STATUS_SUCCESS;
        /* LCOV_EXCL_STOP */
    }

    if (SampleDefect(SampleDefectMissingInputSizeCheck)) {
        /* LCOV_EXCL_START: seeded defect, never taken by the clean driver */
        //
        // Defect 6 (missing-input-size-check): reads a ULONG without looking
        // at InputBufferLength. With fewer than 4 input bytes this reads
        // past the end of the system buffer (or through NULL when there is
        // no buffer at all), and a wrong-sized request is accepted.
        //
        /* LCOV_EXCL_STOP */
    } else if (Request->InputBufferLength != sizeof(SAMPLE_CONFIG_VALUE)) {
        return SampleRejectRequest(Request,
                                   STATUS_INVALID_PARAMETER,
                                   "InputLengthNotUlong");
    }

    //
    // Captured once into a local; the system buffer is pool memory and
    // aligned for a ULONG.
    //
    value = *(SAMPLE_CONFIG_VALUE *)Request->Irp->AssociatedIrp.SystemBuffer;

    extension->ConfigValue = value;

    Request->Information = 0;
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
NTSTATUS
SampleResetConfig(
    PSAMPLE_REQUEST Request
    )
/*++

Routine Description:

    Sets the configuration value back to 0. The control code is
    FILE_ANY_ACCESS, so the I/O manager lets any handle through; a handle
    that may not write must be refused here, with
    IoValidateDeviceIoControlAccess (its documented use: a stricter access
    check than the code's definition, for a UserMode requestor).

--*/
{
    PSAMPLE_DEVICE_EXTENSION extension;
    NTSTATUS status;

    PAGED_CODE();

    if (SampleDefect(SampleDefectMissingAccessCheck)) {
        /* LCOV_EXCL_START: seeded defect, never taken by the clean driver */
        //
        // Defect 14 (missing-access-check): trusts the control code's
        // FILE_ANY_ACCESS, so a handle opened only for reading resets the
        // device's configuration.
        //
        /* LCOV_EXCL_STOP */
    } else {
        status = IoValidateDeviceIoControlAccess(Request->Irp, FILE_WRITE_ACCESS);
        if (!NT_SUCCESS(status)) {
            return SampleRejectRequest(Request, status, "WriteAccessRequired");
        }
    }

    extension = (PSAMPLE_DEVICE_EXTENSION)Request->DeviceObject->DeviceExtension;
    extension->ConfigValue = 0;

    Request->Information = 0;
    return STATUS_SUCCESS;
}
