/*
 * driver.c - EmbeddedPointers: loading, unloading, CREATE/CLOSE, and the IOCTL dispatch that
 * hands each METHOD_NEITHER request to its handler (trusting.c, probed.c) and completes it.
 * Written as an ordinary WDM driver: it compiles against the DDK as well as the shim.
 */
#include "embedded_pointers.h"

DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD EpUnload;
static DRIVER_DISPATCH EpCreateClose;
static DRIVER_DISPATCH EpDeviceControl;

static NTSTATUS EpPing(PIRP Irp, PIO_STACK_LOCATION stack)
{
    if (stack->Parameters.DeviceIoControl.OutputBufferLength < sizeof(ULONG))
        return STATUS_BUFFER_TOO_SMALL;
    *(PULONG)Irp->AssociatedIrp.SystemBuffer = EP_PING_MAGIC;
    Irp->IoStatus.Information = sizeof(ULONG);
    return STATUS_SUCCESS;
}

static NTSTATUS EpDispatchNeither(PIRP Irp, PIO_STACK_LOCATION stack)
{
    EP_REQUEST request;
    NTSTATUS status;

    request.RequestorMode = Irp->RequestorMode;
    request.Input = stack->Parameters.DeviceIoControl.Type3InputBuffer;
    request.InputLength = stack->Parameters.DeviceIoControl.InputBufferLength;
    request.Output = Irp->UserBuffer;
    request.OutputLength = stack->Parameters.DeviceIoControl.OutputBufferLength;
    request.Information = 0;

    switch (stack->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_EP_WRITE_WHAT_WHERE:
        status = EpTrustingWriteWhatWhere(&request);
        break;
    case IOCTL_EP_WRITE_WHAT_WHERE_PROBED:
        status = EpProbedWriteWhatWhere(&request);
        break;
    case IOCTL_EP_ARBITRARY_READ:
        status = EpTrustingArbitraryRead(&request);
        break;
    case IOCTL_EP_ARBITRARY_READ_PROBED:
        status = EpProbedArbitraryRead(&request);
        break;
    case IOCTL_EP_WRITE_NULL:
        status = EpTrustingWriteNull(&request);
        break;
    case IOCTL_EP_WRITE_NULL_PROBED:
        status = EpProbedWriteNull(&request);
        break;
    case IOCTL_EP_ARBITRARY_INCREMENT:
        status = EpTrustingIncrement(&request);
        break;
    case IOCTL_EP_ARBITRARY_INCREMENT_PROBED:
        status = EpProbedIncrement(&request);
        break;
    default:
        return STATUS_INVALID_DEVICE_REQUEST;
    }
    /* Information only with success: an error completion reports none. */
    Irp->IoStatus.Information = NT_SUCCESS(status) ? request.Information : 0;
    return status;
}

static NTSTATUS EpDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status;

    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Information = 0;
    if (stack->Parameters.DeviceIoControl.IoControlCode == IOCTL_EP_PING)
        status = EpPing(Irp, stack);
    else
        status = EpDispatchNeither(Irp, stack);
    Irp->IoStatus.Status = status;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

static NTSTATUS EpCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

static VOID EpUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING dosDeviceName;

    RtlInitUnicodeString(&dosDeviceName, EMBEDDED_POINTERS_DOS_DEVICE_NAME);
    IoDeleteSymbolicLink(&dosDeviceName);
    if (DriverObject->DeviceObject != NULL)
        IoDeleteDevice(DriverObject->DeviceObject);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING deviceName;
    UNICODE_STRING dosDeviceName;
    PDEVICE_OBJECT deviceObject = NULL;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);
    RtlInitUnicodeString(&deviceName, EMBEDDED_POINTERS_DEVICE_NAME);
    status = IoCreateDevice(DriverObject, 0, &deviceName, EMBEDDED_POINTERS_DEVICE_TYPE, FILE_DEVICE_SECURE_OPEN, FALSE,
                            &deviceObject);
    if (!NT_SUCCESS(status))
        return status;

    /* The dispatch table is complete before the symbolic link makes the device reachable. */
    DriverObject->MajorFunction[IRP_MJ_CREATE] = EpCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = EpCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = EpDeviceControl;
    DriverObject->DriverUnload = EpUnload;

    RtlInitUnicodeString(&dosDeviceName, EMBEDDED_POINTERS_DOS_DEVICE_NAME);
    status = IoCreateSymbolicLink(&dosDeviceName, &deviceName);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(deviceObject);
        return status;
    }
    return STATUS_SUCCESS;
}
