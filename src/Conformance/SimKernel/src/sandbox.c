/*
 * sandbox.c - the simulated volume C: is a host folder, the sandbox. This file turns an NT object
 * name into a place inside it, and nothing else: \??\C:\a\b (also \DosDevices\, \GLOBAL??\) is
 * <sandbox>/C/a/b and \SystemRoot\a is <sandbox>/C/Windows/a.
 *
 * Why it cannot be escaped: the walk starts at a descriptor of the sandbox and opens one component
 * at a time with openat(O_NOFOLLOW | O_DIRECTORY); "." and ".." are refused as NTFS refuses them
 * (a native NT path is not normalised: the file system gets the components as they are), and so
 * is "/", which is not a separator on Windows and not a valid NTFS name character. No host path is
 * ever built from the driver's text.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include "files_internal.h"

#define SANDBOX_PATH_CAPACITY 4096u

static char SandboxFolder[SANDBOX_PATH_CAPACITY];
static pthread_mutex_t SandboxLock = PTHREAD_MUTEX_INITIALIZER;

int SimSandboxSet(const char *hostFolder)
{
    if (hostFolder == NULL)
        hostFolder = "";
    if (strlen(hostFolder) >= sizeof(SandboxFolder))
        return -ENAMETOOLONG;
    pthread_mutex_lock(&SandboxLock);
    snprintf(SandboxFolder, sizeof(SandboxFolder), "%s", hostFolder);
    pthread_mutex_unlock(&SandboxLock);
    return 0;
}

/* mkdir -p of the sandbox folder itself (the run folder may not hold it yet). */
static int MakeFolders(const char *path)
{
    char partial[SANDBOX_PATH_CAPACITY];
    size_t length = strlen(path);
    for (size_t i = 1; i <= length; i++) {
        if (path[i] != '/' && path[i] != '\0')
            continue;
        memcpy(partial, path, i);
        partial[i] = '\0';
        if (mkdir(partial, 0700) != 0 && errno != EEXIST)
            return -1;
    }
    return 0;
}

/* The folders every Windows volume C: has and drivers write into (SystemRoot\Temp for logs). */
static const char *const SkeletonFolders[] = { "C", "C/Windows", "C/Windows/Temp", "C/Windows/System32" };

/* A descriptor of the sandbox folder with its skeleton, or -1 when there is no sandbox. */
static int OpenSandbox(void)
{
    char folder[SANDBOX_PATH_CAPACITY];
    pthread_mutex_lock(&SandboxLock);
    snprintf(folder, sizeof(folder), "%s", SandboxFolder);
    pthread_mutex_unlock(&SandboxLock);
    if (folder[0] == '\0' || MakeFolders(folder) != 0)
        return -1;
    int fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    for (size_t i = 0; i < sizeof(SkeletonFolders) / sizeof(SkeletonFolders[0]); i++)
        if (mkdirat(fd, SkeletonFolders[i], 0700) != 0 && errno != EEXIST) {
            close(fd);
            return -1;
        }
    return fd;
}

static int StartsWithNoCase(const char *text, const char *prefix)
{
    return strncasecmp(text, prefix, strlen(prefix)) == 0;
}

/* NTFS name rules for one component: 1..255 characters, none of the reserved characters
   (" * / : < > ? \ |) or a control character, and not "." or ".." (learn.microsoft.com,
   windows/win32/fileio/naming-a-file).
   ':' would name a stream, which the sandbox does not simulate. */
static int ValidComponent(const char *component, size_t length)
{
    if (length == 0 || length >= SIM_FILE_NAME_CAPACITY)
        return 0;
    if ((length == 1 && component[0] == '.') || (length == 2 && component[0] == '.' && component[1] == '.'))
        return 0;
    for (size_t i = 0; i < length; i++) {
        unsigned char c = (unsigned char)component[i];
        if (c < 0x20 || strchr("\"*/:<>?|", c) != NULL)
            return 0;
    }
    return 1;
}

/* The entry of folder that matches name as NTFS would, case-insensitively (ASCII); its on-disk
   spelling goes to found. Returns 1 when there is one. */
static int FindEntry(int folder, const char *name, char *found, struct stat *status)
{
    if (fstatat(folder, name, status, AT_SYMLINK_NOFOLLOW) == 0) {
        snprintf(found, SIM_FILE_NAME_CAPACITY, "%s", name);
        return 1;
    }
    int copy = dup(folder);
    if (copy < 0)
        return 0;
    DIR *directory = fdopendir(copy);
    if (directory == NULL) {
        close(copy);
        return 0;
    }
    int match = 0;
    for (struct dirent *entry; !match && (entry = readdir(directory)) != NULL;)
        if (strcasecmp(entry->d_name, name) == 0 && fstatat(folder, entry->d_name, status, AT_SYMLINK_NOFOLLOW) == 0) {
            snprintf(found, SIM_FILE_NAME_CAPACITY, "%s", entry->d_name);
            match = 1;
        }
    closedir(directory);
    return match;
}

/* Where the name's components start inside the sandbox: the folder to start from (an open
   descriptor) and the rest of the name, or an NTSTATUS. */
static NTSTATUS OpenStart(const char *name, int rootFd, int *folder, const char **rest, int *inSandbox)
{
    const char *afterDrive = NULL;
    if (rootFd >= 0) {
        /* Relative to a folder the driver opened: the name must not start at the top again. */
        if (name[0] == '\\')
            return STATUS_OBJECT_PATH_SYNTAX_BAD;
        *folder = dup(rootFd);
        *rest = name;
        *inSandbox = 1;
        return *folder >= 0 ? STATUS_SUCCESS : STATUS_INSUFFICIENT_RESOURCES;
    }
    if (name[0] != '\\')
        return STATUS_OBJECT_PATH_SYNTAX_BAD; /* a relative name needs a RootDirectory */
    static const char *const DosDevicePrefixes[] = { "\\??\\", "\\DosDevices\\", "\\GLOBAL??\\" };
    for (size_t i = 0; i < sizeof(DosDevicePrefixes) / sizeof(DosDevicePrefixes[0]) && afterDrive == NULL; i++) {
        size_t prefix = strlen(DosDevicePrefixes[i]);
        if (!StartsWithNoCase(name, DosDevicePrefixes[i]))
            continue;
        const char *drive = name + prefix;
        /* Only drive C: exists (a missing \??\D: link is a path that is not found). */
        if (!((drive[0] == 'C' || drive[0] == 'c') && drive[1] == ':'))
            return STATUS_OBJECT_PATH_NOT_FOUND;
        afterDrive = drive + 2;
        if (afterDrive[0] != '\0' && afterDrive[0] != '\\')
            return STATUS_OBJECT_NAME_INVALID; /* "C:name": no current folder in the kernel */
    }
    const char *windows = NULL;
    if (afterDrive == NULL && StartsWithNoCase(name, "\\SystemRoot") && (name[11] == '\0' || name[11] == '\\'))
        windows = name + 11;
    if (afterDrive == NULL && windows == NULL)
        return STATUS_OBJECT_PATH_NOT_FOUND; /* \Device\..., \??\UNC\...: not simulated */

    int sandbox = OpenSandbox();
    if (sandbox < 0)
        return STATUS_OBJECT_PATH_NOT_FOUND;
    *inSandbox = 1;
    *folder = openat(sandbox, windows != NULL ? "C/Windows" : "C", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    close(sandbox);
    if (*folder < 0)
        return STATUS_OBJECT_PATH_NOT_FOUND;
    const char *tail = windows != NULL ? windows : afterDrive;
    *rest = tail[0] == '\\' ? tail + 1 : tail;
    return STATUS_SUCCESS;
}

NTSTATUS SimSandboxResolve(const char *name, int rootFd, SIM_SANDBOX_PATH *path, int *inSandbox)
{
    *inSandbox = 0;
    int folder = -1;
    const char *rest = NULL;
    NTSTATUS status = OpenStart(name, rootFd, &folder, &rest, inSandbox);
    if (!NT_SUCCESS(status))
        return status;

    path->Exists = 1;
    path->IsDirectory = 1;
    snprintf(path->Leaf, sizeof(path->Leaf), ".");
    while (rest[0] != '\0') {
        const char *end = strchr(rest, '\\');
        size_t length = end != NULL ? (size_t)(end - rest) : strlen(rest);
        if (!ValidComponent(rest, length)) {
            close(folder);
            return STATUS_OBJECT_NAME_INVALID;
        }
        char component[SIM_FILE_NAME_CAPACITY];
        memcpy(component, rest, length);
        component[length] = '\0';
        struct stat status;
        int found = FindEntry(folder, component, path->Leaf, &status);
        if (end == NULL) {
            if (!found)
                snprintf(path->Leaf, sizeof(path->Leaf), "%s", component);
            path->Exists = found;
            path->IsDirectory = found && S_ISDIR(status.st_mode);
            if (found && !S_ISDIR(status.st_mode) && !S_ISREG(status.st_mode)) {
                close(folder); /* nothing but files and folders is made here; refuse anything else */
                return STATUS_ACCESS_DENIED;
            }
            break;
        }
        /* An intermediate component must be a real folder. */
        if (!found || !S_ISDIR(status.st_mode)) {
            close(folder);
            return STATUS_OBJECT_PATH_NOT_FOUND;
        }
        int next = openat(folder, path->Leaf, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        close(folder);
        if (next < 0)
            return STATUS_OBJECT_PATH_NOT_FOUND;
        folder = next;
        rest = end + 1;
        if (rest[0] == '\0') {
            close(folder);
            return STATUS_OBJECT_NAME_INVALID; /* a trailing backslash */
        }
    }
    path->DirectoryFd = folder;
    return STATUS_SUCCESS;
}
