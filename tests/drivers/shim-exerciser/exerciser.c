/*
 * exerciser.c - the shim exerciser (test-only WDM driver). See exerciser_ioctl.h.
 * Written as an ordinary WDM driver: it compiles against the DDK as well as the shim.
 */
/* Reading an uninitialized stack buffer is the point of IOCTL_EX_STACK_UNINITIALIZED. Before the
   includes: in the access-trace build RtlCopyMemory is a macro of <wdm.h>, and gcc places the warning
   at the macro's definition. */
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"

#include <ntddk.h>
#include <TraceLoggingProvider.h>
#include "exerciser_ioctl.h"

TRACELOGGING_DEFINE_PROVIDER(ExerciserProvider, "Contoso-Conformance-ShimExerciser",
                             (0x6c0b4a2e, 0x1f3d, 0x5a6b, 0x9c, 0x1e, 0x2d, 0x3f, 0x4a, 0x5b, 0x6c, 0x7d));

DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD ExerciserUnload;
static DRIVER_DISPATCH ExerciserCreateClose;
static DRIVER_DISPATCH ExerciserDeviceControl;

/* An input shorter than the older 32-byte layout reads as all-zero parameters; one of that layout
   leaves only the newer fields zero. probe: ProbeForRead it first, as a METHOD_NEITHER driver must,
   so the access-trace IOCTLs' own read of it is not one of the unprobed touches they pin. */
static NTSTATUS ReadParameters(PVOID source, ULONG length, EXERCISER_PARAMETERS *parameters, BOOLEAN probe)
{
    ULONG copyLength = length < sizeof(*parameters) ? length : sizeof(*parameters);
    RtlZeroMemory(parameters, sizeof(*parameters));
    if (source == NULL || length < EXERCISER_PARAMETERS_V1_SIZE)
        return STATUS_SUCCESS;
    __try {
        if (probe)
            ProbeForRead(source, copyLength, 1);
        RtlCopyMemory(parameters, source, copyLength);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }
    return STATUS_SUCCESS;
}

static ULONG TouchBuffer(volatile UCHAR *buffer, ULONG length, ULONG mode)
{
    ULONG sum = 0;
    for (ULONG i = 0; i < length; i++) {
        if (mode == EXERCISER_MODE_WRITE)
            buffer[i] = (UCHAR)i;
        else
            sum += buffer[i];
    }
    return sum;
}

/* Each helper leaves its __try body by a different route; the frame must not outlive it. */
static int ReturnFromInsideTry(void)
{
    __try {
        return 1;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return 2;
    }
}

static int BreakFromInsideTry(void)
{
    int i;
    for (i = 0; i < 10; i++) {
        __try {
            if (i == 3)
                break;
        } __except (EXCEPTION_EXECUTE_HANDLER) {
            return -1;
        }
    }
    return i; /* 3: break left the driver's loop, as in MSVC */
}

static int GotoFromInsideTry(void)
{
    __try {
        goto out;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return -1;
    }
out:
    return 7;
}

static NTSTATUS LeaveTryThenFault(PIRP Irp, ULONG outputLength, ULONG mode)
{
    if (ReturnFromInsideTry() != 1 || BreakFromInsideTry() != 3 || GotoFromInsideTry() != 7)
        return STATUS_UNSUCCESSFUL;
    if (mode == EXERCISER_FAULT_INSIDE_NEW_TRY) {
        __try {
            TouchBuffer(Irp->UserBuffer, outputLength, EXERCISER_MODE_READ);
        } __except (EXCEPTION_EXECUTE_HANDLER) {
            return GetExceptionCode();
        }
        return STATUS_SUCCESS;
    }
    TouchBuffer(Irp->UserBuffer, outputLength, EXERCISER_MODE_READ); /* no __try: must bugcheck */
    return STATUS_SUCCESS;
}

static NTSTATUS PoolOverrun(ULONG length, ULONG mode)
{
    volatile UCHAR *p = ExAllocatePool2(POOL_FLAG_NON_PAGED, length, 'xExE');
    if (p == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    if (mode == EXERCISER_MODE_WRITE)
        p[length] = 1;
    else
        (void)p[length];
    ExFreePoolWithTag((PVOID)p, 'xExE');
    return STATUS_SUCCESS;
}

static NTSTATUS PoolUseAfterFree(ULONG length)
{
    volatile UCHAR *p = ExAllocatePool2(POOL_FLAG_NON_PAGED, length, 'xExE');
    if (p == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    ExFreePoolWithTag((PVOID)p, 'xExE');
    return p[0] == 0 ? STATUS_SUCCESS : STATUS_UNSUCCESSFUL;
}

/* Allocate and free `count` times while one allocation stays live: more than a lap of the pool arena. */
static NTSTATUS PoolChurn(ULONG count)
{
    PVOID keep = ExAllocatePool2(POOL_FLAG_NON_PAGED, 16, 'xExE');
    if (keep == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    for (ULONG i = 0; i < count; i++) {
        PVOID p = ExAllocatePool2(POOL_FLAG_NON_PAGED, 100, 'xExE');
        if (p == NULL) {
            ExFreePoolWithTag(keep, 'xExE');
            return STATUS_INSUFFICIENT_RESOURCES;
        }
        ExFreePoolWithTag(p, 'xExE');
    }
    ExFreePoolWithTag(keep, 'xExE');
    return STATUS_SUCCESS;
}

static __declspec(noinline) void CopyUninitializedStack(PUCHAR destination, ULONG length)
{
    UCHAR stackBytes[64];
    RtlCopyMemory(destination, stackBytes, length < sizeof(stackBytes) ? length : sizeof(stackBytes));
}

static NTSTATUS IrpView(PIRP Irp, PIO_STACK_LOCATION stack)
{
    ULONG code = stack->Parameters.DeviceIoControl.IoControlCode;
    ULONG method = METHOD_FROM_CTL_CODE(code);
    ULONG inLength = stack->Parameters.DeviceIoControl.InputBufferLength;
    ULONG outLength = stack->Parameters.DeviceIoControl.OutputBufferLength;
    EXERCISER_PARAMETERS parameters;
    PVOID parameterSource = method == METHOD_NEITHER ? stack->Parameters.DeviceIoControl.Type3InputBuffer
                                                     : Irp->AssociatedIrp.SystemBuffer;
    NTSTATUS status = ReadParameters(parameterSource, inLength, &parameters, FALSE);
    TraceLoggingWrite(ExerciserProvider, "IrpView",
                      TraceLoggingUInt32(method, "Method"),
                      TraceLoggingUInt32(inLength, "InputBufferLength"),
                      TraceLoggingUInt32(outLength, "OutputBufferLength"),
                      TraceLoggingUInt32(Irp->AssociatedIrp.SystemBuffer == NULL, "SystemBufferIsNull"),
                      TraceLoggingUInt32(Irp->MdlAddress == NULL, "MdlAddressIsNull"),
                      TraceLoggingUInt32(Irp->MdlAddress != NULL ? MmGetMdlByteCount(Irp->MdlAddress) : 0, "MdlByteCount"),
                      TraceLoggingUInt32(Irp->RequestorMode, "RequestorMode"),
                      TraceLoggingHexUInt32(Irp->Flags, "Flags"),
                      TraceLoggingPointer(stack->Parameters.DeviceIoControl.Type3InputBuffer, "Type3InputBuffer"),
                      TraceLoggingPointer(Irp->UserBuffer, "UserBuffer"));
    if (!NT_SUCCESS(status))
        return status;
    /* Buffered: fill the whole system buffer's output part, so the copy-back length is visible. */
    if (method == METHOD_BUFFERED && Irp->AssociatedIrp.SystemBuffer != NULL)
        RtlFillMemory(Irp->AssociatedIrp.SystemBuffer, outLength, 0xAB);
    Irp->IoStatus.Information = parameters.Information;
    return (NTSTATUS)parameters.Status;
}

static NTSTATUS NestedContinueSearch(void)
{
    volatile NTSTATUS observed = STATUS_SUCCESS;
    __try {
        __try {
            ExRaiseStatus(STATUS_INVALID_PARAMETER_2);
        } __except (EXCEPTION_CONTINUE_SEARCH) {
            return STATUS_UNSUCCESSFUL; /* never: the inner filter declines */
        }
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        observed = GetExceptionCode();
    }
    return observed;
}

static NTSTATUS DivideByZero(ULONG divisor)
{
    __try {
        volatile ULONG dividend = 10;
        volatile ULONG result = dividend / divisor;
        (void)result;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }
    return STATUS_SUCCESS;
}

/* Exception filter: log what was caught (code and the faulting instruction), then handle it. */
static int NoteException(PEXCEPTION_POINTERS pointers)
{
    TraceLoggingWrite(ExerciserProvider, "Exception",
                      TraceLoggingHexUInt32((ULONG)pointers->ExceptionRecord->ExceptionCode, "Code"),
                      TraceLoggingPointer(pointers->ExceptionRecord->ExceptionAddress, "Address"));
    return EXCEPTION_EXECUTE_HANDLER;
}

static NTSTATUS ProbeRange(PVOID output, const EXERCISER_PARAMETERS *parameters)
{
    SIZE_T length = (SIZE_T)parameters->Value;
    if (parameters->Mode & EXERCISER_PROBE_TO_LIMIT)
        length = MmUserProbeAddress - (ULONG_PTR)output + (SIZE_T)(LONG_PTR)parameters->LimitDelta;
    __try {
        if ((parameters->Mode & EXERCISER_MODE_WRITE) != 0)
            ProbeForWrite(output, length, parameters->Alignment);
        else
            ProbeForRead(output, length, parameters->Alignment);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }
    return STATUS_SUCCESS;
}

static UCHAR TouchAddress(ULONGLONG address)
{
    return *(volatile UCHAR *)(ULONG_PTR)address;
}

/* One instruction that raises a hardware exception in the simulator (privileged ones run at ring 0 on Windows). */
static __declspec(noinline) LONG Execute(ULONG instruction)
{
    volatile LONG dividend = MINLONG;
    volatile LONG divisor = -1;
    switch (instruction) {
    case EXERCISER_INSTRUCTION_UD2:
#ifdef _MSC_VER
        __ud2();
#else
        __asm__ volatile("ud2");
#endif
        return 0;
    case EXERCISER_INSTRUCTION_INT3:
        __debugbreak();
        return 0;
    case EXERCISER_INSTRUCTION_CLI:
#ifdef _MSC_VER
        _disable();
#else
        __asm__ volatile("cli");
#endif
        return 0;
    case EXERCISER_INSTRUCTION_INT_MIN_BY_MINUS_ONE:
        return dividend / divisor;
    case EXERCISER_INSTRUCTION_RDMSR:
#ifdef _MSC_VER
        return (LONG)__readmsr(0x1B);
#else
        {
            ULONG low, high;
            __asm__ volatile("rdmsr" : "=a"(low), "=d"(high) : "c"(0x1Bu));
            return (LONG)(low ^ high);
        }
#endif
    default:
        return 0;
    }
}

static NTSTATUS ExecuteInstruction(const EXERCISER_PARAMETERS *parameters)
{
    if (parameters->OutsideTry) {
        Execute(parameters->Mode);
        return STATUS_SUCCESS;
    }
    __try {
        Execute(parameters->Mode);
    } __except (NoteException(GetExceptionInformation())) {
        return GetExceptionCode();
    }
    return STATUS_SUCCESS;
}

static NTSTATUS TouchAddressGuarded(const EXERCISER_PARAMETERS *parameters)
{
    if (parameters->OutsideTry) {
        TouchAddress(parameters->Value);
        return STATUS_SUCCESS;
    }
    __try {
        TouchAddress(parameters->Value);
    } __except (NoteException(GetExceptionInformation())) {
        return GetExceptionCode();
    }
    return STATUS_SUCCESS;
}

/* ---- The stricter kernel (exerciser_ioctl.h, IOCTLs 0x949..0x94C) ---------------------------- */

/* The classic overrun: a caller-chosen length into a fixed stack buffer. */
static __declspec(noinline) VOID CopyIntoStackBuffer(const UCHAR *source, ULONG length)
{
    UCHAR local[16];
    RtlCopyMemory(local, source, length);
    __asm__ volatile("" : : "r"(local) : "memory");
}

/* The same with the cookie switched off: the overrun goes unseen unless it reaches what matters. */
static __declspec(noinline) __declspec(safebuffers) VOID CopyIntoStackBufferUnchecked(const UCHAR *source, ULONG length)
{
    UCHAR local[16];
    RtlCopyMemory(local, source, length);
    __asm__ volatile("" : : "r"(local) : "memory");
}

static NTSTATUS StackSmash(PVOID output, ULONG outputLength, const EXERCISER_PARAMETERS *parameters)
{
    ULONG length = parameters->Length;
    __try {
        ProbeForRead(output, outputLength, 1);
        if (length > outputLength)
            return STATUS_BUFFER_TOO_SMALL;
        if (parameters->Mode & EXERCISER_SMASH_SAFEBUFFERS)
            CopyIntoStackBufferUnchecked(output, length);
        else
            CopyIntoStackBuffer(output, length);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }
    return STATUS_SUCCESS;
}

typedef VOID CODE_ROUTINE(void);

static __declspec(noinline) VOID CallData(PVOID code, ULONG outsideTry)
{
    CODE_ROUTINE *routine = (CODE_ROUTINE *)(ULONG_PTR)code;
    if (outsideTry) {
        routine();
        return;
    }
    __try {
        routine();
    } __except (NoteException(GetExceptionInformation())) {
    }
}

static NTSTATUS ExecuteData(PUCHAR output, ULONG outputLength, const EXERCISER_PARAMETERS *parameters)
{
    UCHAR stackCode[16];
    PUCHAR code;
    switch (parameters->Mode) {
    case EXERCISER_EXECUTE_USER:
        if (outputLength == 0)
            return STATUS_INVALID_PARAMETER;
        __try {
            ProbeForWrite(output, outputLength, 1);
            output[0] = 0xC3; /* ret */
        } __except (EXCEPTION_EXECUTE_HANDLER) {
            return GetExceptionCode();
        }
        code = output;
        break;
    case EXERCISER_EXECUTE_POOL:
        code = ExAllocatePoolWithTag(NonPagedPoolNx, 16, 'xExE');
        if (code == NULL)
            return STATUS_INSUFFICIENT_RESOURCES;
        RtlFillMemory(code, 16, 0xC3);
        break;
    case EXERCISER_EXECUTE_STACK:
        RtlFillMemory(stackCode, sizeof(stackCode), 0xC3);
        code = stackCode;
        break;
    default:
        return STATUS_INVALID_PARAMETER;
    }
    CallData(code, parameters->OutsideTry);
    return STATUS_SUCCESS; /* only if the memory was executable */
}

/* The copy and its __try in one function: a fault at the end of the source is handled here, and
   the function then returns through its cookie check. */
static __declspec(noinline) NTSTATUS LongCopyToStack(PUCHAR output, SIZE_T length, ULONG mode)
{
    UCHAR destination[32];
    __try {
        if (mode & EXERCISER_COPY_MOVE)
            RtlMoveMemory(destination, output, length);
        else
            RtlCopyMemory(destination, output, length);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }
    __asm__ volatile("" : : "r"(destination) : "memory");
    return STATUS_SUCCESS;
}

static NTSTATUS LongCopy(PUCHAR output, const EXERCISER_PARAMETERS *parameters)
{
    SIZE_T length = (SIZE_T)parameters->Value;
    if (!(parameters->Mode & EXERCISER_COPY_TO_POOL))
        return LongCopyToStack(output, length, parameters->Mode);
    PUCHAR destination = ExAllocatePoolWithTag(NonPagedPoolNx, 32, 'xExE');
    NTSTATUS status = STATUS_SUCCESS;
    if (destination == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    __try {
        if (parameters->Mode & EXERCISER_COPY_MOVE)
            RtlMoveMemory(destination, output, length);
        else
            RtlCopyMemory(destination, output, length);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        status = GetExceptionCode();
    }
    ExFreePoolWithTag(destination, 'xExE');
    return status;
}

typedef struct _POISON_HOLDER {
    PUCHAR Pointer;
    CODE_ROUTINE *Routine;
} POISON_HOLDER;

/* An uninitialized local pointer, read back through a volatile view so the compiler keeps the read
   (and does not warn about it). The array is deep in the frame, below what earlier calls of this
   dispatch wrote, where the I/O manager's stack poison still lies. */
static __declspec(noinline) PUCHAR UninitializedStackPointer(void)
{
    PUCHAR slots[256];
    volatile PUCHAR *view = slots;
    return view[0];
}

static __declspec(noinline) VOID UsePoisonPointer(const EXERCISER_PARAMETERS *parameters, POISON_HOLDER *fresh)
{
    SIZE_T offset = (SIZE_T)parameters->Value;
    UCHAR copy[8];
    switch (parameters->Mode) {
    case EXERCISER_POISON_POOL_READ:
        TraceLoggingWrite(ExerciserProvider, "Read", TraceLoggingUInt32(*(volatile UCHAR *)(fresh->Pointer + offset), "Byte"));
        break;
    case EXERCISER_POISON_STACK_READ:
        TraceLoggingWrite(ExerciserProvider, "Read",
                          TraceLoggingUInt32(*(volatile UCHAR *)(UninitializedStackPointer() + offset), "Byte"));
        break;
    case EXERCISER_POISON_POOL_CALL:
        fresh->Routine();
        break;
    case EXERCISER_POISON_STACK_WRITE:
        *(volatile UCHAR *)(UninitializedStackPointer() + offset) = 1;
        break;
    case EXERCISER_POISON_POOL_COPY:
        RtlCopyMemory(copy, fresh->Pointer + offset, sizeof(copy));
        __asm__ volatile("" : : "r"(copy) : "memory");
        break;
    default:
        break;
    }
}

static NTSTATUS PoisonPointer(const EXERCISER_PARAMETERS *parameters)
{
    /* ExAllocatePoolWithTag does not zero: the holder keeps the pool's poison. */
    POISON_HOLDER *fresh = ExAllocatePoolWithTag(NonPagedPoolNx, sizeof(POISON_HOLDER), 'xExE');
    NTSTATUS status = STATUS_SUCCESS;
    if (fresh == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    if (parameters->OutsideTry) {
        UsePoisonPointer(parameters, fresh);
    } else {
        __try {
            UsePoisonPointer(parameters, fresh);
        } __except (NoteException(GetExceptionInformation())) {
            status = GetExceptionCode();
        }
    }
    ExFreePoolWithTag(fresh, 'xExE');
    return status;
}

/* ---- Access-trace patterns (exerciser_ioctl.h, IOCTLs 0x940..0x948) ------------------------ */

/* One pattern of touches of a user buffer. */
typedef struct _TOUCH {
    PUCHAR Buffer;      /* the user memory touched                      */
    ULONG BufferLength; /* what a probe of it covers                    */
    ULONG Length;       /* bytes the pattern touches                    */
    ULONG Mode;         /* EXERCISER_MODE_* | EXERCISER_* flags         */
    PUCHAR Pool;        /* IOCTL_EX_RTL_MEMORY: the kernel side, Length */
} TOUCH;

typedef VOID TOUCH_ROUTINE(const TOUCH *Touch);

static BOOLEAN IsAccessTraceNeither(ULONG code)
{
    switch (code) {
    case IOCTL_EX_TOUCH_BYTES:
    case IOCTL_EX_TOUCH_PAST_END:
    case IOCTL_EX_RTL_MEMORY:
    case IOCTL_EX_EMBEDDED_POINTER:
    case IOCTL_EX_NESTED_TRY_TOUCH:
    case IOCTL_EX_PROBE_ZERO_THEN_TOUCH:
    case IOCTL_EX_PROBE_PART_THEN_TOUCH:
        return TRUE;
    default:
        return FALSE;
    }
}

static BOOLEAN Writes(ULONG mode) { return (mode & EXERCISER_MODE_WRITE) != 0; }

/* What a careful driver probes before it touches: for write when it stores, else for read. Raises. */
static VOID ProbeFor(PVOID address, SIZE_T length, BOOLEAN forWrite)
{
    if (forWrite)
        ProbeForWrite(address, length, 1);
    else
        ProbeForRead(address, length, 1);
}

/* The byte loop: every touch is one instrumented load or store from this one line, so adjacent ones
   merge into one record. noinline keeps that line the same for every caller. */
static __declspec(noinline) VOID TouchEachByte(const TOUCH *touch)
{
    volatile UCHAR *buffer = touch->Buffer;
    ULONG stride = (touch->Mode & EXERCISER_TOUCH_SPARSE) ? 2 : 1;
    for (ULONG i = 0; i < touch->Length; i += stride) {
        if (Writes(touch->Mode))
            buffer[i] = (UCHAR)i;
        else
            (void)buffer[i];
    }
}

/* One 8-byte access straddling the buffer's end: 4 bytes in it, 4 past it. */
static VOID TouchPastEnd(const TOUCH *touch)
{
    volatile ULONGLONG UNALIGNED *straddle = (volatile ULONGLONG UNALIGNED *)(touch->Buffer + touch->BufferLength - 4);
    if (Writes(touch->Mode))
        *straddle = 0x0807060504030201ull;
    else
        (void)*straddle;
}

static VOID TouchWithRtl(const TOUCH *touch)
{
    switch (touch->Mode & EXERCISER_RTL_OPERATION_MASK) {
    case EXERCISER_RTL_COPY_TO_OUTPUT:
        RtlCopyMemory(touch->Buffer, touch->Pool, touch->Length);
        break;
    case EXERCISER_RTL_COPY_FROM_OUTPUT:
        RtlCopyMemory(touch->Pool, touch->Buffer, touch->Length);
        break;
    case EXERCISER_RTL_MOVE_TO_OUTPUT:
        RtlMoveMemory(touch->Buffer, touch->Pool, touch->Length);
        break;
    case EXERCISER_RTL_MOVE_FROM_OUTPUT:
        RtlMoveMemory(touch->Pool, touch->Buffer, touch->Length);
        break;
    case EXERCISER_RTL_ZERO_OUTPUT:
        RtlZeroMemory(touch->Buffer, touch->Length);
        break;
    case EXERCISER_RTL_FILL_OUTPUT:
        RtlFillMemory(touch->Buffer, touch->Length, 0x5A);
        break;
    case EXERCISER_RTL_MOVE_WITHIN_OUTPUT:
        if (touch->Length > 1)
            RtlMoveMemory(touch->Buffer + 1, touch->Buffer, touch->Length - 1);
        break;
    default:
        break;
    }
}

/* Probe if asked (in a __try of its own, so a refused buffer is a status even with OutsideTry), then
   run the pattern inside __try or, with OutsideTry, outside any. */
static NTSTATUS RunTouch(TOUCH_ROUTINE *routine, const TOUCH *touch, BOOLEAN writes, ULONG outsideTry)
{
    if (touch->Mode & EXERCISER_ACCESS_PROBE) {
        __try {
            ProbeFor(touch->Buffer, touch->BufferLength, writes);
        } __except (EXCEPTION_EXECUTE_HANDLER) {
            return GetExceptionCode();
        }
    }
    if (outsideTry) {
        routine(touch);
        return STATUS_SUCCESS;
    }
    __try {
        routine(touch);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }
    return STATUS_SUCCESS;
}

static NTSTATUS TouchBytes(PUCHAR buffer, ULONG bufferLength, const EXERCISER_PARAMETERS *parameters)
{
    TOUCH touch = { buffer, bufferLength, parameters->Length != 0 ? parameters->Length : bufferLength, parameters->Mode, NULL };
    return RunTouch(TouchEachByte, &touch, Writes(parameters->Mode), parameters->OutsideTry);
}

static NTSTATUS TouchPastEndOfOutput(PUCHAR output, ULONG outputLength, const EXERCISER_PARAMETERS *parameters)
{
    TOUCH touch = { output, outputLength, 8, parameters->Mode, NULL };
    if (outputLength < 4)
        return STATUS_BUFFER_TOO_SMALL;
    return RunTouch(TouchPastEnd, &touch, Writes(parameters->Mode), parameters->OutsideTry);
}

static NTSTATUS RtlMemory(PUCHAR output, ULONG outputLength, const EXERCISER_PARAMETERS *parameters)
{
    ULONG operation = parameters->Mode & EXERCISER_RTL_OPERATION_MASK;
    TOUCH touch = { output, outputLength, parameters->Length != 0 ? parameters->Length : outputLength, parameters->Mode, NULL };
    NTSTATUS status;
    if (operation > EXERCISER_RTL_MOVE_WITHIN_OUTPUT)
        return STATUS_INVALID_PARAMETER;
    if (touch.Length == 0)
        return STATUS_SUCCESS;
    /* The kernel side of the copies: pool, which the trace ignores (a kernel address). 0x3C marks
       what a copy to the output brought. */
    touch.Pool = ExAllocatePool2(POOL_FLAG_NON_PAGED, touch.Length, 'xExE');
    if (touch.Pool == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    RtlFillMemory(touch.Pool, touch.Length, 0x3C);
    status = RunTouch(TouchWithRtl, &touch,
                      operation != EXERCISER_RTL_COPY_FROM_OUTPUT && operation != EXERCISER_RTL_MOVE_FROM_OUTPUT,
                      parameters->OutsideTry);
    ExFreePoolWithTag(touch.Pool, 'xExE');
    return status;
}

/* A user pointer inside the (probed, captured) input: probing the input vouches for the input only. */
static NTSTATUS EmbeddedPointer(PUCHAR output, const EXERCISER_PARAMETERS *parameters)
{
    PUCHAR target = (parameters->Mode & EXERCISER_POINTER_FROM_OUTPUT) ? output + (ULONG_PTR)parameters->Value
                                                                       : (PUCHAR)(ULONG_PTR)parameters->Value;
    TOUCH touch = { target, parameters->Length, parameters->Length, parameters->Mode & ~EXERCISER_TOUCH_SPARSE, NULL };
    return RunTouch(TouchEachByte, &touch, Writes(parameters->Mode), parameters->OutsideTry);
}

static __declspec(noinline) int EnterAndLeaveTry(volatile UCHAR *byte)
{
    __try {
        return *byte == 0 ? 1 : 2;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return 0;
    }
}

/* Four one-byte touches, each on its own line and byte, in four __try situations. */
static NTSTATUS NestedTryTouch(PUCHAR output, ULONG outputLength, const EXERCISER_PARAMETERS *parameters)
{
    volatile UCHAR *bytes = output;
    BOOLEAN write = Writes(parameters->Mode);
    UCHAR scratch = 0;
    if (outputLength < 4)
        return STATUS_BUFFER_TOO_SMALL;
    if (parameters->Mode & EXERCISER_ACCESS_PROBE) {
        __try {
            ProbeFor(output, outputLength, write);
        } __except (EXCEPTION_EXECUTE_HANDLER) {
            return GetExceptionCode();
        }
    }
    __try {
        __try {
            if (write)
                bytes[0] = 0xA0; /* inner __try */
            else
                scratch = bytes[0];
        } __except (EXCEPTION_EXECUTE_HANDLER) {
            return GetExceptionCode();
        }
        if (write)
            bytes[1] = 0xA1; /* outer __try, the inner one has ended */
        else
            scratch = bytes[1];
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }
    if (write)
        bytes[2] = 0xA2; /* both have ended */
    else
        scratch = bytes[2];
    /* The helper returns from inside its __try, one frame below this one: whatever it leaves behind
       must not make the next touch count as guarded. */
    if (EnterAndLeaveTry(&scratch) == 0)
        return STATUS_UNSUCCESSFUL;
    if (write)
        bytes[3] = 0xA3; /* after a returned function's __try */
    else
        scratch = bytes[3];
    UNREFERENCED_PARAMETER(scratch);
    return STATUS_SUCCESS;
}

/* (f) and (g): a probe of output bytes [offset, offset + probeLength), then every byte of the output. */
static NTSTATUS ProbePartThenTouch(PUCHAR output, ULONG outputLength, ULONGLONG offset, ULONG probeLength, ULONG mode)
{
    TOUCH touch = { output, outputLength, outputLength, mode & EXERCISER_MODE_WRITE, NULL };
    __try {
        ProbeFor(output + (ULONG_PTR)offset, probeLength, Writes(mode));
        TouchEachByte(&touch);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }
    return STATUS_SUCCESS;
}

/* The buffered and direct ones: their parameters come from the system buffer (kernel memory). */
static NTSTATUS BufferedTouchUserBuffer(PIRP Irp, PIO_STACK_LOCATION stack)
{
    EXERCISER_PARAMETERS parameters;
    NTSTATUS status = ReadParameters(Irp->AssociatedIrp.SystemBuffer, stack->Parameters.DeviceIoControl.InputBufferLength,
                                     &parameters, FALSE);
    if (!NT_SUCCESS(status))
        return status;
    if (Irp->UserBuffer == NULL)
        return STATUS_INVALID_PARAMETER;
    return TouchBytes(Irp->UserBuffer, stack->Parameters.DeviceIoControl.OutputBufferLength, &parameters);
}

static NTSTATUS DirectTouchSystemAddress(PIRP Irp, PIO_STACK_LOCATION stack)
{
    EXERCISER_PARAMETERS parameters;
    PUCHAR system;
    ULONG byteCount;
    NTSTATUS status = ReadParameters(Irp->AssociatedIrp.SystemBuffer, stack->Parameters.DeviceIoControl.InputBufferLength,
                                     &parameters, FALSE);
    if (!NT_SUCCESS(status))
        return status;
    if (Irp->MdlAddress == NULL)
        return STATUS_INVALID_PARAMETER;
    system = MmGetSystemAddressForMdlSafe(Irp->MdlAddress, NormalPagePriority | MdlMappingNoExecute);
    if (system == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    byteCount = MmGetMdlByteCount(Irp->MdlAddress);
    /* A kernel view: no probe (probing a kernel address raises), and never past the MDL. */
    TOUCH touch = { system, byteCount, parameters.Length != 0 && parameters.Length < byteCount ? parameters.Length : byteCount,
                    parameters.Mode & EXERCISER_MODE_WRITE, NULL };
    __try {
        ULONG64 pass = 0;
        do {
            TouchEachByte(&touch);
        } while (++pass < parameters.Value);
        if ((parameters.Mode & EXERCISER_DIRECT_REPORT_ADDRESS) && byteCount >= 2 * sizeof(ULONG64)) {
            ((volatile ULONG64 UNALIGNED *)system)[0] = (ULONG64)(ULONG_PTR)system;
            ((volatile ULONG64 UNALIGNED *)system)[1] = (ULONG64)MmUserProbeAddress;
        }
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }
    return STATUS_SUCCESS;
}

static NTSTATUS Dispatch(PIRP Irp, PIO_STACK_LOCATION stack)
{
    ULONG code = stack->Parameters.DeviceIoControl.IoControlCode;
    ULONG inLength = stack->Parameters.DeviceIoControl.InputBufferLength;
    ULONG outLength = stack->Parameters.DeviceIoControl.OutputBufferLength;
    PVOID output = Irp->UserBuffer;
    EXERCISER_PARAMETERS parameters;
    NTSTATUS status;

    switch (code) {
    case IOCTL_EX_IRP_VIEW_BUFFERED:
    case IOCTL_EX_IRP_VIEW_IN_DIRECT:
    case IOCTL_EX_IRP_VIEW_OUT_DIRECT:
    case IOCTL_EX_IRP_VIEW_NEITHER:
    case IOCTL_EX_IRP_VIEW_WRITE_ACCESS:
    case IOCTL_EX_IRP_VIEW_READ_ACCESS:
        return IrpView(Irp, stack);
    case IOCTL_EX_SPIN_FOREVER: {
        volatile ULONG spins = 0;
        for (;;) {
            spins++;
        }
    }
    case IOCTL_EX_TRACE_UNKNOWN_FIELD: {
        /* Past the TraceLogging macros, straight to the shim, with a type no decoder knows. */
        const SIM_TLG_FIELD fields[] = { { 99, "Mystery", { .U64 = 1 } }, { 0, 0, { 0 } } };
        SimTraceLoggingWrite(ExerciserProvider, "Unreadable", fields);
        return STATUS_SUCCESS;
    }
    case IOCTL_EX_BUFFERED_TOUCH_USER_BUFFER:
        return BufferedTouchUserBuffer(Irp, stack);
    case IOCTL_EX_DIRECT_TOUCH_SYSTEM_ADDRESS:
        return DirectTouchSystemAddress(Irp, stack);
    case IOCTL_EX_STACK_UNINITIALIZED:
        if (Irp->AssociatedIrp.SystemBuffer == NULL)
            return STATUS_INVALID_PARAMETER;
        CopyUninitializedStack(Irp->AssociatedIrp.SystemBuffer, outLength);
        Irp->IoStatus.Information = outLength < 64 ? outLength : 64;
        return STATUS_SUCCESS;
    default:
        break;
    }

    status = ReadParameters(stack->Parameters.DeviceIoControl.Type3InputBuffer, inLength, &parameters,
                            IsAccessTraceNeither(code));
    if (!NT_SUCCESS(status))
        return status;
    switch (code) {
    case IOCTL_EX_PROBE_READ_OUTPUT:
        __try {
            ProbeForRead(output, outLength, parameters.Alignment);
        } __except (EXCEPTION_EXECUTE_HANDLER) {
            return GetExceptionCode();
        }
        return STATUS_SUCCESS;
    case IOCTL_EX_PROBE_WRITE_OUTPUT:
        __try {
            ProbeForWrite(output, outLength, parameters.Alignment);
        } __except (EXCEPTION_EXECUTE_HANDLER) {
            return GetExceptionCode();
        }
        return STATUS_SUCCESS;
    case IOCTL_EX_PROBE_RANGE:
        return ProbeRange(output, &parameters);
    case IOCTL_EX_TOUCH_ADDRESS:
        return TouchAddressGuarded(&parameters);
    case IOCTL_EX_INSTRUCTION:
        return ExecuteInstruction(&parameters);
    case IOCTL_EX_TOUCH_INSIDE_TRY:
        __try {
            TouchBuffer(output, outLength, parameters.Mode);
        } __except (EXCEPTION_EXECUTE_HANDLER) {
            return GetExceptionCode();
        }
        return STATUS_SUCCESS;
    case IOCTL_EX_TOUCH_OUTSIDE_TRY:
        TouchBuffer(output, outLength, parameters.Mode);
        return STATUS_SUCCESS;
    case IOCTL_EX_LEAVE_TRY_THEN_FAULT:
        return LeaveTryThenFault(Irp, outLength, parameters.Mode);
    case IOCTL_EX_POOL_OVERRUN:
        return PoolOverrun(outLength, parameters.Mode);
    case IOCTL_EX_POOL_USE_AFTER_FREE:
        return PoolUseAfterFree(outLength != 0 ? outLength : 16);
    case IOCTL_EX_POOL_CHURN:
        return PoolChurn(parameters.Mode);
    case IOCTL_EX_RAISE_STATUS:
        if (parameters.Mode == EXERCISER_RAISE_OUTSIDE_TRY)
            ExRaiseStatus((NTSTATUS)parameters.Status);
        __try {
            ExRaiseStatus((NTSTATUS)parameters.Status);
        } __except (EXCEPTION_EXECUTE_HANDLER) {
            return GetExceptionCode();
        }
        return STATUS_SUCCESS;
    case IOCTL_EX_NESTED_CONTINUE_SEARCH:
        return NestedContinueSearch();
    case IOCTL_EX_DIVIDE_BY_ZERO:
        return DivideByZero(parameters.Mode);
    case IOCTL_EX_TOUCH_BYTES:
        return TouchBytes(output, outLength, &parameters);
    case IOCTL_EX_TOUCH_PAST_END:
        return TouchPastEndOfOutput(output, outLength, &parameters);
    case IOCTL_EX_RTL_MEMORY:
        return RtlMemory(output, outLength, &parameters);
    case IOCTL_EX_EMBEDDED_POINTER:
        return EmbeddedPointer(output, &parameters);
    case IOCTL_EX_NESTED_TRY_TOUCH:
        return NestedTryTouch(output, outLength, &parameters);
    case IOCTL_EX_PROBE_ZERO_THEN_TOUCH:
        return ProbePartThenTouch(output, outLength, 0, 0, parameters.Mode);
    case IOCTL_EX_PROBE_PART_THEN_TOUCH:
        return ProbePartThenTouch(output, outLength, parameters.Value, parameters.Length, parameters.Mode);
    case IOCTL_EX_STACK_SMASH:
        return StackSmash(output, outLength, &parameters);
    case IOCTL_EX_EXECUTE_DATA:
        return ExecuteData(output, outLength, &parameters);
    case IOCTL_EX_LONG_COPY:
        return LongCopy(output, &parameters);
    case IOCTL_EX_POISON_POINTER:
        return PoisonPointer(&parameters);
    default:
        return STATUS_INVALID_DEVICE_REQUEST;
    }
}

/* The two completion bugs: each leaves the IRP as the I/O manager must then handle it. */
static NTSTATUS CompletionBug(PIRP Irp, PIO_STACK_LOCATION stack)
{
    ULONG code = stack->Parameters.DeviceIoControl.IoControlCode;
    EXERCISER_PARAMETERS parameters;
    NTSTATUS status = ReadParameters(Irp->AssociatedIrp.SystemBuffer, stack->Parameters.DeviceIoControl.InputBufferLength,
                                     &parameters, FALSE);
    if (!NT_SUCCESS(status))
        return status;
    if (Irp->AssociatedIrp.SystemBuffer != NULL)
        RtlFillMemory(Irp->AssociatedIrp.SystemBuffer, stack->Parameters.DeviceIoControl.OutputBufferLength, 0xAB);
    Irp->IoStatus.Status = (NTSTATUS)parameters.Status;
    Irp->IoStatus.Information = parameters.Information;
    if (code == IOCTL_EX_COMPLETE_TWICE) {
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
    }
    return (NTSTATUS)parameters.Status; /* RETURN_WITHOUT_COMPLETING: no IoCompleteRequest at all */
}

static NTSTATUS ValidateAccess(PIRP Irp, PIO_STACK_LOCATION stack)
{
    EXERCISER_PARAMETERS parameters;
    NTSTATUS status = ReadParameters(Irp->AssociatedIrp.SystemBuffer, stack->Parameters.DeviceIoControl.InputBufferLength,
                                     &parameters, FALSE);
    return NT_SUCCESS(status) ? IoValidateDeviceIoControlAccess(Irp, parameters.Mode) : status;
}

static NTSTATUS ExerciserDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    ULONG code = stack->Parameters.DeviceIoControl.IoControlCode;
    if (code == IOCTL_EX_RETURN_WITHOUT_COMPLETING || code == IOCTL_EX_COMPLETE_TWICE)
        return CompletionBug(Irp, stack);
    Irp->IoStatus.Information = 0;
    NTSTATUS status = code == IOCTL_EX_VALIDATE_ACCESS ? ValidateAccess(Irp, stack) : Dispatch(Irp, stack);
    Irp->IoStatus.Status = status;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

static NTSTATUS ExerciserCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

static VOID ExerciserUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING link = RTL_CONSTANT_STRING(L"\\DosDevices\\ShimExerciser");
    IoDeleteSymbolicLink(&link);
    if (DriverObject->DeviceObject != NULL)
        IoDeleteDevice(DriverObject->DeviceObject);
    TraceLoggingUnregister(ExerciserProvider);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\ShimExerciser");
    UNICODE_STRING link = RTL_CONSTANT_STRING(L"\\DosDevices\\ShimExerciser");
    PDEVICE_OBJECT device;
    NTSTATUS status = TraceLoggingRegister(ExerciserProvider);
    if (!NT_SUCCESS(status))
        return status;
    status = IoCreateDevice(DriverObject, 0, &name, EXERCISER_DEVICE_TYPE, FILE_DEVICE_SECURE_OPEN, FALSE, &device);
    if (!NT_SUCCESS(status)) {
        TraceLoggingUnregister(ExerciserProvider);
        return status;
    }
    status = IoCreateSymbolicLink(&link, &name);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(device);
        TraceLoggingUnregister(ExerciserProvider);
        return status;
    }
    DriverObject->MajorFunction[IRP_MJ_CREATE] = ExerciserCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = ExerciserCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = ExerciserDeviceControl;
    DriverObject->DriverUnload = ExerciserUnload;
    device->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}
