/*++

Module Name:

    dio.h

Abstract:

    Private definitions of the DirectIoMdl test driver.

--*/

#ifndef _DIO_H_
#define _DIO_H_

#include <ntddk.h>
#include "dio_ioctl.h"

#define DIO_TAG_HISTORY 'hOiD'
#define DIO_TAG_TABLE   'tOiD'
#define DIO_TAG_OPEN    'oOiD'

//
// Errors go out in every build. The MSVC way: a call with the format only
// relies on the compiler dropping the comma before an empty __VA_ARGS__.
//
#define DioPrint(Format, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "DirectIoMdl: " Format, __VA_ARGS__)

//
// Checksum history: nonpaged, because it is read and written under the spin
// lock.
//
typedef struct _DIO_HISTORY {
    ULONG Next;
    ULONG Checksums[DIO_HISTORY_DEPTH];
} DIO_HISTORY, *PDIO_HISTORY;

typedef struct _DIO_DEVICE_EXTENSION {

    //
    // Counters and the history, guarded by StateLock.
    //
    KSPIN_LOCK StateLock;
    ULONG Requests;
    ULONG LastChecksum;
    ULONGLONG BytesChecksummed;
    ULONGLONG BytesTransformed;
    PDIO_HISTORY History;               // NonPagedPoolNx

    //
    // The substitution table, guarded by TableLock. Paged: a fast mutex
    // raises only to APC_LEVEL, where page faults are still allowed.
    //
    FAST_MUTEX TableLock;
    PUCHAR Table;                       // DIO_TABLE_SIZE bytes of PagedPool

    LONG Opens;

} DIO_DEVICE_EXTENSION, *PDIO_DEVICE_EXTENSION;

//
// Per-handle state, allocated in the opener's session.
//
typedef struct _DIO_OPEN_CONTEXT {
    ULONG Requests;
    ULONG Transforms;
} DIO_OPEN_CONTEXT, *PDIO_OPEN_CONTEXT;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD DioUnload;

_Dispatch_type_(IRP_MJ_CREATE) DRIVER_DISPATCH DioCreate;
_Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH DioClose;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL) DRIVER_DISPATCH DioDeviceControl;

#endif // _DIO_H_
