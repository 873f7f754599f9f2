/*
 * zwfile.c - ZwCreateFile, ZwOpenFile, ZwReadFile, ZwWriteFile, ZwQueryInformationFile,
 * ZwFlushBuffersFile and ZwClose on files inside the sandbox (sandbox.c), with the I/O manager's
 * documented rules (learn.microsoft.com, ddi/wdm/nf-wdm-zwcreatefile and the pages of each routine)
 * and a record of every call (fileaccess.c).
 *
 * Every call completes synchronously. Driver memory (the name, the offsets, IoStatusBlock) is read
 * and written outside the handle lock: a fault there unwinds to the driver's __try or bugchecks,
 * and must never leave the lock held.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>
#include "files_internal.h"

#define MAX_FILE_HANDLES 64
/* A driver that logs in a loop must not fill the host's disk: past this a write is STATUS_DISK_FULL. */
#define MAX_FILE_BYTES (64ull * 1024 * 1024)
/* Handle values only need to be distinct, non-zero and recognisable; kernel handles get the sign
   bits, as x64 Windows kernel handles carry them. */
#define KERNEL_HANDLE_BITS 0xFFFFFFFF80000000ull
#define USER_HANDLE_BASE   0x1000u

typedef struct SIM_FILE_HANDLE {
    int InUse;
    int Fd;
    int ParentFd;        /* for FILE_DELETE_ON_CLOSE                                            */
    char Leaf[SIM_FILE_NAME_CAPACITY];
    int IsDirectory;
    int Synchronous;     /* FILE_SYNCHRONOUS_IO_*: the I/O manager keeps the position           */
    int DeleteOnClose;
    int Kernel;          /* OBJ_KERNEL_HANDLE                                                   */
    ACCESS_MASK Granted;
    ULONG ShareAccess;
    ULONG Attributes;
    uint64_t Position;
    dev_t Device;
    ino_t Inode;
    char Name[SIM_FILE_PATH_CAPACITY];
} SIM_FILE_HANDLE;

static SIM_FILE_HANDLE Handles[MAX_FILE_HANDLES];
static pthread_mutex_t HandleLock = PTHREAD_MUTEX_INITIALIZER;

static HANDLE HandleValue(int slot, int kernel)
{
    uint64_t value = (uint64_t)(slot + 1) * 4u + USER_HANDLE_BASE;
    return (HANDLE)(uintptr_t)(kernel ? (value | KERNEL_HANDLE_BITS) : value);
}

/* The slot of a handle value this file made and that is still open, or -1. Caller holds the lock. */
static int SlotOf(HANDLE handle)
{
    uint64_t value = (uint64_t)(uintptr_t)handle;
    int kernel = (value & KERNEL_HANDLE_BITS) == KERNEL_HANDLE_BITS;
    value &= ~KERNEL_HANDLE_BITS;
    if (value < USER_HANDLE_BASE + 4 || (value - USER_HANDLE_BASE) % 4 != 0)
        return -1;
    uint64_t slot = (value - USER_HANDLE_BASE) / 4 - 1;
    if (slot >= MAX_FILE_HANDLES || !Handles[slot].InUse || Handles[slot].Kernel != kernel)
        return -1;
    return (int)slot;
}

/* A record of operation with what every call shares: whose request it serves. */
static void RecordStart(SIM_FILE_ACCESS_RECORD *record, SIM_FILE_OPERATION operation)
{
    memset(record, 0, sizeof(*record));
    record->Operation = operation;
    if (ExGetPreviousMode() == UserMode)
        record->Flags = SIM_FILE_ACCESS_USER_CONTEXT;
}

static void Record(SIM_FILE_OPERATION operation, NTSTATUS status, const SIM_FILE_HANDLE *handle,
                   uint64_t information, HANDLE value, uint32_t disposition)
{
    SIM_FILE_ACCESS_RECORD record;
    RecordStart(&record, operation);
    record.Status = status;
    record.Disposition = disposition;
    record.Information = information;
    record.Handle = (uint64_t)(uintptr_t)value;
    if (handle != NULL) {
        record.DesiredAccess = handle->Granted;
        record.ShareAccess = handle->ShareAccess;
        record.ObjectAttributes = handle->Attributes;
        record.Flags |= SIM_FILE_ACCESS_IN_SANDBOX | (handle->Kernel ? SIM_FILE_ACCESS_KERNEL_HANDLE : 0);
        snprintf(record.Path, sizeof(record.Path), "%s", handle->Name);
    }
    SimFileAccessAppend(&record);
}

/* GENERIC_* and MAXIMUM_ALLOWED mapped to file rights (nf-wdm-zwcreatefile, DesiredAccess). */
static ACCESS_MASK GrantedAccess(ACCESS_MASK desired)
{
    ACCESS_MASK granted = desired & ~(GENERIC_READ | GENERIC_WRITE | GENERIC_EXECUTE | GENERIC_ALL | MAXIMUM_ALLOWED);
    if (desired & (GENERIC_ALL | MAXIMUM_ALLOWED))
        granted |= FILE_ALL_ACCESS;
    if (desired & GENERIC_READ)
        granted |= FILE_GENERIC_READ;
    if (desired & GENERIC_WRITE)
        granted |= FILE_GENERIC_WRITE;
    if (desired & GENERIC_EXECUTE)
        granted |= FILE_GENERIC_EXECUTE;
    return granted;
}

/* IoCheckShareAccess's rule (docs: ddi/wdm/nf-wdm-iocheckshareaccess): an open conflicts with every
   open handle of the same file whose access it would need the share of, or whose share it denies. */
static int ShareConflict(dev_t device, ino_t inode, ACCESS_MASK access, ULONG share)
{
    int reads = (access & (FILE_READ_DATA | FILE_EXECUTE)) != 0;
    int writes = (access & (FILE_WRITE_DATA | FILE_APPEND_DATA)) != 0;
    int deletes = (access & DELETE) != 0;
    for (int i = 0; i < MAX_FILE_HANDLES; i++) {
        const SIM_FILE_HANDLE *other = &Handles[i];
        if (!other->InUse || other->Device != device || other->Inode != inode)
            continue;
        int otherReads = (other->Granted & (FILE_READ_DATA | FILE_EXECUTE)) != 0;
        int otherWrites = (other->Granted & (FILE_WRITE_DATA | FILE_APPEND_DATA)) != 0;
        int otherDeletes = (other->Granted & DELETE) != 0;
        if ((reads && !(other->ShareAccess & FILE_SHARE_READ)) || (writes && !(other->ShareAccess & FILE_SHARE_WRITE)) ||
            (deletes && !(other->ShareAccess & FILE_SHARE_DELETE)) || (otherReads && !(share & FILE_SHARE_READ)) ||
            (otherWrites && !(share & FILE_SHARE_WRITE)) || (otherDeletes && !(share & FILE_SHARE_DELETE)))
            return 1;
    }
    return 0;
}

/* Parameter rules the I/O manager checks before any file system sees the request (nf-wdm-zwcreatefile;
   kernel/using-the-current-file-position: a synchronous handle needs SYNCHRONIZE). */
static NTSTATUS CheckParameters(ACCESS_MASK desired, ULONG disposition, ULONG options, ULONG share)
{
    ULONG synchronous = options & (FILE_SYNCHRONOUS_IO_ALERT | FILE_SYNCHRONOUS_IO_NONALERT);
    if (disposition > FILE_MAXIMUM_DISPOSITION || (share & ~FILE_SHARE_VALID_FLAGS) != 0)
        return STATUS_INVALID_PARAMETER;
    if (synchronous == (FILE_SYNCHRONOUS_IO_ALERT | FILE_SYNCHRONOUS_IO_NONALERT) ||
        (synchronous != 0 && (desired & SYNCHRONIZE) == 0))
        return STATUS_INVALID_PARAMETER;
    if ((options & FILE_DIRECTORY_FILE) != 0 &&
        ((options & FILE_NON_DIRECTORY_FILE) != 0 ||
         (disposition != FILE_CREATE && disposition != FILE_OPEN && disposition != FILE_OPEN_IF)))
        return STATUS_INVALID_PARAMETER;
    if ((options & FILE_DELETE_ON_CLOSE) != 0 && (desired & (DELETE | GENERIC_ALL | MAXIMUM_ALLOWED)) == 0)
        return STATUS_INVALID_PARAMETER;
    return STATUS_SUCCESS;
}

/* What the disposition does with the path: the host open flags, or an error; *information gets the
   create result (FILE_CREATED, ...). */
static NTSTATUS Disposition(const SIM_SANDBOX_PATH *path, ULONG disposition, ULONG options, int *flags,
                            ULONG_PTR *information)
{
    int wantsDirectory = (options & FILE_DIRECTORY_FILE) != 0;
    if (path->Exists && path->IsDirectory && (options & FILE_NON_DIRECTORY_FILE))
        return STATUS_FILE_IS_A_DIRECTORY;
    if (path->Exists && !path->IsDirectory && wantsDirectory)
        return STATUS_NOT_A_DIRECTORY;
    if (path->Exists && path->IsDirectory && disposition != FILE_OPEN && disposition != FILE_OPEN_IF)
        return disposition == FILE_CREATE ? STATUS_OBJECT_NAME_COLLISION : STATUS_FILE_IS_A_DIRECTORY;
    *flags = 0;
    switch (disposition) {
    case FILE_SUPERSEDE:
        *flags = O_CREAT | O_TRUNC;
        *information = path->Exists ? FILE_SUPERSEDED : FILE_CREATED;
        return STATUS_SUCCESS;
    case FILE_OPEN:
        *information = FILE_OPENED;
        return path->Exists ? STATUS_SUCCESS : STATUS_OBJECT_NAME_NOT_FOUND;
    case FILE_CREATE:
        *flags = O_CREAT | O_EXCL;
        *information = FILE_CREATED;
        return path->Exists ? STATUS_OBJECT_NAME_COLLISION : STATUS_SUCCESS;
    case FILE_OPEN_IF:
        *flags = path->Exists ? 0 : O_CREAT;
        *information = path->Exists ? FILE_OPENED : FILE_CREATED;
        return STATUS_SUCCESS;
    case FILE_OVERWRITE:
        *flags = O_TRUNC;
        *information = FILE_OVERWRITTEN;
        return path->Exists ? STATUS_SUCCESS : STATUS_OBJECT_NAME_NOT_FOUND;
    default: /* FILE_OVERWRITE_IF */
        *flags = path->Exists ? O_TRUNC : O_CREAT;
        *information = path->Exists ? FILE_OVERWRITTEN : FILE_CREATED;
        return STATUS_SUCCESS;
    }
}

static NTSTATUS ErrnoStatus(int error)
{
    switch (error) {
    case ENOENT:
        return STATUS_OBJECT_NAME_NOT_FOUND;
    case EEXIST:
        return STATUS_OBJECT_NAME_COLLISION;
    case ENOSPC:
    case EFBIG:
        return STATUS_DISK_FULL;
    case EFAULT:
        return STATUS_ACCESS_VIOLATION;
    case EISDIR:
        return STATUS_FILE_IS_A_DIRECTORY;
    case ENOTDIR:
        return STATUS_NOT_A_DIRECTORY;
    case EMFILE:
    case ENFILE:
    case ENOMEM:
        return STATUS_INSUFFICIENT_RESOURCES;
    default:
        return STATUS_ACCESS_DENIED;
    }
}

/* Open or create path as the disposition says and put it in a free slot; caller holds the lock. */
static NTSTATUS OpenInSlot(const SIM_SANDBOX_PATH *path, ACCESS_MASK granted, ULONG share, ULONG disposition,
                           ULONG options, ULONG attributes, const char *name, ULONG_PTR *information, int *slotOut)
{
    int slot = -1;
    for (int i = 0; i < MAX_FILE_HANDLES && slot < 0; i++)
        if (!Handles[i].InUse)
            slot = i;
    if (slot < 0)
        return STATUS_INSUFFICIENT_RESOURCES;
    int flags = 0;
    NTSTATUS status = Disposition(path, disposition, options, &flags, information);
    if (!NT_SUCCESS(status))
        return status;
    int directory = (options & FILE_DIRECTORY_FILE) != 0 || (path->Exists && path->IsDirectory);
    if (directory && !path->Exists && mkdirat(path->DirectoryFd, path->Leaf, 0700) != 0)
        return ErrnoStatus(errno);
    int writes = (granted & (FILE_WRITE_DATA | FILE_APPEND_DATA)) != 0;
    int mode = directory ? O_RDONLY | O_DIRECTORY : (writes ? O_RDWR : O_RDONLY) | flags;
    /* Check sharing on the existing file before truncating it. */
    struct stat before;
    if (path->Exists && fstatat(path->DirectoryFd, path->Leaf, &before, AT_SYMLINK_NOFOLLOW) == 0 &&
        ShareConflict(before.st_dev, before.st_ino, granted, share))
        return STATUS_SHARING_VIOLATION;
    int fd = openat(path->DirectoryFd, path->Leaf, mode | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0)
        return ErrnoStatus(errno);
    struct stat after;
    fstat(fd, &after);
    SIM_FILE_HANDLE *handle = &Handles[slot];
    memset(handle, 0, sizeof(*handle));
    handle->InUse = 1;
    handle->Fd = fd;
    handle->ParentFd = -1;
    handle->IsDirectory = directory;
    handle->Synchronous = (options & (FILE_SYNCHRONOUS_IO_ALERT | FILE_SYNCHRONOUS_IO_NONALERT)) != 0;
    handle->DeleteOnClose = (options & FILE_DELETE_ON_CLOSE) != 0;
    handle->Kernel = (attributes & OBJ_KERNEL_HANDLE) != 0;
    handle->Granted = granted;
    handle->ShareAccess = share;
    handle->Attributes = attributes;
    handle->Device = after.st_dev;
    handle->Inode = after.st_ino;
    snprintf(handle->Name, sizeof(handle->Name), "%s", name);
    snprintf(handle->Leaf, sizeof(handle->Leaf), "%s", path->Leaf);
    if (handle->DeleteOnClose)
        handle->ParentFd = dup(path->DirectoryFd);
    *slotOut = slot;
    return STATUS_SUCCESS;
}

static NTSTATUS CreateOrOpen(SIM_FILE_OPERATION operation, PHANDLE FileHandle, ACCESS_MASK DesiredAccess,
                             POBJECT_ATTRIBUTES ObjectAttributes, PIO_STATUS_BLOCK IoStatusBlock, ULONG ShareAccess,
                             ULONG CreateDisposition, ULONG CreateOptions)
{
    /* Read the driver's arguments first, before any lock (a bad pointer faults here). */
    SIM_FILE_ACCESS_RECORD record;
    RecordStart(&record, operation);
    record.DesiredAccess = DesiredAccess;
    record.Disposition = CreateDisposition;
    record.CreateOptions = CreateOptions;
    record.ShareAccess = ShareAccess;
    ULONG length = ObjectAttributes->Length;
    record.ObjectAttributes = ObjectAttributes->Attributes;
    HANDLE root = ObjectAttributes->RootDirectory;
    PUNICODE_STRING objectName = ObjectAttributes->ObjectName;
    if (objectName != NULL && objectName->Buffer != NULL)
        SimWideToUtf8(objectName->Buffer, objectName->Length / sizeof(WCHAR), record.Path, sizeof(record.Path));
    if (record.ObjectAttributes & OBJ_FORCE_ACCESS_CHECK)
        record.Flags |= SIM_FILE_ACCESS_FORCE_ACCESS_CHECK;
    if (record.ObjectAttributes & OBJ_KERNEL_HANDLE)
        record.Flags |= SIM_FILE_ACCESS_KERNEL_HANDLE;

    NTSTATUS status = CheckParameters(DesiredAccess, CreateDisposition, CreateOptions, ShareAccess);
    if (NT_SUCCESS(status) && length != sizeof(OBJECT_ATTRIBUTES))
        status = STATUS_INVALID_PARAMETER;
    if (NT_SUCCESS(status) && (objectName == NULL || record.Path[0] == '\0'))
        status = STATUS_OBJECT_NAME_INVALID;
    ULONG_PTR information = 0;
    int slot = -1;
    if (NT_SUCCESS(status)) {
        pthread_mutex_lock(&HandleLock);
        int rootFd = -1;
        if (root != NULL) {
            int rootSlot = SlotOf(root);
            if (rootSlot < 0 || !Handles[rootSlot].IsDirectory)
                status = STATUS_INVALID_HANDLE;
            else
                rootFd = Handles[rootSlot].Fd;
        }
        SIM_SANDBOX_PATH path;
        int inSandbox = 0;
        if (NT_SUCCESS(status))
            status = SimSandboxResolve(record.Path, rootFd, &path, &inSandbox);
        if (inSandbox)
            record.Flags |= SIM_FILE_ACCESS_IN_SANDBOX;
        if (NT_SUCCESS(status)) {
            status = OpenInSlot(&path, GrantedAccess(DesiredAccess), ShareAccess, CreateDisposition, CreateOptions,
                                record.ObjectAttributes, record.Path, &information, &slot);
            close(path.DirectoryFd);
        }
        pthread_mutex_unlock(&HandleLock);
    }
    HANDLE value = slot >= 0 ? HandleValue(slot, (record.ObjectAttributes & OBJ_KERNEL_HANDLE) != 0) : NULL;
    record.Status = status;
    record.Information = NT_SUCCESS(status) ? information : 0;
    record.Handle = (uint64_t)(uintptr_t)value;
    SimFileAccessAppend(&record);
    if (NT_SUCCESS(status)) {
        *FileHandle = value;
        IoStatusBlock->Status = status;
        IoStatusBlock->Information = information;
    }
    return status;
}

NTSTATUS ZwCreateFile(PHANDLE FileHandle, ACCESS_MASK DesiredAccess, POBJECT_ATTRIBUTES ObjectAttributes,
                      PIO_STATUS_BLOCK IoStatusBlock, PLARGE_INTEGER AllocationSize, ULONG FileAttributes,
                      ULONG ShareAccess, ULONG CreateDisposition, ULONG CreateOptions, PVOID EaBuffer, ULONG EaLength)
{
    /* Allocation size, attributes and extended attributes change nothing a driver can observe here. */
    (void)AllocationSize;
    (void)FileAttributes;
    (void)EaBuffer;
    (void)EaLength;
    return CreateOrOpen(SimFileCreate, FileHandle, DesiredAccess, ObjectAttributes, IoStatusBlock, ShareAccess,
                        CreateDisposition, CreateOptions);
}

NTSTATUS ZwOpenFile(PHANDLE FileHandle, ACCESS_MASK DesiredAccess, POBJECT_ATTRIBUTES ObjectAttributes,
                    PIO_STATUS_BLOCK IoStatusBlock, ULONG ShareAccess, ULONG OpenOptions)
{
    return CreateOrOpen(SimFileOpen, FileHandle, DesiredAccess, ObjectAttributes, IoStatusBlock, ShareAccess, FILE_OPEN,
                        OpenOptions);
}

/* A snapshot of an open handle, taken under the lock. */
static int Lookup(HANDLE handle, SIM_FILE_HANDLE *copy)
{
    pthread_mutex_lock(&HandleLock);
    int slot = SlotOf(handle);
    if (slot >= 0)
        *copy = Handles[slot];
    pthread_mutex_unlock(&HandleLock);
    return slot;
}

static void SetPosition(int slot, const SIM_FILE_HANDLE *copy, uint64_t position)
{
    pthread_mutex_lock(&HandleLock);
    if (Handles[slot].InUse && Handles[slot].Fd == copy->Fd)
        Handles[slot].Position = position;
    pthread_mutex_unlock(&HandleLock);
}

/* Where a read or write happens (nf-wdm-zwreadfile, nf-wdm-zwwritefile, ByteOffset): an explicit
   offset, the current position of a synchronous handle, or the end of the file. */
static NTSTATUS Offset(const SIM_FILE_HANDLE *handle, int hasOffset, LARGE_INTEGER offset, int forWrite,
                       uint64_t *where)
{
    int current = !hasOffset || (offset.HighPart == -1 && offset.LowPart == FILE_USE_FILE_POINTER_POSITION);
    int append = forWrite && ((hasOffset && offset.HighPart == -1 && offset.LowPart == FILE_WRITE_TO_END_OF_FILE) ||
                              (handle->Granted & (FILE_WRITE_DATA | FILE_APPEND_DATA)) == FILE_APPEND_DATA);
    if (append) {
        struct stat status;
        if (fstat(handle->Fd, &status) != 0)
            return STATUS_INVALID_HANDLE;
        *where = (uint64_t)status.st_size;
        return STATUS_SUCCESS;
    }
    if (current) {
        if (!handle->Synchronous)
            return STATUS_INVALID_PARAMETER;
        *where = handle->Position;
        return STATUS_SUCCESS;
    }
    if (offset.QuadPart < 0)
        return STATUS_INVALID_PARAMETER;
    *where = (uint64_t)offset.QuadPart;
    return STATUS_SUCCESS;
}

static NTSTATUS Transfer(SIM_FILE_OPERATION operation, HANDLE FileHandle, PIO_STATUS_BLOCK IoStatusBlock,
                         PVOID Buffer, ULONG Length, PLARGE_INTEGER ByteOffset)
{
    int forWrite = operation == SimFileWrite;
    int hasOffset = ByteOffset != NULL;
    LARGE_INTEGER offset;
    offset.QuadPart = hasOffset ? ByteOffset->QuadPart : 0;
    SIM_FILE_HANDLE handle;
    int slot = Lookup(FileHandle, &handle);
    if (slot < 0) {
        Record(operation, STATUS_INVALID_HANDLE, NULL, 0, FileHandle, 0);
        return STATUS_INVALID_HANDLE;
    }
    ACCESS_MASK needed = forWrite ? (FILE_WRITE_DATA | FILE_APPEND_DATA) : FILE_READ_DATA;
    uint64_t where = 0;
    NTSTATUS status = STATUS_SUCCESS;
    if (handle.IsDirectory)
        status = STATUS_INVALID_DEVICE_REQUEST;
    else if ((handle.Granted & needed) == 0)
        status = STATUS_ACCESS_DENIED;
    else
        status = Offset(&handle, hasOffset, offset, forWrite, &where);
    if (NT_SUCCESS(status) && forWrite && where + Length > MAX_FILE_BYTES)
        status = STATUS_DISK_FULL;
    ssize_t done = 0;
    if (NT_SUCCESS(status)) {
        /* pread/pwrite never fault on the driver's buffer: a bad one is EFAULT. */
        done = forWrite ? pwrite(handle.Fd, Buffer, Length, (off_t)where) : pread(handle.Fd, Buffer, Length, (off_t)where);
        if (done < 0)
            status = ErrnoStatus(errno);
        else if (!forWrite && done == 0 && Length > 0)
            status = STATUS_END_OF_FILE;
    }
    if (NT_SUCCESS(status) && handle.Synchronous)
        SetPosition(slot, &handle, where + (uint64_t)done);
    ULONG_PTR information = NT_SUCCESS(status) ? (ULONG_PTR)done : 0;
    Record(operation, status, &handle, information, FileHandle, 0);
    if (NT_SUCCESS(status) || status == STATUS_END_OF_FILE) {
        IoStatusBlock->Status = status;
        IoStatusBlock->Information = information;
    }
    return status;
}

/* Every call completes synchronously: there is no event to signal and no APC to queue, and Key is for
   byte-range locks, which nothing here takes. */
#define SIM_SYNCHRONOUS_ONLY(Event, ApcRoutine, ApcContext, Key) \
    ((void)(Event), (void)(ApcRoutine), (void)(ApcContext), (void)(Key))

NTSTATUS ZwReadFile(HANDLE FileHandle, HANDLE Event, PIO_APC_ROUTINE ApcRoutine, PVOID ApcContext,
                    PIO_STATUS_BLOCK IoStatusBlock, PVOID Buffer, ULONG Length, PLARGE_INTEGER ByteOffset, PULONG Key)
{
    SIM_SYNCHRONOUS_ONLY(Event, ApcRoutine, ApcContext, Key);
    return Transfer(SimFileRead, FileHandle, IoStatusBlock, Buffer, Length, ByteOffset);
}

NTSTATUS ZwWriteFile(HANDLE FileHandle, HANDLE Event, PIO_APC_ROUTINE ApcRoutine, PVOID ApcContext,
                     PIO_STATUS_BLOCK IoStatusBlock, PVOID Buffer, ULONG Length, PLARGE_INTEGER ByteOffset, PULONG Key)
{
    SIM_SYNCHRONOUS_ONLY(Event, ApcRoutine, ApcContext, Key);
    return Transfer(SimFileWrite, FileHandle, IoStatusBlock, Buffer, Length, ByteOffset);
}

NTSTATUS ZwQueryInformationFile(HANDLE FileHandle, PIO_STATUS_BLOCK IoStatusBlock, PVOID FileInformation, ULONG Length,
                                FILE_INFORMATION_CLASS FileInformationClass)
{
    SIM_FILE_HANDLE handle;
    int slot = Lookup(FileHandle, &handle);
    if (slot < 0) {
        Record(SimFileQueryInformation, STATUS_INVALID_HANDLE, NULL, 0, FileHandle, (uint32_t)FileInformationClass);
        return STATUS_INVALID_HANDLE;
    }
    NTSTATUS status = STATUS_SUCCESS;
    ULONG_PTR information = 0;
    struct stat file;
    if (FileInformationClass == FileStandardInformation) {
        FILE_STANDARD_INFORMATION standard;
        if (Length < sizeof(standard)) {
            status = STATUS_INFO_LENGTH_MISMATCH;
        } else if (fstat(handle.Fd, &file) != 0) {
            status = STATUS_INVALID_HANDLE;
        } else {
            memset(&standard, 0, sizeof(standard));
            /* NTFS allocates whole 4 KiB clusters. */
            standard.AllocationSize.QuadPart = ((LONGLONG)file.st_size + 4095) & ~(LONGLONG)4095;
            standard.EndOfFile.QuadPart = handle.IsDirectory ? 0 : (LONGLONG)file.st_size;
            standard.NumberOfLinks = (ULONG)file.st_nlink;
            standard.DeletePending = (BOOLEAN)handle.DeleteOnClose;
            standard.Directory = (BOOLEAN)handle.IsDirectory;
            memcpy(FileInformation, &standard, sizeof(standard));
            information = sizeof(standard);
        }
    } else if (FileInformationClass == FilePositionInformation) {
        FILE_POSITION_INFORMATION position;
        if (Length < sizeof(position)) {
            status = STATUS_INFO_LENGTH_MISMATCH;
        } else {
            position.CurrentByteOffset.QuadPart = (LONGLONG)handle.Position;
            memcpy(FileInformation, &position, sizeof(position));
            information = sizeof(position);
        }
    } else if (FileInformationClass <= 0 || FileInformationClass >= FileMaximumInformation) {
        status = STATUS_INVALID_INFO_CLASS;
    } else {
        status = STATUS_NOT_SUPPORTED; /* a real class the sandbox does not answer (docs/foreign-drivers.md) */
    }
    Record(SimFileQueryInformation, status, &handle, information, FileHandle, (uint32_t)FileInformationClass);
    if (NT_SUCCESS(status)) {
        IoStatusBlock->Status = status;
        IoStatusBlock->Information = information;
    }
    return status;
}

NTSTATUS ZwFlushBuffersFile(HANDLE FileHandle, PIO_STATUS_BLOCK IoStatusBlock)
{
    SIM_FILE_HANDLE handle;
    int slot = Lookup(FileHandle, &handle);
    NTSTATUS status = STATUS_SUCCESS;
    if (slot < 0)
        status = STATUS_INVALID_HANDLE;
    else if ((handle.Granted & (FILE_WRITE_DATA | FILE_APPEND_DATA)) == 0)
        status = STATUS_ACCESS_DENIED; /* nf-ntifs-ntflushbuffersfile: needs write or append access */
    else if (fsync(handle.Fd) != 0)
        status = ErrnoStatus(errno);
    Record(SimFileFlush, status, slot >= 0 ? &handle : NULL, 0, FileHandle, 0);
    if (NT_SUCCESS(status)) {
        IoStatusBlock->Status = status;
        IoStatusBlock->Information = 0;
    }
    return status;
}

NTSTATUS ZwClose(HANDLE Handle)
{
    pthread_mutex_lock(&HandleLock);
    int slot = SlotOf(Handle);
    SIM_FILE_HANDLE handle;
    if (slot >= 0) {
        handle = Handles[slot];
        Handles[slot].InUse = 0;
    }
    pthread_mutex_unlock(&HandleLock);
    if (slot < 0) {
        /* nf-wdm-zwclose: STATUS_INVALID_HANDLE for a handle that is not valid. */
        Record(SimFileClose, STATUS_INVALID_HANDLE, NULL, 0, Handle, 0);
        return STATUS_INVALID_HANDLE;
    }
    close(handle.Fd);
    if (handle.DeleteOnClose && handle.ParentFd >= 0) {
        unlinkat(handle.ParentFd, handle.Leaf, handle.IsDirectory ? AT_REMOVEDIR : 0);
        close(handle.ParentFd);
    }
    Record(SimFileClose, STATUS_SUCCESS, &handle, 0, Handle, 0);
    return STATUS_SUCCESS;
}
