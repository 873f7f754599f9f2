/*
 * iomgr.c - NtDeviceIoControlFile for a user-mode caller, per transfer method.
 *
 * Follows the documented order (reference B2, from ReactOS IopDeviceFsIoControl and the MS
 * buffer-description docs); the rule ids are those of shared/reference/io-manager-audit.md:
 *  1. METHOD_BUFFERED: output != NULL -> ProbeForWrite(out, outLen, 1); output NULL -> outLen = 0.
 *     Every method but NEITHER: input != NULL -> ProbeForRead(in, inLen, 1); NULL -> inLen = 0.
 *     An exception here is the call's status; no IRP is built (I1-I3).
 *  2. Access bits of the control code against the handle's granted access -> STATUS_ACCESS_DENIED
 *     (I4); the FILE_OBJECT carries the same granted access for IoValidateDeviceIoControlAccess (I5).
 *  3. BUFFERED: a system buffer of max(in, out) from pool, NOT zeroed, input copied in (I6); both
 *     lengths 0: no system buffer, UserBuffer NULL, Flags 0 (I7, ReactOS iofunc.c, UNVERIFIED).
 *     IN/OUT_DIRECT: input buffered the same way (I17); a non-zero output length is described by
 *     an MDL locked for read (IN_DIRECT) or write (OUT_DIRECT), whatever the pointer (I18, I20);
 *     an MDL longer than 4 GB - PAGE_SIZE is STATUS_INSUFFICIENT_RESOURCES (I19).
 *     NEITHER: raw pointers and lengths (I22). Type3InputBuffer is set for NEITHER only, UserBuffer
 *     for NEITHER and BUFFERED only (I23: IRPdoc; NULL otherwise as in ReactOS, UNVERIFIED).
 *  4. After dispatch, only for an IRP the driver completed (I15): BUFFERED with an output copies
 *     exactly IoStatus.Information bytes back unless the status is an error (I10), even past the
 *     system buffer (I12); a fault while copying is the call's status (I13). The caller's
 *     IO_STATUS_BLOCK, and with it Information, is written only for a completed IRP whose status is
 *     not an error (I14).
 * The dispatch runs on a stack whose unused part was filled with the stack poison byte.
 */
#include "simkernel_internal.h"

/* Fill the stack below the caller's frame, where the dispatch routine's frames will be. */
static __attribute__((noinline)) void PoisonDispatchStack(void)
{
    volatile UCHAR area[32 * 1024];
    memset((void *)area, SimStackPoisonByte(), sizeof(area));
    __asm__ volatile("" : : "r"(area) : "memory");
}

static NTSTATUS ProbeUserBuffers(ULONG method, PVOID in, ULONG *inLen, PVOID out, ULONG *outLen)
{
    __try {
        if (method == METHOD_BUFFERED) {
            if (out != NULL)
                ProbeForWrite(out, *outLen, 1);
            else
                *outLen = 0;
        }
        if (method != METHOD_NEITHER) {
            if (in != NULL)
                ProbeForRead(in, *inLen, 1);
            else
                *inLen = 0;
        }
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }
    return STATUS_SUCCESS;
}

static NTSTATUS CaptureInput(PIRP irp, PVOID in, ULONG inLen, ULONG systemBufferLength)
{
    if (systemBufferLength == 0)
        return STATUS_SUCCESS;
    PVOID systemBuffer = SimPoolAllocate(systemBufferLength, 0, 'fBoI');
    if (systemBuffer == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    irp->AssociatedIrp.SystemBuffer = systemBuffer;
    irp->Flags |= IRP_BUFFERED_IO | IRP_DEALLOCATE_BUFFER;
    if (inLen != 0 && in != NULL) {
        __try {
            memcpy(systemBuffer, in, inLen);
        } __except (EXCEPTION_EXECUTE_HANDLER) {
            return GetExceptionCode();
        }
    }
    return STATUS_SUCCESS;
}

static NTSTATUS LockOutputMdl(PIRP irp, ULONG method, PVOID out, ULONG outLen)
{
    if (outLen == 0)
        return STATUS_SUCCESS; /* MdlAddress stays NULL: the classic direct-I/O trap */
    PMDL mdl = IoAllocateMdl(out, outLen, FALSE, FALSE, irp);
    if (mdl == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    __try {
        MmProbeAndLockPages(mdl, UserMode, method == METHOD_IN_DIRECT ? IoReadAccess : IoWriteAccess);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }
    return STATUS_SUCCESS;
}

static void ReleaseIrpResources(PIRP irp)
{
    PMDL mdl = irp->MdlAddress;
    while (mdl != NULL) {
        PMDL next = mdl->Next;
        if (mdl->MdlFlags & MDL_PAGES_LOCKED)
            MmUnlockPages(mdl);
        IoFreeMdl(mdl);
        mdl = next;
    }
    irp->MdlAddress = NULL;
    if ((irp->Flags & IRP_DEALLOCATE_BUFFER) && irp->AssociatedIrp.SystemBuffer != NULL)
        SimPoolFree(irp->AssociatedIrp.SystemBuffer);
    irp->AssociatedIrp.SystemBuffer = NULL;
}

/* Bytes the caller receives from past the end of the system buffer: on Windows the pool that follows
   it, here uninitialized pool (the poison byte), so the judge sees the leak as INFO_LEAK (I12). */
static void CopyAdjacentPool(UCHAR *destination, SIZE_T bytes)
{
    uint8_t poison = SimPoolPoisonByte();
    for (SIZE_T i = 0; i < bytes; i++)
        ((volatile UCHAR *)destination)[i] = poison;
}

/* Returns the status of the copy: STATUS_SUCCESS, or the exception that stopped it (I13). */
static NTSTATUS CopyBackBufferedOutput(PIRP irp, ULONG systemBufferLength)
{
    if ((irp->Flags & (IRP_BUFFERED_IO | IRP_INPUT_OPERATION)) != (IRP_BUFFERED_IO | IRP_INPUT_OPERATION))
        return STATUS_SUCCESS;
    if (NT_ERROR(irp->IoStatus.Status) || irp->IoStatus.Information == 0)
        return STATUS_SUCCESS;
    /* The I/O manager trusts Information ([Failure to Check the Size of Buffers]): a driver that
       over-reports gets exactly that many bytes copied, those past the system buffer from the
       adjacent pool (a Windows crash stack nt!IopCompleteRequest -> memmove shows the copy; the
       over-read itself is UNVERIFIED). Special pool is not the model for that copy: Windows without
       Verifier reads on into the next allocation, and the leak is the finding a user needs.
       A fault on the user side is the call's status (I13: newer ReactOS irp.c, UNVERIFIED); one on a
       kernel address stays a bugcheck (seh.c), as the I/O manager writing there would be. */
    ULONG_PTR information = irp->IoStatus.Information;
    SIZE_T fromSystemBuffer = information < systemBufferLength ? information : systemBufferLength;
    __try {
        memcpy(irp->UserBuffer, irp->AssociatedIrp.SystemBuffer, fromSystemBuffer);
        if (information > fromSystemBuffer)
            CopyAdjacentPool((UCHAR *)irp->UserBuffer + fromSystemBuffer, information - fromSystemBuffer);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }
    return STATUS_SUCCESS;
}

void SimNtDeviceIoControlFile(ULONG ioControlCode, ACCESS_MASK grantedAccess, PVOID inputBuffer,
                              ULONG inputBufferLength, PVOID outputBuffer, ULONG outputBufferLength,
                              SIM_IO_RESULT *result)
{
    ULONG method = METHOD_FROM_CTL_CODE(ioControlCode);
    ULONG inLen = inputBufferLength;
    ULONG outLen = outputBufferLength;
    result->ReachedDriver = 0;
    result->Information = 0;
    result->InformationObserved = 0;
    result->Completed = 0;

    PDEVICE_OBJECT device = SimOpenedDevice();
    if (device == NULL) {
        result->Status = STATUS_INVALID_HANDLE;
        return;
    }
    NTSTATUS status = ProbeUserBuffers(method, inputBuffer, &inLen, outputBuffer, &outLen);
    if (!NT_SUCCESS(status)) {
        result->Status = status;
        return;
    }
    ULONG requiredAccess = (ioControlCode >> 14) & 3;
    if (requiredAccess != FILE_ANY_ACCESS && (grantedAccess & requiredAccess) != requiredAccess) {
        result->Status = STATUS_ACCESS_DENIED;
        return;
    }
    SimSetGrantedAccess(grantedAccess);

    PIRP irp = SimIrpAllocate(IRP_MJ_DEVICE_CONTROL, device, SimOpenedFile());
    if (irp == NULL) {
        result->Status = STATUS_INSUFFICIENT_RESOURCES;
        return;
    }
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(irp);
    stack->Parameters.DeviceIoControl.IoControlCode = ioControlCode;
    stack->Parameters.DeviceIoControl.InputBufferLength = inLen;
    stack->Parameters.DeviceIoControl.OutputBufferLength = outLen;
    irp->RequestorMode = UserMode;
    irp->Flags = 0;

    ULONG systemBufferLength = 0;
    switch (method) {
    case METHOD_BUFFERED:
        systemBufferLength = inLen > outLen ? inLen : outLen;
        if (systemBufferLength == 0)
            break; /* I7: no system buffer, UserBuffer NULL, Flags 0 */
        status = CaptureInput(irp, inputBuffer, inLen, systemBufferLength);
        irp->UserBuffer = outputBuffer;
        if (outputBuffer != NULL)
            irp->Flags |= IRP_INPUT_OPERATION;
        break;
    case METHOD_IN_DIRECT:
    case METHOD_OUT_DIRECT:
        status = CaptureInput(irp, inputBuffer, inLen, inputBuffer != NULL ? inLen : 0);
        if (NT_SUCCESS(status))
            status = LockOutputMdl(irp, method, outputBuffer, outLen);
        break;
    default: /* METHOD_NEITHER: no validation whatsoever */
        stack->Parameters.DeviceIoControl.Type3InputBuffer = inputBuffer;
        irp->UserBuffer = outputBuffer;
        break;
    }
    if (!NT_SUCCESS(status)) {
        ReleaseIrpResources(irp);
        SimIrpFree(irp);
        result->Status = status;
        return;
    }

    PoisonDispatchStack();
    result->ReachedDriver = 1;
    SimBugcheckNoteDispatch(); /* a crash from here on happened with the driver's routine running */
    SimAccessBeginDispatch();
    SimEdgeCoverageBeginDispatch();
    status = SimCallDriver(device, irp);
    SimEdgeCoverageEndDispatch();
    SimAccessEndDispatch();
    if (status != STATUS_PENDING && !SimIrpCompleted(irp)) {
        /* I15: returned without IoCompleteRequest. On Windows the IRP is never finished: nothing is
           copied back, the caller's IO_STATUS_BLOCK is never written, and the IRP with its system
           buffer leaks (ReactOS irp.c/iofunc.c: copy-back and IOSB only in IopCompleteRequest). The
           caller gets the dispatch routine's return value. The simulator frees them so the run goes on,
           and says so in the result. */
        result->Status = status;
        ReleaseIrpResources(irp);
        SimIrpFree(irp);
        return;
    }
    result->Completed = 1;
    NTSTATUS copied = CopyBackBufferedOutput(irp, systemBufferLength);
    if (!NT_SUCCESS(copied))
        status = copied;
    result->Status = status;
    /* I14: a synchronous NT_ERROR completion does not write the caller's IO_STATUS_BLOCK (ReactOS
       irp.c; the EHS page relies on it), so Information is not there for the caller to see. */
    if (!NT_ERROR(status)) {
        result->Information = irp->IoStatus.Information;
        result->InformationObserved = 1;
    }
    ReleaseIrpResources(irp);
    SimIrpFree(irp);
}
