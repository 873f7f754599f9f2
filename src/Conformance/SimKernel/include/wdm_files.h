/*
 * wdm_files.h - the file half of wdm.h: access rights, ZwCreateFile's dispositions, options, share
 * and attribute flags, the information classes, and the Zw file routines. Included by wdm.h;
 * drivers never include it themselves. The simulated file system is a per-run sandbox folder
 * (simkernel_namespace.h, src/zwfile.c).
 */
#ifndef SIM_WDM_FILES_H
#define SIM_WDM_FILES_H

/* ---- Access rights ------------------------------------------------------------------------ */
/* Standard and generic rights: [MS-DTYP] 2.4.3 ACCESS_MASK (learn.microsoft.com/openspecs/
   windows_protocols/ms-dtyp/7a53f60e-e730-4dfe-bbe9-b21b62eb790b). FILE_READ_DATA,
   FILE_WRITE_DATA, FILE_APPEND_DATA, GENERIC_READ/WRITE/ALL and SYNCHRONIZE are in wdm.h. */
#define DELETE                   0x00010000u
#define READ_CONTROL             0x00020000u
#define WRITE_DAC                0x00040000u
#define WRITE_OWNER              0x00080000u
#define STANDARD_RIGHTS_REQUIRED 0x000F0000u
#define STANDARD_RIGHTS_READ     READ_CONTROL
#define STANDARD_RIGHTS_WRITE    READ_CONTROL
#define STANDARD_RIGHTS_EXECUTE  READ_CONTROL
#define STANDARD_RIGHTS_ALL      0x001F0000u
#define SPECIFIC_RIGHTS_ALL      0x0000FFFFu
#define ACCESS_SYSTEM_SECURITY   0x01000000u
#define MAXIMUM_ALLOWED          0x02000000u
#define GENERIC_EXECUTE          0x20000000u

/* File-specific rights: [MS-SMB2] 2.2.13.1.1 File_Pipe_Printer_Access_Mask; the FILE_GENERIC_*
   sets as nf-wdm-zwcreatefile lists them (DesiredAccess). */
#define FILE_LIST_DIRECTORY   0x0001u
#define FILE_ADD_FILE         0x0002u
#define FILE_ADD_SUBDIRECTORY 0x0004u
#define FILE_READ_EA          0x0008u
#define FILE_WRITE_EA         0x0010u
#define FILE_EXECUTE          0x0020u
#define FILE_TRAVERSE         0x0020u
#define FILE_DELETE_CHILD     0x0040u
#define FILE_READ_ATTRIBUTES  0x0080u
#define FILE_WRITE_ATTRIBUTES 0x0100u
#define FILE_ALL_ACCESS       (STANDARD_RIGHTS_REQUIRED | SYNCHRONIZE | 0x1FFu)
#define FILE_GENERIC_READ     (STANDARD_RIGHTS_READ | FILE_READ_DATA | FILE_READ_ATTRIBUTES | FILE_READ_EA | SYNCHRONIZE)
#define FILE_GENERIC_WRITE    (STANDARD_RIGHTS_WRITE | FILE_WRITE_DATA | FILE_WRITE_ATTRIBUTES | FILE_WRITE_EA | \
                               FILE_APPEND_DATA | SYNCHRONIZE)
#define FILE_GENERIC_EXECUTE  (STANDARD_RIGHTS_EXECUTE | FILE_READ_ATTRIBUTES | FILE_EXECUTE | SYNCHRONIZE)

/* ---- ZwCreateFile parameters -------------------------------------------------------------- */
/* ShareAccess: [MS-SMB2] 2.2.13 (SMB2 CREATE Request, ShareAccess). */
#define FILE_SHARE_READ        0x00000001u
#define FILE_SHARE_WRITE       0x00000002u
#define FILE_SHARE_DELETE      0x00000004u
#define FILE_SHARE_VALID_FLAGS 0x00000007u

/* FileAttributes: [MS-FSCC] 2.6 File Attributes. */
#define FILE_ATTRIBUTE_READONLY            0x00000001u
#define FILE_ATTRIBUTE_HIDDEN              0x00000002u
#define FILE_ATTRIBUTE_SYSTEM              0x00000004u
#define FILE_ATTRIBUTE_DIRECTORY           0x00000010u
#define FILE_ATTRIBUTE_ARCHIVE             0x00000020u
#define FILE_ATTRIBUTE_DEVICE              0x00000040u
#define FILE_ATTRIBUTE_NORMAL              0x00000080u
#define FILE_ATTRIBUTE_TEMPORARY           0x00000100u
#define FILE_ATTRIBUTE_SPARSE_FILE         0x00000200u
#define FILE_ATTRIBUTE_REPARSE_POINT       0x00000400u
#define FILE_ATTRIBUTE_COMPRESSED          0x00000800u
#define FILE_ATTRIBUTE_OFFLINE             0x00001000u
#define FILE_ATTRIBUTE_NOT_CONTENT_INDEXED 0x00002000u
#define FILE_ATTRIBUTE_ENCRYPTED           0x00004000u

/* CreateDisposition: [MS-SMB2] 2.2.13 (CreateDisposition); meanings in nf-wdm-zwcreatefile. */
#define FILE_SUPERSEDE           0x00000000u
#define FILE_OPEN                0x00000001u
#define FILE_CREATE              0x00000002u
#define FILE_OPEN_IF             0x00000003u
#define FILE_OVERWRITE           0x00000004u
#define FILE_OVERWRITE_IF        0x00000005u
#define FILE_MAXIMUM_DISPOSITION 0x00000005u

/* CreateOptions: [MS-SMB2] 2.2.13 (CreateOptions); meanings in nf-wdm-zwcreatefile. */
#define FILE_DIRECTORY_FILE            0x00000001u
#define FILE_WRITE_THROUGH             0x00000002u
#define FILE_SEQUENTIAL_ONLY           0x00000004u
#define FILE_NO_INTERMEDIATE_BUFFERING 0x00000008u
#define FILE_SYNCHRONOUS_IO_ALERT      0x00000010u
#define FILE_SYNCHRONOUS_IO_NONALERT   0x00000020u
#define FILE_NON_DIRECTORY_FILE        0x00000040u
#define FILE_CREATE_TREE_CONNECTION    0x00000080u
#define FILE_COMPLETE_IF_OPLOCKED      0x00000100u
#define FILE_NO_EA_KNOWLEDGE           0x00000200u
#define FILE_OPEN_REMOTE_INSTANCE      0x00000400u
#define FILE_RANDOM_ACCESS             0x00000800u
#define FILE_DELETE_ON_CLOSE           0x00001000u
#define FILE_OPEN_BY_FILE_ID           0x00002000u
#define FILE_OPEN_FOR_BACKUP_INTENT    0x00004000u
#define FILE_NO_COMPRESSION            0x00008000u
#define FILE_OPEN_REQUIRING_OPLOCK     0x00010000u
#define FILE_DISALLOW_EXCLUSIVE        0x00020000u
#define FILE_RESERVE_OPFILTER          0x00100000u
#define FILE_OPEN_REPARSE_POINT        0x00200000u
#define FILE_OPEN_NO_RECALL            0x00400000u
#define FILE_OPEN_FOR_FREE_SPACE_QUERY 0x00800000u

/* IoStatusBlock->Information after a create: [MS-SMB2] 2.2.14 (CreateAction) for the first four;
   FILE_EXISTS / FILE_DOES_NOT_EXIST as nf-wdm-zwcreatefile names them. */
#define FILE_SUPERSEDED     0x00000000u
#define FILE_OPENED         0x00000001u
#define FILE_CREATED        0x00000002u
#define FILE_OVERWRITTEN    0x00000003u
#define FILE_EXISTS         0x00000004u
#define FILE_DOES_NOT_EXIST 0x00000005u

/* ByteOffset of ZwWriteFile/ZwReadFile with HighPart -1 (nf-wdm-zwwritefile, ByteOffset): write at
   the end of the file, or at the handle's current position. */
#define FILE_WRITE_TO_END_OF_FILE      0xFFFFFFFFu
#define FILE_USE_FILE_POINTER_POSITION 0xFFFFFFFEu

/* ---- Information classes ------------------------------------------------------------------ */
/* [MS-FSCC] 2.4 File Information Classes (the numbers); ne-wdm-_file_information_class. */
typedef enum _FILE_INFORMATION_CLASS {
    FileDirectoryInformation = 1,
    FileFullDirectoryInformation = 2,
    FileBothDirectoryInformation = 3,
    FileBasicInformation = 4,
    FileStandardInformation = 5,
    FileInternalInformation = 6,
    FileEaInformation = 7,
    FileAccessInformation = 8,
    FileNameInformation = 9,
    FileRenameInformation = 10,
    FileLinkInformation = 11,
    FileNamesInformation = 12,
    FileDispositionInformation = 13,
    FilePositionInformation = 14,
    FileFullEaInformation = 15,
    FileModeInformation = 16,
    FileAlignmentInformation = 17,
    FileAllInformation = 18,
    FileAllocationInformation = 19,
    FileEndOfFileInformation = 20,
    FileMaximumInformation
} FILE_INFORMATION_CLASS, *PFILE_INFORMATION_CLASS;

/* ns-wdm-_file_standard_information */
typedef struct _FILE_STANDARD_INFORMATION {
    LARGE_INTEGER AllocationSize;
    LARGE_INTEGER EndOfFile;
    ULONG NumberOfLinks;
    BOOLEAN DeletePending;
    BOOLEAN Directory;
} FILE_STANDARD_INFORMATION, *PFILE_STANDARD_INFORMATION;

/* ns-wdm-_file_position_information */
typedef struct _FILE_POSITION_INFORMATION {
    LARGE_INTEGER CurrentByteOffset;
} FILE_POSITION_INFORMATION, *PFILE_POSITION_INFORMATION;

/* ---- Zw file routines ---------------------------------------------------------------------- */
/* The I/O completion routine type of ZwReadFile/ZwWriteFile; the simulator completes every file
   call synchronously, so it is never called (drivers pass NULL for it and for Event). */
typedef VOID(NTAPI *PIO_APC_ROUTINE)(_In_ PVOID ApcContext, _In_ PIO_STATUS_BLOCK IoStatusBlock, _In_ ULONG Reserved);

/* nf-wdm-zwcreatefile */
NTSYSAPI NTSTATUS ZwCreateFile(_Out_ PHANDLE FileHandle, _In_ ACCESS_MASK DesiredAccess,
                               _In_ POBJECT_ATTRIBUTES ObjectAttributes, _Out_ PIO_STATUS_BLOCK IoStatusBlock,
                               _In_opt_ PLARGE_INTEGER AllocationSize, _In_ ULONG FileAttributes,
                               _In_ ULONG ShareAccess, _In_ ULONG CreateDisposition, _In_ ULONG CreateOptions,
                               _In_opt_ PVOID EaBuffer, _In_ ULONG EaLength);
/* nf-wdm-zwopenfile: ZwCreateFile with FILE_OPEN. */
NTSYSAPI NTSTATUS ZwOpenFile(_Out_ PHANDLE FileHandle, _In_ ACCESS_MASK DesiredAccess,
                             _In_ POBJECT_ATTRIBUTES ObjectAttributes, _Out_ PIO_STATUS_BLOCK IoStatusBlock,
                             _In_ ULONG ShareAccess, _In_ ULONG OpenOptions);
/* nf-wdm-zwreadfile */
NTSYSAPI NTSTATUS ZwReadFile(_In_ HANDLE FileHandle, _In_opt_ HANDLE Event, _In_opt_ PIO_APC_ROUTINE ApcRoutine,
                             _In_opt_ PVOID ApcContext, _Out_ PIO_STATUS_BLOCK IoStatusBlock, _Out_ PVOID Buffer,
                             _In_ ULONG Length, _In_opt_ PLARGE_INTEGER ByteOffset, _In_opt_ PULONG Key);
/* nf-wdm-zwwritefile */
NTSYSAPI NTSTATUS ZwWriteFile(_In_ HANDLE FileHandle, _In_opt_ HANDLE Event, _In_opt_ PIO_APC_ROUTINE ApcRoutine,
                              _In_opt_ PVOID ApcContext, _Out_ PIO_STATUS_BLOCK IoStatusBlock, _In_ PVOID Buffer,
                              _In_ ULONG Length, _In_opt_ PLARGE_INTEGER ByteOffset, _In_opt_ PULONG Key);
/* nf-wdm-zwqueryinformationfile: FileStandardInformation and FilePositionInformation here. */
NTSYSAPI NTSTATUS ZwQueryInformationFile(_In_ HANDLE FileHandle, _Out_ PIO_STATUS_BLOCK IoStatusBlock,
                                         _Out_ PVOID FileInformation, _In_ ULONG Length,
                                         _In_ FILE_INFORMATION_CLASS FileInformationClass);
/* nf-ntifs-zwflushbuffersfile (ntifs.h in the WDK; logging drivers call it). */
NTSYSAPI NTSTATUS ZwFlushBuffersFile(_In_ HANDLE FileHandle, _Out_ PIO_STATUS_BLOCK IoStatusBlock);
/* nf-wdm-zwclose */
NTSYSAPI NTSTATUS ZwClose(_In_ HANDLE Handle);

#endif
