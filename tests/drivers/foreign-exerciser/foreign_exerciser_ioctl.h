/*
 * foreign_exerciser_ioctl.h - the requests of the foreign-exerciser test driver; the C# side
 * (tests/Conformance.SimKernel.Tests/ForeignExerciser.cs) writes the same layouts.
 */
#ifndef FOREIGN_EXERCISER_IOCTL_H
#define FOREIGN_EXERCISER_IOCTL_H

#define FOREIGN_EXERCISER_DEVICE_TYPE 0x8C03

/* METHOD_BUFFERED: FOREIGN_FILE_REQUEST in, FOREIGN_FILE_REPLY out. */
#define IOCTL_FOREIGN_FILE CTL_CODE(FOREIGN_EXERCISER_DEVICE_TYPE, 0x900, METHOD_BUFFERED, FILE_ANY_ACCESS)
/* METHOD_BUFFERED: no input; ULONG out: how many POOL_TYPE values allocated, wrote and freed. */
#define IOCTL_FOREIGN_POOL_TYPES CTL_CODE(FOREIGN_EXERCISER_DEVICE_TYPE, 0x901, METHOD_BUFFERED, FILE_ANY_ACCESS)

/* What IOCTL_FOREIGN_FILE does with the name. */
#define FOREIGN_FILE_WRITE        1 /* create as asked, write Data at the end, close                   */
#define FOREIGN_FILE_READ         2 /* create as asked, read up to 256 bytes from ReadOffset, close   */
#define FOREIGN_FILE_QUERY        3 /* create as asked, FileStandardInformation, close                  */
#define FOREIGN_FILE_OPEN_TWICE   4 /* create as asked twice (second status in IoStatus), close both   */
#define FOREIGN_FILE_CLOSE_BOGUS  5 /* ZwClose of a handle nobody made                                  */
#define FOREIGN_FILE_OPEN_FILE    6 /* ZwOpenFile with DesiredAccess, Share and Options, close          */

#define FOREIGN_NAME_CHARS 200
#define FOREIGN_DATA_BYTES 256

typedef struct _FOREIGN_FILE_REQUEST {
    ULONG Operation;
    ULONG DesiredAccess;
    ULONG Disposition;
    ULONG Options;
    ULONG Attributes;     /* OBJ_* */
    ULONG Share;
    ULONG DataLength;
    ULONG ReadOffset;
    WCHAR Name[FOREIGN_NAME_CHARS]; /* NUL-terminated */
    UCHAR Data[FOREIGN_DATA_BYTES];
} FOREIGN_FILE_REQUEST, *PFOREIGN_FILE_REQUEST;

typedef struct _FOREIGN_FILE_REPLY {
    LONG CreateStatus;
    LONG IoStatus;         /* of the write, read, query or second open                         */
    ULONG64 CreateInformation;
    ULONG64 IoInformation;
    LONG64 EndOfFile;      /* FOREIGN_FILE_QUERY                                                */
    ULONG Directory;       /* FOREIGN_FILE_QUERY                                                */
    LONG CloseStatus;
    UCHAR Data[FOREIGN_DATA_BYTES];
} FOREIGN_FILE_REPLY, *PFOREIGN_FILE_REPLY;

#endif
