/*++

Module Name:

    legacy.h

Abstract:

    Private definitions of the LegacyWdm test driver.

--*/

#ifndef _LEGACY_H_
#define _LEGACY_H_

#include <ntddk.h>
#include "legacy_ioctl.h"

#define LEGACY_TAG_SCRATCH 'sLgL'
#define LEGACY_TAG_OPEN    'oLgL'
#define LEGACY_TAG_SUM     'uLgL'

//
// Where the driver keeps its log: the Temp folder of the Windows directory.
//
#define LEGACY_LOG_FILE L"\\SystemRoot\\Temp\\LegacyWdm.log"

//
// Error messages go out in every build, prefixed with the driver's name.
// Written the MSVC way: a call with no arguments after the format relies on
// the compiler dropping the comma before an empty __VA_ARGS__.
//
#define LegacyPrint(Format, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "LegacyWdm: " Format, __VA_ARGS__)

typedef struct _LEGACY_DEVICE_EXTENSION {
    HANDLE LogHandle;           // kernel handle of the log file, or NULL
    PUCHAR Scratch;             // LEGACY_MAX_LOG + 2 bytes of paged pool
    LONG Opens;
    LONG Requests;
    ULONG BytesLogged;
} LEGACY_DEVICE_EXTENSION, *PLEGACY_DEVICE_EXTENSION;

//
// Per-handle state, allocated in the caller's session when the handle is
// opened.
//
typedef struct _LEGACY_OPEN_CONTEXT {
    ULONG Requests;
} LEGACY_OPEN_CONTEXT, *PLEGACY_OPEN_CONTEXT;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD LegacyUnload;

_Dispatch_type_(IRP_MJ_CREATE) DRIVER_DISPATCH LegacyCreate;
_Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH LegacyClose;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL) DRIVER_DISPATCH LegacyDeviceControl;

NTSTATUS
LegacyLogWrite(
    _In_ PLEGACY_DEVICE_EXTENSION Extension,
    _In_reads_bytes_(Length) PVOID Message,
    _In_ ULONG Length
    );

#endif // _LEGACY_H_
