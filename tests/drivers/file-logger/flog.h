/*++

Module Name:

    flog.h

Abstract:

    Private definitions of the FileLogger test driver.

--*/

#ifndef _FLOG_H_
#define _FLOG_H_

#include <ntddk.h>
#include <ntintsafe.h>
#include "flog_ioctl.h"

#define FLOG_TAG_OPEN   'oGoL'
#define FLOG_TAG_DATA   'dGoL'
#define FLOG_TAG_NAME   'nGoL'
#define FLOG_TAG_COPY   'cGoL'

#define FLOG_LOG_FOLDER L"\\SystemRoot\\Temp\\FileLogger"
#define FLOG_LOG_NAME   L"requests.log"

#define FLOG_COPY_CHUNK 4096

//
// Errors go out in every build; FlogDebug only in a checked (DBG) build.
// Both are written the MSVC way: called with a format only, the comma before
// the empty __VA_ARGS__ is dropped.
//
#define FlogPrint(Format, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "FileLogger: " Format, __VA_ARGS__)

#if DBG
#define FlogDebug(Format, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_TRACE_LEVEL, "FileLogger: " Format, __VA_ARGS__)
#else
#define FlogDebug(Format, ...)
#endif

typedef struct _FLOG_DEVICE_EXTENSION {
    HANDLE LogHandle;                   // kernel handle, read and append
    LONG NextSequence;
    LONG Requests;
    LONG Failures;
} FLOG_DEVICE_EXTENSION, *PFLOG_DEVICE_EXTENSION;

//
// Per-handle state, in the opener's session.
//
typedef struct _FLOG_OPEN_CONTEXT {
    ULONG Requests;
} FLOG_OPEN_CONTEXT, *PFLOG_OPEN_CONTEXT;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD FlogUnload;

_Dispatch_type_(IRP_MJ_CREATE) DRIVER_DISPATCH FlogCreate;
_Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH FlogClose;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL) DRIVER_DISPATCH FlogDeviceControl;

NTSTATUS
FlogWriteRecord(
    _In_ PFLOG_DEVICE_EXTENSION Extension,
    _In_ ULONG IoControlCode,
    _In_ NTSTATUS Status,
    _In_ ULONG Tag,
    _In_reads_bytes_opt_(DataLength) const UCHAR *Data,
    _In_ ULONG DataLength
    );

NTSTATUS
FlogQueryRecordCount(
    _In_ HANDLE FileHandle,
    _Out_ PULONGLONG Records
    );

#endif // _FLOG_H_
