/*
 * driver.c - ObjectTable: a table of pool objects that lives across IOCTLs (object_table_ioctl.h).
 * An id is the slot number in its low 16 bits and a per-driver sequence number above them, so an id
 * written into a scenario by hand does not name a live object: the caller must pass back the id
 * CREATE returned. Written as an ordinary WDM driver: it compiles against the DDK as well as the shim.
 */
#include <ntddk.h>
#include "object_table_ioctl.h"

#define OT_POOL_TAG 'jbOT'

typedef struct _OT_OBJECT {
    ULONG64 Id;
    ULONG Value;
} OT_OBJECT, *POT_OBJECT;

DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD OtUnload;
static DRIVER_DISPATCH OtCreateClose;
static DRIVER_DISPATCH OtDeviceControl;

static POT_OBJECT OtTable[OT_TABLE_SLOTS];
static ULONG64 OtSequence;

/* The slot an id names, or -1. The correct paths also check the object's own id (a reused slot). */
static LONG OtSlotOf(ULONG64 Id)
{
    ULONG64 slot = Id & 0xFFFF;
    return (Id >> 16) != 0 && slot < OT_TABLE_SLOTS ? (LONG)slot : -1;
}

static NTSTATUS OtReadId(PIO_STACK_LOCATION Stack, PVOID SystemBuffer, PULONG64 Id)
{
    if (Stack->Parameters.DeviceIoControl.InputBufferLength < sizeof(ULONG64))
        return STATUS_INFO_LENGTH_MISMATCH;
    *Id = *(PULONG64)SystemBuffer;
    return STATUS_SUCCESS;
}

static NTSTATUS OtCreate(PIRP Irp, PIO_STACK_LOCATION Stack)
{
    PVOID buffer = Irp->AssociatedIrp.SystemBuffer;
    ULONG value = 0;
    POT_OBJECT object;
    LONG slot;

    if (Stack->Parameters.DeviceIoControl.OutputBufferLength < sizeof(ULONG64))
        return STATUS_BUFFER_TOO_SMALL;
    if (Stack->Parameters.DeviceIoControl.InputBufferLength >= sizeof(ULONG))
        value = *(PULONG)buffer;
    for (slot = 0; slot < OT_TABLE_SLOTS && OtTable[slot] != NULL; slot++)
        ;
    if (slot == OT_TABLE_SLOTS)
        return STATUS_INSUFFICIENT_RESOURCES;
    object = (POT_OBJECT)ExAllocatePoolWithTag(NonPagedPoolNx, sizeof(*object), OT_POOL_TAG);
    if (object == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    object->Id = (++OtSequence << 16) | (ULONG64)slot;
    object->Value = value;
    OtTable[slot] = object;
    *(PULONG64)buffer = object->Id;
    Irp->IoStatus.Information = sizeof(ULONG64);
    return STATUS_SUCCESS;
}

static NTSTATUS OtUse(PIRP Irp, PIO_STACK_LOCATION Stack)
{
    PVOID buffer = Irp->AssociatedIrp.SystemBuffer;
    POT_OBJECT object;
    ULONG64 id;
    NTSTATUS status;
    LONG slot;

    status = OtReadId(Stack, buffer, &id);
    if (!NT_SUCCESS(status))
        return status;
    if (Stack->Parameters.DeviceIoControl.OutputBufferLength < sizeof(ULONG))
        return STATUS_BUFFER_TOO_SMALL;
    slot = OtSlotOf(id);
    if (slot < 0 || OtTable[slot] == NULL)
        return STATUS_INVALID_HANDLE;
    object = OtTable[slot];
    /* After CLOSE_STALE the entry still points at the freed object: this read is the use after free. */
    if (object->Id != id)
        return STATUS_INVALID_HANDLE;
    *(PULONG)buffer = object->Value;
    Irp->IoStatus.Information = sizeof(ULONG);
    return STATUS_SUCCESS;
}

static NTSTATUS OtClose(PIRP Irp, PIO_STACK_LOCATION Stack, BOOLEAN RemoveEntry)
{
    ULONG64 id;
    NTSTATUS status;
    LONG slot;

    status = OtReadId(Stack, Irp->AssociatedIrp.SystemBuffer, &id);
    if (!NT_SUCCESS(status))
        return status;
    slot = OtSlotOf(id);
    if (slot < 0 || OtTable[slot] == NULL)
        return STATUS_INVALID_HANDLE;
    if (RemoveEntry) {
        if (OtTable[slot]->Id != id)
            return STATUS_INVALID_HANDLE;
        ExFreePoolWithTag(OtTable[slot], OT_POOL_TAG);
        OtTable[slot] = NULL;
    } else {
        /* The defect: the entry keeps pointing at the freed object (and its id is never checked). */
        ExFreePoolWithTag(OtTable[slot], OT_POOL_TAG);
    }
    return STATUS_SUCCESS;
}

static NTSTATUS OtDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status;

    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Information = 0;
    switch (stack->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_OT_PING:
        if (stack->Parameters.DeviceIoControl.OutputBufferLength < sizeof(ULONG)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        *(PULONG)Irp->AssociatedIrp.SystemBuffer = OT_PING_MAGIC;
        Irp->IoStatus.Information = sizeof(ULONG);
        status = STATUS_SUCCESS;
        break;
    case IOCTL_OT_CREATE:
        status = OtCreate(Irp, stack);
        break;
    case IOCTL_OT_USE:
        status = OtUse(Irp, stack);
        break;
    case IOCTL_OT_CLOSE:
        status = OtClose(Irp, stack, TRUE);
        break;
    case IOCTL_OT_CLOSE_STALE:
        status = OtClose(Irp, stack, FALSE);
        break;
    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }
    if (!NT_SUCCESS(status))
        Irp->IoStatus.Information = 0;
    Irp->IoStatus.Status = status;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

static NTSTATUS OtCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

static VOID OtUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING dosDeviceName;
    LONG slot;

    for (slot = 0; slot < OT_TABLE_SLOTS; slot++) {
        if (OtTable[slot] != NULL)
            ExFreePoolWithTag(OtTable[slot], OT_POOL_TAG);
        OtTable[slot] = NULL;
    }
    RtlInitUnicodeString(&dosDeviceName, OBJECT_TABLE_DOS_DEVICE_NAME);
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
    RtlInitUnicodeString(&deviceName, OBJECT_TABLE_DEVICE_NAME);
    status = IoCreateDevice(DriverObject, 0, &deviceName, OBJECT_TABLE_DEVICE_TYPE, FILE_DEVICE_SECURE_OPEN, FALSE,
                            &deviceObject);
    if (!NT_SUCCESS(status))
        return status;

    /* The dispatch table is complete before the symbolic link makes the device reachable. */
    DriverObject->MajorFunction[IRP_MJ_CREATE] = OtCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = OtCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = OtDeviceControl;
    DriverObject->DriverUnload = OtUnload;

    RtlInitUnicodeString(&dosDeviceName, OBJECT_TABLE_DOS_DEVICE_NAME);
    status = IoCreateSymbolicLink(&dosDeviceName, &deviceName);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(deviceObject);
        return status;
    }
    return STATUS_SUCCESS;
}
