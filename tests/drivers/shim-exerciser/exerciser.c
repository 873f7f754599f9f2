/*
 * exerciser.c - the shim exerciser (test-only WDM driver). See exerciser_ioctl.h.
 * Written as an ordinary WDM driver: it compiles against the DDK as well as the shim.
 */
#include <ntddk.h>
#include <TraceLoggingProvider.h>
#include "exerciser_ioctl.h"

/* Reading an uninitialized stack buffer is the point of IOCTL_EX_STACK_UNINITIALIZED. */
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"

TRACELOGGING_DEFINE_PROVIDER(ExerciserProvider, "Contoso-Conformance-ShimExerciser",
                             (0x6c0b4a2e, 0x1f3d, 0x5a6b, 0x9c, 0x1e, 0x2d, 0x3f, 0x4a, 0x5b, 0x6c, 0x7d));

DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD ExerciserUnload;
static DRIVER_DISPATCH ExerciserCreateClose;
static DRIVER_DISPATCH ExerciserDeviceControl;

static NTSTATUS ReadParameters(PVOID source, ULONG length, EXERCISER_PARAMETERS *parameters)
{
    RtlZeroMemory(parameters, sizeof(*parameters));
    if (source == NULL || length < sizeof(*parameters))
        return STATUS_SUCCESS; /* all-zero parameters */
    __try {
        RtlCopyMemory(parameters, source, sizeof(*parameters));
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
    NTSTATUS status = ReadParameters(parameterSource, inLength, &parameters);
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
    case IOCTL_EX_STACK_UNINITIALIZED:
        if (Irp->AssociatedIrp.SystemBuffer == NULL)
            return STATUS_INVALID_PARAMETER;
        CopyUninitializedStack(Irp->AssociatedIrp.SystemBuffer, outLength);
        Irp->IoStatus.Information = outLength < 64 ? outLength : 64;
        return STATUS_SUCCESS;
    default:
        break;
    }

    status = ReadParameters(stack->Parameters.DeviceIoControl.Type3InputBuffer, inLength, &parameters);
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
                                     &parameters);
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
                                     &parameters);
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
