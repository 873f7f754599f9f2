/*++

Module Name:

    legacy_ioctl.h

Abstract:

    The interface of the LegacyWdm test driver, shared by the driver and its
    callers: device names, control codes and the structures they carry.

--*/

#ifndef _LEGACY_IOCTL_H_
#define _LEGACY_IOCTL_H_

#define LEGACY_DEVICE_NAME      L"\\Device\\LegacyWdm"
#define LEGACY_DOS_DEVICE_NAME  L"\\DosDevices\\LegacyWdm"

//
// Output of IOCTL_LEGACY_GET_VERSION.
//
typedef struct _LEGACY_VERSION {
    ULONG Major;
    ULONG Minor;
} LEGACY_VERSION, *PLEGACY_VERSION;

#define LEGACY_VERSION_MAJOR 1
#define LEGACY_VERSION_MINOR 4

//
// Output of IOCTL_LEGACY_GET_STATS.
//
typedef struct _LEGACY_STATS {
    ULONG Opens;
    ULONG Requests;
    ULONG BytesLogged;
    ULONG Reserved;
} LEGACY_STATS, *PLEGACY_STATS;

#define LEGACY_MAX_ECHO      512     // bytes one echo may carry
#define LEGACY_MAX_LOG       256     // bytes one log message may carry
#define LEGACY_MAX_SUM_BYTES 4096    // bytes of ULONGs one sum may add

#define IOCTL_LEGACY_GET_VERSION \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x900, METHOD_BUFFERED, FILE_ANY_ACCESS)

#define IOCTL_LEGACY_ECHO \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x901, METHOD_BUFFERED, FILE_ANY_ACCESS)

#define IOCTL_LEGACY_LOG \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x902, METHOD_BUFFERED, FILE_WRITE_ACCESS)

#define IOCTL_LEGACY_SUM \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x903, METHOD_NEITHER, FILE_ANY_ACCESS)

#define IOCTL_LEGACY_GET_STATS \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x904, METHOD_NEITHER, FILE_ANY_ACCESS)

#endif // _LEGACY_IOCTL_H_
