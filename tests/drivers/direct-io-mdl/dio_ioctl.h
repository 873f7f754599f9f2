/*++

Module Name:

    dio_ioctl.h

Abstract:

    The interface of the DirectIoMdl test driver, shared by the driver and its
    callers: device names, control codes and the structures they carry.

    The checksum and transform requests move their data with direct I/O: the
    I/O manager locks the caller's output buffer in an MDL (for read with
    METHOD_IN_DIRECT, for write with METHOD_OUT_DIRECT) and the driver works
    through the MDL's system address.

--*/

#ifndef _DIO_IOCTL_H_
#define _DIO_IOCTL_H_

#define DIO_DEVICE_NAME      L"\\Device\\DirectIoMdl"
#define DIO_DOS_DEVICE_NAME  L"\\DosDevices\\DirectIoMdl"

#define DIO_VERSION          0x00010002

#define DIO_HISTORY_DEPTH    4
#define DIO_MAX_TRANSFER     (1024 * 1024)   // bytes one checksum or transform may cover
#define DIO_TABLE_SIZE       256             // bytes of a substitution table

//
// Output of IOCTL_DIO_QUERY_STATE (48 bytes).
//
typedef struct _DIO_STATE {
    ULONG Version;
    ULONG Requests;
    ULONG Opens;
    ULONG LastChecksum;
    ULONGLONG BytesChecksummed;
    ULONGLONG BytesTransformed;
    ULONG History[DIO_HISTORY_DEPTH];       // the last checksums, most recent first
} DIO_STATE, *PDIO_STATE;

//
// Optional input of IOCTL_DIO_CHECKSUM: the checksum's starting value.
//
typedef struct _DIO_CHECKSUM_REQUEST {
    ULONG Seed;
} DIO_CHECKSUM_REQUEST, *PDIO_CHECKSUM_REQUEST;

//
// Input of IOCTL_DIO_TRANSFORM: this header, then the payload (none for a fill).
//
typedef struct _DIO_TRANSFORM_REQUEST {
    ULONG Operation;
    ULONG Key;
} DIO_TRANSFORM_REQUEST, *PDIO_TRANSFORM_REQUEST;

#define DIO_OP_FILL        1    // every output byte becomes the key's low byte
#define DIO_OP_XOR         2    // output[i] = payload[i] ^ key's low byte
#define DIO_OP_SUBSTITUTE  3    // output[i] = table[payload[i]]

#define IOCTL_DIO_QUERY_STATE \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x800, METHOD_BUFFERED, FILE_ANY_ACCESS)

#define IOCTL_DIO_CHECKSUM \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x801, METHOD_IN_DIRECT, FILE_ANY_ACCESS)

#define IOCTL_DIO_TRANSFORM \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x802, METHOD_OUT_DIRECT, FILE_READ_ACCESS)

#define IOCTL_DIO_SET_TABLE \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x803, METHOD_BUFFERED, FILE_WRITE_ACCESS)

#endif // _DIO_IOCTL_H_
