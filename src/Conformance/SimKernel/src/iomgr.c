/*
 * iomgr.c - NtDeviceIoControlFile for a user-mode caller, per transfer method.
 *
 * Follows the documented order (reference B2, from ReactOS IopDeviceFsIoControl and the MS
 * buffer-description docs):
 *  1. METHOD_BUFFERED: output != NULL -> ProbeForWrite(out, outLen, 1); output NULL -> outLen = 0.
 *  2. Every method but NEITHER: input != NULL -> ProbeForRead(in, inLen, 1); NULL -> inLen = 0.
 *     An exception here is the call's status; no IRP is built.
 *  3. Access bits of the control code against the handle's granted access -> STATUS_ACCESS_DENIED.
 *  4. BUFFERED: a system buffer of max(in, out) from pool, NOT zeroed, input copied in.
 *     IN/OUT_DIRECT: input buffered the same way; output described by an MDL locked for read
 *     (IN_DIRECT) or write (OUT_DIRECT); a zero-length output gives MdlAddress NULL.
 *     NEITHER: raw pointers in Type3InputBuffer and Irp->UserBuffer, lengths unchanged.
 *  5. After dispatch: BUFFERED with an output copies exactly IoStatus.Information bytes back
 *     unless the status is an error (warnings copy); MDLs are unlocked and freed.
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

static void CopyBackBufferedOutput(PIRP irp)
{
    if ((irp->Flags & (IRP_BUFFERED_IO | IRP_INPUT_OPERATION)) != (IRP_BUFFERED_IO | IRP_INPUT_OPERATION))
        return;
    if (NT_ERROR(irp->IoStatus.Status) || irp->IoStatus.Information == 0)
        return;
    /* The I/O manager trusts Information: a driver that over-reports gets exactly that many bytes
       copied (failure-to-check-the-size-of-buffers.md). A fault while copying is ignored, as in
       ReactOS IopCompleteRequest (Windows behaviour UNVERIFIED). */
    __try {
        memcpy(irp->UserBuffer, irp->AssociatedIrp.SystemBuffer, irp->IoStatus.Information);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
    }
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

    PIRP irp = SimIrpAllocate(IRP_MJ_DEVICE_CONTROL, device, SimOpenedFile());
    if (irp == NULL) {
        result->Status = STATUS_INSUFFICIENT_RESOURCES;
        return;
    }
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(irp);
    stack->Parameters.DeviceIoControl.IoControlCode = ioControlCode;
    stack->Parameters.DeviceIoControl.InputBufferLength = inLen;
    stack->Parameters.DeviceIoControl.OutputBufferLength = outLen;
    stack->Parameters.DeviceIoControl.Type3InputBuffer = inputBuffer;
    irp->UserBuffer = outputBuffer;
    irp->RequestorMode = UserMode;

    switch (method) {
    case METHOD_BUFFERED:
        status = CaptureInput(irp, inputBuffer, inLen, inLen > outLen ? inLen : outLen);
        if (outputBuffer != NULL)
            irp->Flags |= IRP_INPUT_OPERATION;
        break;
    case METHOD_IN_DIRECT:
    case METHOD_OUT_DIRECT:
        status = CaptureInput(irp, inputBuffer, inLen, inputBuffer != NULL ? inLen : 0);
        if (NT_SUCCESS(status))
            status = LockOutputMdl(irp, method, outputBuffer, outLen);
        break;
    default:
        break; /* METHOD_NEITHER: no validation whatsoever */
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
    status = SimCallDriver(device, irp);
    if (status != STATUS_PENDING && !SimIrpCompleted(irp)) {
        /* Returned without IoCompleteRequest: Windows would leak the IRP and the caller would wait;
           the simulator completes it so the run goes on, and reports what the driver returned. */
        irp->IoStatus.Status = status;
    }
    CopyBackBufferedOutput(irp);
    result->Status = status;
    result->Information = irp->IoStatus.Information;
    ReleaseIrpResources(irp);
    SimIrpFree(irp);
}
