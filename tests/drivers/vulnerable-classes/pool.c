/*++

Module Name:

    pool.c

Abstract:

    Pool bugs: a copy into a fixed pool buffer sized by the caller, an object freed by one
    request and used (or freed again) by the next, an object used before it is initialised, and
    a structure copied to the caller with bytes nobody wrote.

--*/

#include "vulnerable_classes.h"

//
// The object of the ALLOC / FREE / USE requests. One per driver: requests from every caller share
// it, which is what makes the dangling pointer reachable across calls.
//
static PVC_OBJECT VcSharedObject;

NTSTATUS
VcPoolOverflow(
    _In_ PIRP Irp,
    _In_ PIO_STACK_LOCATION IrpSp
    )
{
    PVOID userBuffer = IrpSp->Parameters.DeviceIoControl.Type3InputBuffer;
    SIZE_T length = IrpSp->Parameters.DeviceIoControl.InputBufferLength;
    PUCHAR kernelBuffer;
    NTSTATUS status = STATUS_SUCCESS;

    UNREFERENCED_PARAMETER(Irp);
#if FIXED_TWIN
    if (length > VC_POOL_BUFFER_SIZE) {
        return STATUS_INVALID_BUFFER_SIZE;
    }
#endif
    kernelBuffer = ExAllocatePoolWithTag(NonPagedPool, VC_POOL_BUFFER_SIZE, VC_TAG);
    if (kernelBuffer == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    try {
        ProbeForRead(userBuffer, length, 1);
        RtlCopyMemory(kernelBuffer, userBuffer, length);
    } except (EXCEPTION_EXECUTE_HANDLER) {
        status = GetExceptionCode();
    }
    ExFreePoolWithTag(kernelBuffer, VC_TAG);
    return status;
}

NTSTATUS
VcAllocObject(
    _In_ PIRP Irp,
    _In_ PIO_STACK_LOCATION IrpSp
    )
{
    PVOID userBuffer = IrpSp->Parameters.DeviceIoControl.Type3InputBuffer;
    ULONG length = IrpSp->Parameters.DeviceIoControl.InputBufferLength;
    PVC_OBJECT object;
    NTSTATUS status = STATUS_SUCCESS;

    UNREFERENCED_PARAMETER(Irp);
    if (length > VC_OBJECT_DATA_SIZE) {
        return STATUS_INVALID_BUFFER_SIZE;
    }
    if (VcSharedObject != NULL) {
        return STATUS_INVALID_DEVICE_STATE;
    }
    object = ExAllocatePoolWithTag(NonPagedPool, sizeof(VC_OBJECT), VC_TAG);
    if (object == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlZeroMemory(object, sizeof(VC_OBJECT));
    object->Callback = VcObjectCallback;
    try {
        ProbeForRead(userBuffer, length, 1);
        RtlCopyMemory(object->Data, userBuffer, length);
    } except (EXCEPTION_EXECUTE_HANDLER) {
        status = GetExceptionCode();
    }
    if (!NT_SUCCESS(status)) {
        ExFreePoolWithTag(object, VC_TAG);
        return status;
    }
    VcSharedObject = object;
    VcTrace("object %p allocated\n", object);
    return STATUS_SUCCESS;
}

NTSTATUS
VcFreeObject(
    _In_ PIRP Irp,
    _In_ PIO_STACK_LOCATION IrpSp
    )
{
    UNREFERENCED_PARAMETER(Irp);
    UNREFERENCED_PARAMETER(IrpSp);
    if (VcSharedObject == NULL) {
        return STATUS_INVALID_DEVICE_STATE;
    }
    VcTrace("freeing object %p\n", VcSharedObject);
    ExFreePoolWithTag(VcSharedObject, VC_TAG);
#if FIXED_TWIN
    VcSharedObject = NULL;
#endif
    return STATUS_SUCCESS;
}

NTSTATUS
VcUseObject(
    _In_ PIRP Irp,
    _In_ PIO_STACK_LOCATION IrpSp
    )
{
    PVOID userBuffer = Irp->UserBuffer;
    ULONG length = IrpSp->Parameters.DeviceIoControl.OutputBufferLength;
    NTSTATUS status = STATUS_SUCCESS;

    if (VcSharedObject == NULL) {
        return STATUS_INVALID_DEVICE_STATE;
    }
    if (length > VC_OBJECT_DATA_SIZE) {
        length = VC_OBJECT_DATA_SIZE;
    }
    VcSharedObject->Callback();
    try {
        ProbeForWrite(userBuffer, length, 1);
        RtlCopyMemory(userBuffer, VcSharedObject->Data, length);
        Irp->IoStatus.Information = length;
    } except (EXCEPTION_EXECUTE_HANDLER) {
        status = GetExceptionCode();
    }
    return status;
}

VOID
VcFreeObjects(
    VOID
    )
{
    // At unload the vulnerable build may hold a pointer it already freed: leave it.
#if FIXED_TWIN
    if (VcSharedObject != NULL) {
        ExFreePoolWithTag(VcSharedObject, VC_TAG);
        VcSharedObject = NULL;
    }
#endif
}

//
// A pool object whose callback is set only when the caller sends the magic value.
//
NTSTATUS
VcUninitializedPool(
    _In_ PIRP Irp,
    _In_ PIO_STACK_LOCATION IrpSp
    )
{
    PVC_OBJECT object;
    ULONG value;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(Irp);
    status = VcCaptureUserValue(IrpSp, &value);
    if (!NT_SUCCESS(status)) {
        return status;
    }

#if FIXED_TWIN
    object = ExAllocatePoolZero(PagedPool, sizeof(VC_OBJECT), VC_TAG);
#else
    object = ExAllocatePoolWithTag(PagedPool, sizeof(VC_OBJECT), VC_TAG);
#endif
    if (object == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    if (value == VC_MAGIC) {
        object->Callback = VcObjectCallback;
    }
    if (object->Callback != NULL) {
        object->Callback();
    }
    ExFreePoolWithTag(object, VC_TAG);
    return value == VC_MAGIC ? STATUS_SUCCESS : STATUS_INVALID_PARAMETER;
}

//
// The device's description, built in pool: version, flags and name are set, the reserved words
// are not, and the whole structure goes back to the caller.
//
NTSTATUS
VcMemoryDisclosure(
    _In_ PIRP Irp,
    _In_ PIO_STACK_LOCATION IrpSp
    )
{
    static const CHAR name[] = "VulnerableClass";
    PVC_DEVICE_INFO info;

    if (IrpSp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(VC_DEVICE_INFO)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    info = ExAllocatePoolWithTag(NonPagedPool, sizeof(VC_DEVICE_INFO), VC_TAG);
    if (info == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
#if FIXED_TWIN
    RtlZeroMemory(info, sizeof(VC_DEVICE_INFO));
#endif
    info->Version = 1;
    info->Flags = 0;
    RtlCopyMemory(info->Name, name, sizeof(name));
    RtlCopyMemory(Irp->AssociatedIrp.SystemBuffer, info, sizeof(VC_DEVICE_INFO));
    ExFreePoolWithTag(info, VC_TAG);
    Irp->IoStatus.Information = sizeof(VC_DEVICE_INFO);
    return STATUS_SUCCESS;
}
