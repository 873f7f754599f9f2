/*
 * files_internal.h - what the simulated file system's parts share (sandbox.c, fileaccess.c,
 * zwfile.c). Not for drivers.
 */
#ifndef SIM_FILES_INTERNAL_H
#define SIM_FILES_INTERNAL_H

#include "simkernel_internal.h"
#include "../include/simkernel_namespace.h"

#define SIM_FILE_NAME_CAPACITY 256u /* one component, with the NUL: NTFS allows 255 characters */

/* ---- sandbox.c: NT object names -> places inside the sandbox folder ---- */
typedef struct SIM_SANDBOX_PATH {
    int DirectoryFd;                   /* the folder holding the leaf (owned by the caller)        */
    char Leaf[SIM_FILE_NAME_CAPACITY]; /* its name on disk, or "." for the folder itself           */
    int Exists;
    int IsDirectory;
} SIM_SANDBOX_PATH;

/* name: the UTF-8 object name. rootFd: the folder of a RootDirectory handle, or -1 for a fully
   qualified name. On success *path holds an open folder the caller closes. Every failure is the
   NTSTATUS ZwCreateFile returns for that name; *inSandbox says whether the name mapped into the
   sandbox at all (an unknown object directory does not). */
NTSTATUS SimSandboxResolve(const char *name, int rootFd, SIM_SANDBOX_PATH *path, int *inSandbox);

/* ---- fileaccess.c: the record of every Zw file call ---- */
void SimFileAccessAppend(const SIM_FILE_ACCESS_RECORD *record);

#endif
