/*++

Module Name:

    file.c

Abstract:

    A report file created under the name the caller sends. The Zw call runs with kernel previous
    mode: without OBJ_FORCE_ACCESS_CHECK the caller's own rights are never checked, so it can
    create or overwrite files it could not touch itself.

--*/

#include "vulnerable_classes.h"

#define VC_MAX_NAME 127

NTSTATUS
VcOpenUserFile(
    _In_ PIRP Irp,
    _In_ PIO_STACK_LOCATION IrpSp
    )
{
    static const CHAR line[] = "VulnerableClasses report\r\n";
    PCHAR userName = Irp->AssociatedIrp.SystemBuffer;
    ULONG nameLength = IrpSp->Parameters.DeviceIoControl.InputBufferLength;
    WCHAR nameBuffer[VC_MAX_NAME + 1];
    UNICODE_STRING fileName;
    OBJECT_ATTRIBUTES attributes;
    IO_STATUS_BLOCK ioStatus;
    HANDLE file;
    ULONG attributeFlags = OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE;
    NTSTATUS status;

    if (nameLength == 0 || nameLength > VC_MAX_NAME) {
        return STATUS_INVALID_PARAMETER;
    }
    // The name is 8-bit text: widen it.
    for (ULONG i = 0; i < nameLength; i++) {
        nameBuffer[i] = (WCHAR)(UCHAR)userName[i];
    }
    nameBuffer[nameLength] = L'\0';
    RtlInitUnicodeString(&fileName, nameBuffer);

#if FIXED_TWIN
    // The caller's name, the caller's rights.
    attributeFlags |= OBJ_FORCE_ACCESS_CHECK;
#endif
    InitializeObjectAttributes(&attributes, &fileName, attributeFlags, NULL, NULL);
    status = ZwCreateFile(&file, GENERIC_WRITE | SYNCHRONIZE, &attributes, &ioStatus, NULL, FILE_ATTRIBUTE_NORMAL,
                          FILE_SHARE_READ, FILE_OVERWRITE_IF, FILE_SYNCHRONOUS_IO_NONALERT | FILE_NON_DIRECTORY_FILE,
                          NULL, 0);
    if (!NT_SUCCESS(status)) {
        VcError("cannot create %wZ: 0x%08X\n", &fileName, status);
        return status;
    }
    status = ZwWriteFile(file, NULL, NULL, NULL, &ioStatus, (PVOID)line, sizeof(line) - 1, NULL, NULL);
    ZwClose(file);
    return status;
}
