/*++

Module Name:

    driver.h

Abstract:

    Private definitions shared by the source files of the ConformanceSample
    driver: the device extension, the per-request context that the dispatch
    routine hands to each IOCTL handler, and the handler prototypes.

Environment:

    Kernel mode only.

--*/

#ifndef SAMPLE_DRIVER_H
#define SAMPLE_DRIVER_H

#include <ntddk.h>
#include <ntintsafe.h>

#include "conformance_sample_ioctl.h"
#include "conformance_sample_defects.h"

//
// Pool tag "Smpl" (bytes 53 6D 70 6C in memory, as pool tools show it).
// Written as a number because multi-character constants are not portable.
//
#define SAMPLE_POOL_TAG     ((ULONG)0x6C706D53)

//
// Per-device state. The store is a fixed array rather than a pool allocation
// so that no length the caller sends can make it grow.
//
typedef struct _SAMPLE_DEVICE_EXTENSION {
    ULONG StoredLength;                     // valid bytes in Store, 0..SAMPLE_STORE_CAPACITY
    ULONG ConfigValue;                      // last value set by IOCTL_SAMPLE_SET_CONFIG
    volatile LONG ConfigGateClosed;         // variant 13 only: nonzero while a SET_CONFIG runs
    UCHAR Store[SAMPLE_STORE_CAPACITY];
} SAMPLE_DEVICE_EXTENSION, *PSAMPLE_DEVICE_EXTENSION;

//
// One DEVICE_CONTROL request as the handlers see it. The lengths and the code
// are copied from the stack location once, so every handler validates the
// same values the dispatch routine logged. Handlers report the bytes they
// really produced in Information; the dispatch routine completes the IRP.
//
typedef struct _SAMPLE_REQUEST {
    PDEVICE_OBJECT DeviceObject;
    PIRP Irp;
    ULONG IoControlCode;
    ULONG InputBufferLength;
    ULONG OutputBufferLength;
    ULONG_PTR Information;
    BOOLEAN ValidationFailed;               // set by SampleRejectRequest
} SAMPLE_REQUEST, *PSAMPLE_REQUEST;

//
// driver.c
//
DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD SampleUnload;
DRIVER_DISPATCH SampleCreateClose;

//
// dispatch.c
//
DRIVER_DISPATCH SampleDeviceControl;

NTSTATUS
SampleRejectRequest(
    _Inout_ PSAMPLE_REQUEST Request,
    _In_ NTSTATUS Status,
    _In_z_ const char *Reason
    );

NTSTATUS
SampleExceptionStatus(
    _In_ PSAMPLE_REQUEST Request,
    _In_ NTSTATUS ExceptionCode
    );

//
// transform.c - the contract shared by both transform IOCTLs.
//
NTSTATUS
SampleValidateTransformLengths(
    _Inout_ PSAMPLE_REQUEST Request
    );

VOID
SampleReverseBytes(
    _Inout_updates_bytes_(Length) PUCHAR Buffer,
    _In_ ULONG Length
    );

//
// buffered.c - METHOD_BUFFERED handlers.
//
NTSTATUS SamplePing(_Inout_ PSAMPLE_REQUEST Request);
NTSTATUS SampleBufferedTransform(_Inout_ PSAMPLE_REQUEST Request);
NTSTATUS SampleSetConfig(_Inout_ PSAMPLE_REQUEST Request);
NTSTATUS SampleResetConfig(_Inout_ PSAMPLE_REQUEST Request);

//
// direct.c - METHOD_IN_DIRECT and METHOD_OUT_DIRECT handlers.
//
NTSTATUS SampleInDirectStore(_Inout_ PSAMPLE_REQUEST Request);
NTSTATUS SampleOutDirectFetch(_Inout_ PSAMPLE_REQUEST Request);

//
// neither.c - METHOD_NEITHER handlers.
//
NTSTATUS SampleNeitherTransform(_Inout_ PSAMPLE_REQUEST Request);
NTSTATUS SampleNeitherRecords(_Inout_ PSAMPLE_REQUEST Request);

//
// defects.c
//
NTSTATUS
SampleSelectDefect(
    _In_ ULONG Variant
    );

BOOLEAN
SampleDefect(
    _In_ SAMPLE_DEFECT Defect
    );

const char *
SampleDefectName(
    _In_ ULONG Variant
    );

#endif // SAMPLE_DRIVER_H
