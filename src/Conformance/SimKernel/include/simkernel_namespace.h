/*
 * simkernel_namespace.h - host-facing API (libsimkernel.so, included by simkernel.h): what the
 * driver put in the object namespace (device objects, symbolic links) and what it did in the file
 * namespace (ZwCreateFile and friends, inside the per-run sandbox folder).
 * Drivers never include this file.
 */
#ifndef SIMKERNEL_NAMESPACE_H
#define SIMKERNEL_NAMESPACE_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Object namespace ---------------------------------------------------------------------- */

/* The index-th device object the driver created (IoCreateDevice) and still has, its name as the
   driver spelled it (empty for an unnamed device), NUL-terminated UTF-8. Returns 1, or 0 past the
   last one. */
__attribute__((visibility("default"))) int32_t SimDeviceName(uint32_t index, char *name, uint32_t capacity);

/* The index-th symbolic link (IoCreateSymbolicLink) and the device name it points at. Returns 1,
   or 0 past the last one. */
__attribute__((visibility("default"))) int32_t SimSymbolicLink(uint32_t index, char *link, char *target,
                                                               uint32_t capacity);

/* ---- File namespace: the sandbox ----------------------------------------------------------- */

/*
 * Every file the driver names lives inside one host folder, the sandbox (one per run; SimHost's
 * --sandbox). Call before SimLoadDriver; NULL or "" leaves no file system: every ZwCreateFile
 * fails with STATUS_OBJECT_PATH_NOT_FOUND (and is still recorded). The folder is made on first use.
 *
 * Mapping (src/zwfile.c): \??\C:\a\b, \DosDevices\C:\a\b and \GLOBAL??\C:\a\b are <sandbox>/C/a/b;
 * \SystemRoot\a is <sandbox>/C/Windows/a. C: is the only drive; C:\Windows\Temp and
 * C:\Windows\System32 exist. Names are matched case-insensitively, as NTFS does. A name with a
 * "." or ".." component, a character NTFS refuses, or a stream (":") is STATUS_OBJECT_NAME_INVALID;
 * any other object directory (\Device\..., \??\UNC\...) is STATUS_OBJECT_PATH_NOT_FOUND. Lookups
 * walk the sandbox one folder at a time and never follow a symbolic link: nothing outside the
 * sandbox can be named, read or written.
 */
__attribute__((visibility("default"))) int SimSandboxSet(const char *hostFolder);

/* One Zw call on a file, in call order since boot. */
typedef enum SIM_FILE_OPERATION {
    SimFileCreate = 1,           /* ZwCreateFile                                                   */
    SimFileOpen = 2,             /* ZwOpenFile                                                     */
    SimFileRead = 3,             /* ZwReadFile                                                     */
    SimFileWrite = 4,            /* ZwWriteFile                                                    */
    SimFileQueryInformation = 5, /* ZwQueryInformationFile (Disposition: the information class)    */
    SimFileFlush = 6,            /* ZwFlushBuffersFile                                             */
    SimFileClose = 7,            /* ZwClose of a file handle (or of a handle nobody knows)         */
} SIM_FILE_OPERATION;

#define SIM_FILE_ACCESS_FORCE_ACCESS_CHECK 0x1u /* OBJ_FORCE_ACCESS_CHECK was given              */
#define SIM_FILE_ACCESS_KERNEL_HANDLE      0x2u /* OBJ_KERNEL_HANDLE was given                   */
#define SIM_FILE_ACCESS_IN_SANDBOX         0x4u /* the name mapped to a place inside the sandbox */
#define SIM_FILE_ACCESS_USER_CONTEXT       0x8u /* made while serving a user-mode caller's IRP
                                                   (IRP_MJ_CREATE, IOCTL, ...): the caller's
                                                   process, where a handle without
                                                   OBJ_KERNEL_HANDLE is the caller's to use; else
                                                   DriverEntry/DriverUnload (System process)     */
#define SIM_FILE_PATH_CAPACITY 512u
#define SIM_FILE_ACCESS_CAPACITY 4096u

typedef struct SIM_FILE_ACCESS_RECORD {
    uint32_t Operation;        /* SIM_FILE_OPERATION                                               */
    int32_t  Status;           /* the NTSTATUS the routine returned                                */
    uint32_t DesiredAccess;    /* create/open: as asked; later calls: the handle's granted access  */
    uint32_t Disposition;      /* create: CreateDisposition; open: FILE_OPEN; query: the class     */
    uint32_t CreateOptions;    /* CreateOptions / OpenOptions                                      */
    uint32_t ShareAccess;
    uint32_t ObjectAttributes; /* OBJECT_ATTRIBUTES.Attributes (OBJ_*), as given                   */
    uint32_t Flags;            /* SIM_FILE_ACCESS_*                                                */
    uint64_t Information;      /* IoStatusBlock.Information: FILE_CREATED..., bytes read/written  */
    uint64_t Handle;           /* the handle made or used (0 when none was made)                   */
    char Path[SIM_FILE_PATH_CAPACITY]; /* the object name as the driver gave it, UTF-8 (for calls
                                          on a handle: the name it was opened with)                */
} SIM_FILE_ACCESS_RECORD;

/* Copy the records since boot (oldest first, at most capacity) into records; returns how many.
   *dropped gets the calls not recorded because the list (SIM_FILE_ACCESS_CAPACITY) was full. */
__attribute__((visibility("default"))) uint32_t SimFileAccessRead(SIM_FILE_ACCESS_RECORD *records, uint32_t capacity,
                                                                  uint64_t *dropped);

/* Records appended since boot (not counting dropped ones): a host notes it before a case and reads
   the case's own calls with SimFileAccessReadFrom afterwards. */
__attribute__((visibility("default"))) uint32_t SimFileAccessCount(void);

/* Copy the records from index first on (at most capacity); returns how many. */
__attribute__((visibility("default"))) uint32_t SimFileAccessReadFrom(uint32_t first, SIM_FILE_ACCESS_RECORD *records,
                                                                      uint32_t capacity);

#ifdef __cplusplus
}
#endif
#endif
