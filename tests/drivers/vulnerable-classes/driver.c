/*++

Module Name:

    driver.c

Abstract:

    VulnerableClasses: DriverEntry, unload, create/close, and the IOCTL dispatch that hands each
    request to its handler and completes it.

--*/

#include "vulnerable_classes.h"

#define VC_DEVICE_NAME     L"\\Device\\VulnerableClasses"
#define VC_DOS_DEVICE_NAME L"\\DosDevices\\VulnerableClasses"

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD VcUnload;

_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH VcCreateClose;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL) DRIVER_DISPATCH VcDeviceControl;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, VcUnload)
#endif

VOID
VcObjectCallback(
    VOID
    )
{
    VcTrace("object callback\n");
}

NTSTATUS
VcCaptureUserValue(
    _In_ PIO_STACK_LOCATION IrpSp,
    _Out_ PULONG Value
    )
{
    PULONG userValue = IrpSp->Parameters.DeviceIoControl.Type3InputBuffer;

    *Value = 0;
    if (IrpSp->Parameters.DeviceIoControl.InputBufferLength < sizeof(ULONG)) {
        return STATUS_INFO_LENGTH_MISMATCH;
    }
    try {
        ProbeForRead(userValue, sizeof(ULONG), sizeof(ULONG));
        *Value = *userValue;
    } except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }
    return STATUS_SUCCESS;
}

static
NTSTATUS
VcPing(
    _In_ PIRP Irp,
    _In_ PIO_STACK_LOCATION IrpSp
    )
{
    if (IrpSp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(ULONG)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    *(PULONG)Irp->AssociatedIrp.SystemBuffer = VC_PING_MAGIC;
    Irp->IoStatus.Information = sizeof(ULONG);
    return STATUS_SUCCESS;
}

NTSTATUS
VcDeviceControl(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status;

    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Information = 0;

    switch (irpSp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_VC_PING:                 status = VcPing(Irp, irpSp); break;
    case IOCTL_VC_STACK_OVERFLOW_GS:    status = VcStackOverflowGs(Irp, irpSp); break;
    case IOCTL_VC_STACK_OVERFLOW_NO_GS: status = VcStackOverflowNoGs(Irp, irpSp); break;
    case IOCTL_VC_POOL_OVERFLOW:        status = VcPoolOverflow(Irp, irpSp); break;
    case IOCTL_VC_ALLOC_OBJECT:         status = VcAllocObject(Irp, irpSp); break;
    case IOCTL_VC_FREE_OBJECT:          status = VcFreeObject(Irp, irpSp); break;
    case IOCTL_VC_USE_OBJECT:           status = VcUseObject(Irp, irpSp); break;
    case IOCTL_VC_TYPE_CONFUSION:       status = VcTypeConfusion(Irp, irpSp); break;
    case IOCTL_VC_INTEGER_OVERFLOW:     status = VcIntegerOverflow(Irp, irpSp); break;
    case IOCTL_VC_NULL_DEREFERENCE:     status = VcNullDereference(Irp, irpSp); break;
    case IOCTL_VC_UNINITIALIZED_STACK:  status = VcUninitializedStack(Irp, irpSp); break;
    case IOCTL_VC_UNINITIALIZED_POOL:   status = VcUninitializedPool(Irp, irpSp); break;
    case IOCTL_VC_WRITE_WHAT_WHERE:     status = VcWriteWhatWhere(Irp, irpSp); break;
    case IOCTL_VC_WRITE_NULL:           status = VcWriteNull(Irp, irpSp); break;
    case IOCTL_VC_ARBITRARY_INCREMENT:  status = VcArbitraryIncrement(Irp, irpSp); break;
    case IOCTL_VC_MEMORY_DISCLOSURE:    status = VcMemoryDisclosure(Irp, irpSp); break;
    case IOCTL_VC_OPEN_USER_FILE:       status = VcOpenUserFile(Irp, irpSp); break;
    default:
        VcError("unknown control code 0x%08X\n", irpSp->Parameters.DeviceIoControl.IoControlCode);
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

NTSTATUS
VcCreateClose(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

VOID
VcUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNICODE_STRING dosDeviceName;

    VcFreeObjects();
    RtlInitUnicodeString(&dosDeviceName, VC_DOS_DEVICE_NAME);
    IoDeleteSymbolicLink(&dosDeviceName);
    if (DriverObject->DeviceObject != NULL) {
        IoDeleteDevice(DriverObject->DeviceObject);
    }
    VcTrace("unloaded\n");
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNICODE_STRING deviceName;
    UNICODE_STRING dosDeviceName;
    PDEVICE_OBJECT deviceObject = NULL;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);
    VcTrace("DriverEntry (%s build)\n", FIXED_TWIN ? "fixed" : "vulnerable");

    RtlInitUnicodeString(&deviceName, VC_DEVICE_NAME);
    status = IoCreateDevice(DriverObject, 0, &deviceName, VC_DEVICE_TYPE, FILE_DEVICE_SECURE_OPEN, FALSE,
                            &deviceObject);
    if (!NT_SUCCESS(status)) {
        VcError("IoCreateDevice failed: 0x%08X\n", status);
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = VcCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = VcCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = VcDeviceControl;
    DriverObject->DriverUnload = VcUnload;

    RtlInitUnicodeString(&dosDeviceName, VC_DOS_DEVICE_NAME);
    status = IoCreateSymbolicLink(&dosDeviceName, &deviceName);
    if (!NT_SUCCESS(status)) {
        VcError("IoCreateSymbolicLink failed: 0x%08X\n", status);
        IoDeleteDevice(deviceObject);
        return status;
    }
    return STATUS_SUCCESS;
}
