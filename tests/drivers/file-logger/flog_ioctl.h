/*++

Module Name:

    flog_ioctl.h

Abstract:

    The interface of the FileLogger test driver, shared by the driver and its
    callers: device names, control codes and the structures they carry.

    Every request the driver serves is logged as one FLOG_RECORD at the end of
    \SystemRoot\Temp\FileLogger\requests.log. The log is an array of records:
    record N starts at byte N * sizeof(FLOG_RECORD).

--*/

#ifndef _FLOG_IOCTL_H_
#define _FLOG_IOCTL_H_

#define FLOG_DEVICE_NAME      L"\\Device\\FileLogger"
#define FLOG_DOS_DEVICE_NAME  L"\\DosDevices\\FileLogger"

#define FLOG_VERSION          0x00020001

#define FLOG_RECORD_DATA      44
#define FLOG_MAX_APPEND       4096    // bytes of data one append may carry
#define FLOG_MAX_READ         64      // records one read may return
#define FLOG_MAX_NAME         512     // bytes of an export file name

typedef struct _FLOG_RECORD {
    ULONG Sequence;
    ULONG IoControlCode;
    LONG Status;
    ULONG Tag;                          // the caller's tag of an appended record
    ULONG DataLength;                   // bytes of Data in use
    UCHAR Data[FLOG_RECORD_DATA];
} FLOG_RECORD, *PFLOG_RECORD;           // 64 bytes

//
// Output of IOCTL_FLOG_QUERY (24 bytes).
//
typedef struct _FLOG_INFO {
    ULONG Version;
    ULONG RecordSize;
    ULONGLONG Records;                  // records in the log file
    ULONG Requests;
    ULONG Failures;
} FLOG_INFO, *PFLOG_INFO;

//
// Input of IOCTL_FLOG_APPEND: Length bytes of Data follow the header; they
// are logged in records of FLOG_RECORD_DATA bytes.
//
typedef struct _FLOG_APPEND_REQUEST {
    ULONG Tag;
    ULONG Length;
    UCHAR Data[ANYSIZE_ARRAY];
} FLOG_APPEND_REQUEST, *PFLOG_APPEND_REQUEST;

//
// Input of IOCTL_FLOG_READ; the output receives up to Count records from
// FirstRecord on.
//
typedef struct _FLOG_READ_REQUEST {
    ULONG FirstRecord;
    ULONG Count;
} FLOG_READ_REQUEST, *PFLOG_READ_REQUEST;

//
// Input of IOCTL_FLOG_EXPORT: the caller names the file (a full NT path, e.g.
// \??\C:\Users\me\requests.log) that receives a copy of the log. The file is
// opened with the caller's rights, never the kernel's.
//
typedef struct _FLOG_EXPORT_REQUEST {
    ULONG NameLength;                   // bytes, not characters
    ULONG Flags;                        // reserved, 0
    WCHAR Name[ANYSIZE_ARRAY];
} FLOG_EXPORT_REQUEST, *PFLOG_EXPORT_REQUEST;

#define IOCTL_FLOG_QUERY \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x810, METHOD_BUFFERED, FILE_ANY_ACCESS)

#define IOCTL_FLOG_APPEND \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x811, METHOD_NEITHER, FILE_WRITE_ACCESS)

#define IOCTL_FLOG_READ \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x812, METHOD_NEITHER, FILE_READ_ACCESS)

#define IOCTL_FLOG_EXPORT \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x813, METHOD_NEITHER, FILE_ANY_ACCESS)

#endif // _FLOG_IOCTL_H_
