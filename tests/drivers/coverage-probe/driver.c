/*
 * driver.c - CoverageProbe: a tiny WDM driver whose reached lines are known, for the tests of
 * `run --coverage` (tests/Conformance.Engine.Tests/CoverageTests.cs). Every line that holds code
 * ends in a mark: "reached" for the lines its catalog runs, "never" for the rest. BRANCH takes only
 * its long-input arm; CRASH counts a step, then writes through NULL outside any __try, a bugcheck
 * that ends the host in the middle of the run; UNUSED is never sent.
 * The marks are what its gcc build (Makefile, -Og) counts; lines without a mark either ran or hold
 * no code. Built with gcc (`make coverage`) and with `conformance build-driver` (clang) in the tests.
 */
#include <ntddk.h>

#define IOCTL_PROBE_BRANCH CTL_CODE(FILE_DEVICE_UNKNOWN, 0x900, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_PROBE_UNUSED CTL_CODE(FILE_DEVICE_UNKNOWN, 0x901, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_PROBE_CRASH  CTL_CODE(FILE_DEVICE_UNKNOWN, 0x902, METHOD_BUFFERED, FILE_ANY_ACCESS)

DRIVER_INITIALIZE DriverEntry;
static DRIVER_DISPATCH ProbeCreateClose;
static DRIVER_DISPATCH ProbeDeviceControl;

static ULONG LongInputs, ShortInputs, Unknown, CrashSteps;

static NTSTATUS ProbeBranch(ULONG inputLength)
{
    if (inputLength >= sizeof(ULONG)) {                              /* reached */
        LongInputs++;                                                /* reached */
        return STATUS_SUCCESS;                                       /* reached */
    }
    ShortInputs++;                                                   /* never */
    return STATUS_BUFFER_TOO_SMALL;                                  /* never */
}

static NTSTATUS ProbeUnused(void)                                    /* never */
{
    CrashSteps = 0;                                                  /* never */
    return STATUS_NOT_IMPLEMENTED;                                   /* never */
}

static VOID ProbeCrashWrite(volatile ULONG *target)
{
    *target = CrashSteps;                                            /* reached */
}

static NTSTATUS ProbeCrash(void)
{
    CrashSteps++;                                                    /* reached */
    ProbeCrashWrite(NULL);                                           /* reached */
    if (CrashSteps > 1) {                                            /* never */
        return STATUS_UNSUCCESSFUL;                                  /* never */
    }
    return STATUS_SUCCESS;
}

static NTSTATUS ProbeDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);    /* reached */
    NTSTATUS status;
    UNREFERENCED_PARAMETER(DeviceObject);

    switch (stack->Parameters.DeviceIoControl.IoControlCode) {      /* reached */
    case IOCTL_PROBE_BRANCH:
        status = ProbeBranch(stack->Parameters.DeviceIoControl.InputBufferLength); /* reached */
        break;
    case IOCTL_PROBE_UNUSED:                                         /* never */
        status = ProbeUnused();                                      /* never */
        break;                                                       /* never */
    case IOCTL_PROBE_CRASH:
        status = ProbeCrash();                                       /* reached */
        break;
    default:                                                         /* never */
        Unknown++;                                                   /* never */
        status = STATUS_INVALID_DEVICE_REQUEST;                      /* never */
        break;                                                       /* never */
    }
    Irp->IoStatus.Status = status;                                   /* reached */
    Irp->IoStatus.Information = 0;                                   /* reached */
    IoCompleteRequest(Irp, IO_NO_INCREMENT);                         /* reached */
    return status;                                                   /* reached */
}

static NTSTATUS ProbeCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;                           /* reached */
    Irp->IoStatus.Information = 0;                                   /* reached */
    IoCompleteRequest(Irp, IO_NO_INCREMENT);                         /* reached */
    return STATUS_SUCCESS;                                           /* reached */
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING name;
    PDEVICE_OBJECT device;
    UNREFERENCED_PARAMETER(RegistryPath);

    RtlInitUnicodeString(&name, L"\\Device\\CoverageProbe");         /* reached */
    DriverObject->MajorFunction[IRP_MJ_CREATE] = ProbeCreateClose;   /* reached */
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = ProbeCreateClose;    /* reached */
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = ProbeDeviceControl; /* reached */
    return IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_UNKNOWN, 0, FALSE, &device); /* reached */
}
