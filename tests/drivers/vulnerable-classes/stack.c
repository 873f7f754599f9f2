/*++

Module Name:

    stack.c

Abstract:

    Stack bugs: a copy into a fixed stack buffer sized by the caller (with and without a /GS
    cookie), and a stack object used before it is initialised.

--*/

#include "vulnerable_classes.h"

//
// The buffer's own function: the copy is the caller's length, probed by the handler that calls
// it inside its __try.
//
static
VOID
VcCopyToStackBuffer(
    _In_reads_bytes_(Length) PVOID UserBuffer,
    _In_ SIZE_T Length
    )
{
    UCHAR kernelBuffer[VC_STACK_BUFFER_SIZE];

    VcTrace("stack buffer %p, copying %Iu bytes\n", kernelBuffer, Length);
    RtlCopyMemory(kernelBuffer, UserBuffer, Length);
}

//
// The same without a cookie: nothing between the buffer and the return address is checked.
//
__declspec(safebuffers)
static
VOID
VcCopyToStackBufferNoCookie(
    _In_reads_bytes_(Length) PVOID UserBuffer,
    _In_ SIZE_T Length
    )
{
    UCHAR kernelBuffer[VC_STACK_BUFFER_SIZE];

    VcTrace("stack buffer %p, copying %Iu bytes\n", kernelBuffer, Length);
    RtlCopyMemory(kernelBuffer, UserBuffer, Length);
}

static
NTSTATUS
VcStackCopy(
    _In_ PIO_STACK_LOCATION IrpSp,
    _In_ BOOLEAN Cookie
    )
{
    PVOID userBuffer = IrpSp->Parameters.DeviceIoControl.Type3InputBuffer;
    SIZE_T length = IrpSp->Parameters.DeviceIoControl.InputBufferLength;
    NTSTATUS status = STATUS_SUCCESS;

#if FIXED_TWIN
    if (length > VC_STACK_BUFFER_SIZE) {
        return STATUS_INVALID_BUFFER_SIZE;
    }
#endif
    try {
        ProbeForRead(userBuffer, length, 1);
        if (Cookie) {
            VcCopyToStackBuffer(userBuffer, length);
        } else {
            VcCopyToStackBufferNoCookie(userBuffer, length);
        }
    } except (EXCEPTION_EXECUTE_HANDLER) {
        status = GetExceptionCode();
        VcError("stack copy: exception 0x%08X\n", status);
    }
    return status;
}

NTSTATUS
VcStackOverflowGs(
    _In_ PIRP Irp,
    _In_ PIO_STACK_LOCATION IrpSp
    )
{
    UNREFERENCED_PARAMETER(Irp);
    return VcStackCopy(IrpSp, TRUE);
}

NTSTATUS
VcStackOverflowNoGs(
    _In_ PIRP Irp,
    _In_ PIO_STACK_LOCATION IrpSp
    )
{
    UNREFERENCED_PARAMETER(Irp);
    return VcStackCopy(IrpSp, FALSE);
}

//
// A stack object whose callback is set only when the caller sends the magic value; otherwise
// whatever the stack held is called.
//
NTSTATUS
VcUninitializedStack(
    _In_ PIRP Irp,
    _In_ PIO_STACK_LOCATION IrpSp
    )
{
    ULONG value;
    NTSTATUS status;
#if FIXED_TWIN
    VC_OBJECT object = { 0 };
#else
    VC_OBJECT object;
#endif

    UNREFERENCED_PARAMETER(Irp);
    status = VcCaptureUserValue(IrpSp, &value);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    if (value == VC_MAGIC) {
        object.Callback = VcObjectCallback;
    }
    if (object.Callback != NULL) {
        object.Callback();
    }
    return value == VC_MAGIC ? STATUS_SUCCESS : STATUS_INVALID_PARAMETER;
}
