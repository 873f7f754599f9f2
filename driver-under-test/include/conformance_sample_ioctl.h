/*++

Module Name:

    conformance_sample_ioctl.h

Abstract:

    Public interface of the ConformanceSample reference driver: device names,
    I/O control codes and the structures they carry.

    The header is shared by user mode (the conformance runner, test tools) and
    kernel mode (the driver). It does not include a system header itself,
    because the two worlds get CTL_CODE from different places:

        user mode:   #include <windows.h> and <winioctl.h> first
        kernel mode: #include <ntddk.h> (or <wdm.h>) first

    Everything here is part of the product's contract: scenario files, device
    profiles and the test suite refer to these names and values. Change them
    only together with those.

Environment:

    User mode and kernel mode.

--*/

#ifndef CONFORMANCE_SAMPLE_IOCTL_H
#define CONFORMANCE_SAMPLE_IOCTL_H

#ifndef CTL_CODE
#error "Include <winioctl.h> (user mode) or <ntddk.h>/<wdm.h> (kernel mode) before conformance_sample_ioctl.h"
#endif

//
// Names. The kernel names go to IoCreateDevice/IoCreateSymbolicLink; user mode
// opens the device through the symbolic link as \\.\ConformanceSample.
//
#define SAMPLE_DEVICE_NAME          L"\\Device\\ConformanceSample"
#define SAMPLE_DOS_DEVICE_NAME      L"\\DosDevices\\ConformanceSample"
#define SAMPLE_WIN32_DEVICE_PATH    L"\\\\.\\ConformanceSample"
#define SAMPLE_SERVICE_NAME         L"ConformanceSample"

//
// Device type in the vendor range (0x8000 and above). It must equal the
// DeviceType the driver passes to IoCreateDevice, because the I/O manager
// routes control codes by it.
//
#define FILE_DEVICE_CONFORMANCE_SAMPLE  0x8C01

//
// Function codes start at 0x800, the first value outside Microsoft's range.
//
#define IOCTL_SAMPLE_PING \
    CTL_CODE(FILE_DEVICE_CONFORMANCE_SAMPLE, 0x800, METHOD_BUFFERED, FILE_ANY_ACCESS)      /* 0x8C012000 */
#define IOCTL_SAMPLE_BUFFERED_TRANSFORM \
    CTL_CODE(FILE_DEVICE_CONFORMANCE_SAMPLE, 0x801, METHOD_BUFFERED, FILE_ANY_ACCESS)      /* 0x8C012004 */
#define IOCTL_SAMPLE_IN_DIRECT_STORE \
    CTL_CODE(FILE_DEVICE_CONFORMANCE_SAMPLE, 0x802, METHOD_IN_DIRECT, FILE_ANY_ACCESS)     /* 0x8C012009 */
#define IOCTL_SAMPLE_OUT_DIRECT_FETCH \
    CTL_CODE(FILE_DEVICE_CONFORMANCE_SAMPLE, 0x803, METHOD_OUT_DIRECT, FILE_ANY_ACCESS)    /* 0x8C01200E */
#define IOCTL_SAMPLE_NEITHER_TRANSFORM \
    CTL_CODE(FILE_DEVICE_CONFORMANCE_SAMPLE, 0x804, METHOD_NEITHER, FILE_ANY_ACCESS)       /* 0x8C012013 */
#define IOCTL_SAMPLE_NEITHER_RECORDS \
    CTL_CODE(FILE_DEVICE_CONFORMANCE_SAMPLE, 0x805, METHOD_NEITHER, FILE_ANY_ACCESS)       /* 0x8C012017 */
#define IOCTL_SAMPLE_SET_CONFIG \
    CTL_CODE(FILE_DEVICE_CONFORMANCE_SAMPLE, 0x806, METHOD_BUFFERED, FILE_WRITE_ACCESS)    /* 0x8C01A018 */
//
// IOCTL_SAMPLE_RESET_CONFIG changes state, yet its code says FILE_ANY_ACCESS
// (a shipped code's access bits cannot change without breaking callers), so
// the driver requires write access itself, with IoValidateDeviceIoControlAccess.
//
#define IOCTL_SAMPLE_RESET_CONFIG \
    CTL_CODE(FILE_DEVICE_CONFORMANCE_SAMPLE, 0x807, METHOD_BUFFERED, FILE_ANY_ACCESS)      /* 0x8C01201C */

//
// IOCTL_SAMPLE_PING: the first ULONG of the output buffer receives this value
// ("SAMP" when the ULONG is read as big-endian text).
//
#define SAMPLE_PING_MAGIC               ((ULONG)0x53414D50)

//
// IOCTL_SAMPLE_BUFFERED_TRANSFORM and IOCTL_SAMPLE_NEITHER_TRANSFORM: the
// input is 1..SAMPLE_TRANSFORM_MAX_LENGTH bytes; the output receives them in
// reverse order.
//
#define SAMPLE_TRANSFORM_MAX_LENGTH     4096

//
// IOCTL_SAMPLE_IN_DIRECT_STORE / IOCTL_SAMPLE_OUT_DIRECT_FETCH: the device
// keeps one store of up to SAMPLE_STORE_CAPACITY bytes. Until the first
// store it holds SAMPLE_STORE_INITIAL_LENGTH bytes where byte i is
// SAMPLE_STORE_INITIAL_BYTE(i) (printable ASCII 0x20..0x5F), so a fetch on a
// freshly loaded driver has a known result.
//
#define SAMPLE_STORE_CAPACITY           4096
#define SAMPLE_STORE_INITIAL_LENGTH     64
#define SAMPLE_STORE_INITIAL_BYTE(i)    ((UCHAR)(0x20 + (i)))

//
// IOCTL_SAMPLE_NEITHER_RECORDS: input is a header followed by
// Count * ElementSize bytes of records; output is a SAMPLE_RECORDS_RESULT.
//
#define SAMPLE_RECORDS_MAX_COUNT        4096
#define SAMPLE_RECORDS_MAX_ELEMENT_SIZE 256

typedef struct _SAMPLE_RECORDS_HEADER {
    ULONG Count;            // number of records that follow, 0..SAMPLE_RECORDS_MAX_COUNT
    ULONG ElementSize;      // bytes per record, 1..SAMPLE_RECORDS_MAX_ELEMENT_SIZE
} SAMPLE_RECORDS_HEADER, *PSAMPLE_RECORDS_HEADER;

typedef struct _SAMPLE_RECORDS_RESULT {
    ULONG Count;            // Count from the header the driver validated
    ULONG ByteSum;          // sum of all record bytes, each taken as unsigned
} SAMPLE_RECORDS_RESULT, *PSAMPLE_RECORDS_RESULT;

//
// IOCTL_SAMPLE_SET_CONFIG: input is exactly one ULONG.
//
typedef ULONG SAMPLE_CONFIG_VALUE;

#endif // CONFORMANCE_SAMPLE_IOCTL_H
