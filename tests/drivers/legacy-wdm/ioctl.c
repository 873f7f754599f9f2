/*++

Module Name:

    ioctl.c

Abstract:

    IRP_MJ_DEVICE_CONTROL of the LegacyWdm test driver: one routine per
    control code. Buffered requests work on the system buffer; the
    METHOD_NEITHER ones probe the caller's pointers inside try/except and
    capture what they read exactly once.

Environment:

    Kernel mode only, PASSIVE_LEVEL.

--*/

#include "legacy.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, LegacyDeviceControl)
#endif

static
NTSTATUS
LegacyGetVersion(
    _In_ PIRP Irp,
    _In_ PIO_STACK_LOCATION IrpStack
    )
{
    PLEGACY_VERSION version = Irp->AssociatedIrp.SystemBuffer;

    if (IrpStack->Parameters.DeviceIoControl.OutputBufferLength < sizeof(LEGACY_VERSION)) {
        return STATUS_BUFFER_TOO_SMALL;
    }

    version->Major = LEGACY_VERSION_MAJOR;
    version->Minor = LEGACY_VERSION_MINOR;
    Irp->IoStatus.Information = sizeof(LEGACY_VERSION);

    return STATUS_SUCCESS;
}

static
NTSTATUS
LegacyEcho(
    _In_ PIRP Irp,
    _In_ PIO_STACK_LOCATION IrpStack
    )
/*++

Routine Description:

    Returns the input bytes. The system buffer already holds them and is
    copied back to the output, so only the length is set.

--*/
{
    PUCHAR buffer = Irp->AssociatedIrp.SystemBuffer;
    ULONG inputLength = IrpStack->Parameters.DeviceIoControl.InputBufferLength;
    ULONG outputLength = IrpStack->Parameters.DeviceIoControl.OutputBufferLength;

    if (inputLength == 0 || inputLength > LEGACY_MAX_ECHO) {
        return STATUS_INVALID_PARAMETER;
    }

    if (outputLength < inputLength) {
        return STATUS_BUFFER_TOO_SMALL;
    }

    //
    // Debug builds dump the first two words of every echo. The dump reads
    // eight bytes whatever the length: a one-byte echo reads past the system
    // buffer. A release build compiles KdPrint away with its arguments (this
    // is the latent checked-build bug the test suite shows).
    //
    KdPrint(("LegacyWdm: echo %u bytes: %08X %08X\n",
             inputLength,
             ((PULONG)buffer)[0],
             ((PULONG)buffer)[1]));

    Irp->IoStatus.Information = inputLength;

    return STATUS_SUCCESS;
}

static
NTSTATUS
LegacyLog(
    _In_ PDEVICE_OBJECT DeviceObject,
    _In_ PIRP Irp,
    _In_ PIO_STACK_LOCATION IrpStack
    )
{
    PLEGACY_DEVICE_EXTENSION extension = DeviceObject->DeviceExtension;
    ULONG inputLength = IrpStack->Parameters.DeviceIoControl.InputBufferLength;

    if (inputLength == 0 || inputLength > LEGACY_MAX_LOG) {
        return STATUS_INVALID_PARAMETER;
    }

    return LegacyLogWrite(extension, Irp->AssociatedIrp.SystemBuffer, inputLength);
}

static
NTSTATUS
LegacySum(
    _In_ PIRP Irp,
    _In_ PIO_STACK_LOCATION IrpStack
    )
/*++

Routine Description:

    Adds the ULONGs of the caller's input and writes the sum to the caller's
    output, both raw user pointers (METHOD_NEITHER).

--*/
{
    PVOID input = IrpStack->Parameters.DeviceIoControl.Type3InputBuffer;
    ULONG inputLength = IrpStack->Parameters.DeviceIoControl.InputBufferLength;
    ULONG outputLength = IrpStack->Parameters.DeviceIoControl.OutputBufferLength;
    PULONG output = Irp->UserBuffer;
    PULONG values;
    ULONG count;
    ULONG index;
    ULONG sum = 0;
    NTSTATUS status = STATUS_SUCCESS;

    if (inputLength == 0 || inputLength > LEGACY_MAX_SUM_BYTES ||
        (inputLength % sizeof(ULONG)) != 0) {
        return STATUS_INVALID_PARAMETER;
    }

    if (outputLength < sizeof(ULONG)) {
        return STATUS_BUFFER_TOO_SMALL;
    }

    values = ExAllocatePoolWithTag(PagedPool, inputLength, LEGACY_TAG_SUM);

    if (values == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    //
    // Capture the input once: the caller can change its pages at any time.
    //
    try {
        ProbeForRead(input, inputLength, sizeof(ULONG));
        RtlCopyMemory(values, input, inputLength);
    } except (EXCEPTION_EXECUTE_HANDLER) {
        status = GetExceptionCode();
    }

    if (NT_SUCCESS(status)) {
        count = inputLength / sizeof(ULONG);

        for (index = 0; index < count; index++) {
            sum += values[index];
        }

        try {
            ProbeForWrite(output, sizeof(ULONG), sizeof(ULONG));
            *output = sum;
            Irp->IoStatus.Information = sizeof(ULONG);
        } except (EXCEPTION_EXECUTE_HANDLER) {
            status = GetExceptionCode();
        }
    }

    ExFreePoolWithTag(values, LEGACY_TAG_SUM);

    return status;
}

static
NTSTATUS
LegacyGetStats(
    _In_ PDEVICE_OBJECT DeviceObject,
    _In_ PIRP Irp,
    _In_ PIO_STACK_LOCATION IrpStack
    )
{
    PLEGACY_DEVICE_EXTENSION extension = DeviceObject->DeviceExtension;
    PVOID output = Irp->UserBuffer;
    LEGACY_STATS stats;
    NTSTATUS status = STATUS_SUCCESS;

    if (IrpStack->Parameters.DeviceIoControl.OutputBufferLength < sizeof(LEGACY_STATS)) {
        return STATUS_BUFFER_TOO_SMALL;
    }

    //
    // Built in full on the stack first: no uninitialized byte reaches the
    // caller.
    //
    RtlZeroMemory(&stats, sizeof(stats));
    stats.Opens = (ULONG)extension->Opens;
    stats.Requests = (ULONG)extension->Requests;
    stats.BytesLogged = extension->BytesLogged;

    try {
        ProbeForWrite(output, sizeof(LEGACY_STATS), sizeof(ULONG));
        RtlCopyMemory(output, &stats, sizeof(LEGACY_STATS));
        Irp->IoStatus.Information = sizeof(LEGACY_STATS);
    } except (EXCEPTION_EXECUTE_HANDLER) {
        status = GetExceptionCode();
    }

    return status;
}

NTSTATUS
LegacyDeviceControl(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PLEGACY_DEVICE_EXTENSION extension = DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION irpStack = IoGetCurrentIrpStackLocation(Irp);
    PLEGACY_OPEN_CONTEXT context = irpStack->FileObject->FsContext;
    NTSTATUS status;

    PAGED_CODE();

    Irp->IoStatus.Information = 0;
    InterlockedIncrement(&extension->Requests);

    if (context != NULL) {
        context->Requests++;
    }

    switch (irpStack->Parameters.DeviceIoControl.IoControlCode) {

    case IOCTL_LEGACY_GET_VERSION:
        status = LegacyGetVersion(Irp, irpStack);
        break;

    case IOCTL_LEGACY_ECHO:
        status = LegacyEcho(Irp, irpStack);
        break;

    case IOCTL_LEGACY_LOG:
        status = LegacyLog(DeviceObject, Irp, irpStack);
        break;

    case IOCTL_LEGACY_SUM:
        status = LegacySum(Irp, irpStack);
        break;

    case IOCTL_LEGACY_GET_STATS:
        status = LegacyGetStats(DeviceObject, Irp, irpStack);
        break;

    default:
        LegacyPrint("unknown control code 0x%08X\n",
                    irpStack->Parameters.DeviceIoControl.IoControlCode);
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    if (!NT_SUCCESS(status)) {
        Irp->IoStatus.Information = 0;
    }

    Irp->IoStatus.Status = status;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);

    return status;
}
