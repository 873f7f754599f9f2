/*
 * objects.c - the object manager's part: load a driver, its device objects and symbolic links,
 * open/close the device, allocate IRPs and call dispatch routines.
 * One driver per SimHost process, as one machine runs one copy of the driver under test.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include "simkernel_internal.h"

#define MAX_DEVICES 8
#define MAX_LINKS 8
#define NAME_CAPACITY 256

typedef struct SIM_IRP_BLOCK {
    IRP Irp;
    IO_STACK_LOCATION Stack;
    int Completed;
} SIM_IRP_BLOCK;

typedef struct SIM_NAMED_DEVICE {
    char Name[NAME_CAPACITY];
    char Spelled[NAME_CAPACITY]; /* as the driver wrote it, for people (SimDeviceName) */
    PDEVICE_OBJECT Device;
} SIM_NAMED_DEVICE;

typedef struct SIM_LINK {
    char Link[NAME_CAPACITY];
    char Target[NAME_CAPACITY];
    char SpelledLink[NAME_CAPACITY];
    char SpelledTarget[NAME_CAPACITY];
} SIM_LINK;

static DRIVER_OBJECT Driver;
static DRIVER_EXTENSION DriverExtension;
static void *DriverLibrary;
static SIM_NAMED_DEVICE Devices[MAX_DEVICES];
static SIM_LINK Links[MAX_LINKS];
static PDEVICE_OBJECT OpenedDevice;
static FILE_OBJECT OpenedFile;
static char LastError[512];
static WCHAR DriverNameBuffer[NAME_CAPACITY];
static WCHAR RegistryPathBuffer[NAME_CAPACITY];
static UNICODE_STRING RegistryPath;

SIM_API const char *SimLastError(void) { return LastError; }

static NTSTATUS InvalidDeviceRequest(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    (void)DeviceObject;
    Irp->IoStatus.Status = STATUS_INVALID_DEVICE_REQUEST;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_INVALID_DEVICE_REQUEST;
}

static void Utf8ToWide(const char *text, WCHAR *out, size_t capacity)
{
    size_t i = 0;
    for (; text[i] != '\0' && i + 1 < capacity; i++)
        out[i] = (WCHAR)(unsigned char)text[i];
    out[i] = 0;
}

static void UnicodeToUtf8(PCUNICODE_STRING s, char *out, size_t capacity)
{
    if (s == NULL || s->Buffer == NULL) {
        out[0] = '\0';
        return;
    }
    SimWideToUtf8(s->Buffer, s->Length / sizeof(WCHAR), out, capacity);
}

/* Windows names are case-insensitive; \??\ and \DosDevices\ are the same directory. */
static void CanonicalName(const char *name, char *out, size_t capacity)
{
    const char *rest = name;
    const char *prefix = "";
    if (strncasecmp(name, "\\DosDevices\\", 12) == 0) {
        rest = name + 12;
        prefix = "\\??\\";
    } else if (strncmp(name, "\\\\.\\", 4) == 0) {
        rest = name + 4;
        prefix = "\\??\\";
    } else if (strncmp(name, "\\??\\", 4) == 0) {
        rest = name + 4;
        prefix = "\\??\\";
    }
    snprintf(out, capacity, "%s%s", prefix, rest);
    for (char *c = out; *c != '\0'; c++)
        if (*c >= 'a' && *c <= 'z')
            *c = (char)(*c - 'a' + 'A');
}

NTSTATUS IoCreateDevice(PDRIVER_OBJECT DriverObject, ULONG DeviceExtensionSize, PUNICODE_STRING DeviceName,
                        DEVICE_TYPE DeviceType, ULONG DeviceCharacteristics, BOOLEAN Exclusive,
                        PDEVICE_OBJECT *DeviceObject)
{
    (void)Exclusive;
    char name[NAME_CAPACITY];
    char canonical[NAME_CAPACITY];
    UnicodeToUtf8(DeviceName, name, sizeof(name));
    CanonicalName(name, canonical, sizeof(canonical));
    SIM_NAMED_DEVICE *slot = NULL;
    for (int i = 0; i < MAX_DEVICES; i++) {
        if (Devices[i].Device != NULL && name[0] != '\0' && strcmp(Devices[i].Name, canonical) == 0)
            return STATUS_OBJECT_NAME_COLLISION;
        if (Devices[i].Device == NULL && slot == NULL)
            slot = &Devices[i];
    }
    if (slot == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    PDEVICE_OBJECT device = calloc(1, sizeof(DEVICE_OBJECT));
    if (device == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    if (DeviceExtensionSize != 0) {
        /* The device extension is zeroed nonpaged memory; it comes from special pool here. */
        device->DeviceExtension = SimPoolAllocate(DeviceExtensionSize, 1, 'txeD');
        if (device->DeviceExtension == NULL) {
            free(device);
            return STATUS_INSUFFICIENT_RESOURCES;
        }
    }
    device->Type = 3;
    device->Size = (USHORT)sizeof(DEVICE_OBJECT);
    device->ReferenceCount = 0;
    device->DriverObject = DriverObject;
    device->DeviceType = DeviceType;
    device->Characteristics = DeviceCharacteristics;
    device->Flags = DO_DEVICE_INITIALIZING;
    device->StackSize = 1;
    device->NextDevice = DriverObject->DeviceObject;
    DriverObject->DeviceObject = device;
    snprintf(slot->Name, sizeof(slot->Name), "%s", canonical);
    snprintf(slot->Spelled, sizeof(slot->Spelled), "%s", name);
    slot->Device = device;
    *DeviceObject = device;
    return STATUS_SUCCESS;
}

VOID IoDeleteDevice(PDEVICE_OBJECT DeviceObject)
{
    for (int i = 0; i < MAX_DEVICES; i++)
        if (Devices[i].Device == DeviceObject)
            memset(&Devices[i], 0, sizeof(Devices[i]));
    PDEVICE_OBJECT *link = &Driver.DeviceObject;
    while (*link != NULL && *link != DeviceObject)
        link = &(*link)->NextDevice;
    if (*link != NULL)
        *link = DeviceObject->NextDevice;
    if (OpenedDevice == DeviceObject)
        OpenedDevice = NULL;
    if (DeviceObject->DeviceExtension != NULL)
        SimPoolFree(DeviceObject->DeviceExtension);
    free(DeviceObject);
}

NTSTATUS IoCreateSymbolicLink(PUNICODE_STRING SymbolicLinkName, PUNICODE_STRING DeviceName)
{
    char link[NAME_CAPACITY], target[NAME_CAPACITY];
    UnicodeToUtf8(SymbolicLinkName, link, sizeof(link));
    UnicodeToUtf8(DeviceName, target, sizeof(target));
    SIM_LINK *slot = NULL;
    char canonicalLink[NAME_CAPACITY];
    CanonicalName(link, canonicalLink, sizeof(canonicalLink));
    for (int i = 0; i < MAX_LINKS; i++) {
        if (Links[i].Link[0] != '\0' && strcmp(Links[i].Link, canonicalLink) == 0)
            return STATUS_OBJECT_NAME_COLLISION;
        if (Links[i].Link[0] == '\0' && slot == NULL)
            slot = &Links[i];
    }
    if (slot == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    snprintf(slot->Link, sizeof(slot->Link), "%s", canonicalLink);
    CanonicalName(target, slot->Target, sizeof(slot->Target));
    snprintf(slot->SpelledLink, sizeof(slot->SpelledLink), "%s", link);
    snprintf(slot->SpelledTarget, sizeof(slot->SpelledTarget), "%s", target);
    return STATUS_SUCCESS;
}

/* What DriverEntry left in the object namespace, for the host to show (simkernel_namespace.h). */
int32_t SimDeviceName(uint32_t index, char *name, uint32_t capacity)
{
    for (int i = 0; i < MAX_DEVICES; i++)
        if (Devices[i].Device != NULL && index-- == 0) {
            snprintf(name, capacity, "%s", Devices[i].Spelled);
            return 1;
        }
    return 0;
}

int32_t SimSymbolicLink(uint32_t index, char *link, char *target, uint32_t capacity)
{
    for (int i = 0; i < MAX_LINKS; i++)
        if (Links[i].Link[0] != '\0' && index-- == 0) {
            snprintf(link, capacity, "%s", Links[i].SpelledLink);
            snprintf(target, capacity, "%s", Links[i].SpelledTarget);
            return 1;
        }
    return 0;
}

NTSTATUS IoDeleteSymbolicLink(PUNICODE_STRING SymbolicLinkName)
{
    char link[NAME_CAPACITY], canonical[NAME_CAPACITY];
    UnicodeToUtf8(SymbolicLinkName, link, sizeof(link));
    CanonicalName(link, canonical, sizeof(canonical));
    for (int i = 0; i < MAX_LINKS; i++) {
        if (strcmp(Links[i].Link, canonical) == 0) {
            memset(&Links[i], 0, sizeof(Links[i]));
            return STATUS_SUCCESS;
        }
    }
    return STATUS_OBJECT_NAME_NOT_FOUND;
}

/* VAL (learn.microsoft.com ddi/wdmsec nf-wdmsec-wdmlibiovalidatedeviceiocontrolaccess): only
   IRP_MJ_DEVICE_CONTROL / IRP_MJ_FILE_SYSTEM_CONTROL IRPs (else STATUS_INVALID_PARAMETER); a KernelMode
   requestor passes; a UserMode one needs RequiredAccess in the handle's granted access, which the I/O
   manager sets per call from the case (SimSetGrantedAccess) - else STATUS_ACCESS_DENIED. */
NTSTATUS IoValidateDeviceIoControlAccess(PIRP Irp, ULONG RequiredAccess)
{
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    if (stack->MajorFunction != IRP_MJ_DEVICE_CONTROL && stack->MajorFunction != IRP_MJ_FILE_SYSTEM_CONTROL)
        return STATUS_INVALID_PARAMETER;
    if (Irp->RequestorMode == KernelMode)
        return STATUS_SUCCESS;
    ACCESS_MASK granted = stack->FileObject != NULL ? stack->FileObject->GrantedAccess : 0;
    return (granted & RequiredAccess) == RequiredAccess ? STATUS_SUCCESS : STATUS_ACCESS_DENIED;
}

PIRP SimIrpAllocate(UCHAR majorFunction, PDEVICE_OBJECT device, PFILE_OBJECT file)
{
    SIM_IRP_BLOCK *block = calloc(1, sizeof(SIM_IRP_BLOCK));
    if (block == NULL)
        return NULL;
    block->Irp.Type = 6;
    block->Irp.Size = (USHORT)sizeof(IRP);
    block->Irp.StackCount = 1;
    block->Irp.CurrentLocation = 1;
    block->Irp.RequestorMode = UserMode;
    block->Irp.Tail.Overlay.CurrentStackLocation = &block->Stack;
    block->Irp.Tail.Overlay.OriginalFileObject = file;
    block->Stack.MajorFunction = majorFunction;
    block->Stack.DeviceObject = device;
    block->Stack.FileObject = file;
    return &block->Irp;
}

void SimIrpFree(PIRP irp) { free(CONTAINING_RECORD(irp, SIM_IRP_BLOCK, Irp)); }

int SimIrpCompleted(PIRP irp) { return CONTAINING_RECORD(irp, SIM_IRP_BLOCK, Irp)->Completed; }

VOID IofCompleteRequest(PIRP Irp, CCHAR PriorityBoost)
{
    (void)PriorityBoost;
    SIM_IRP_BLOCK *block = CONTAINING_RECORD(Irp, SIM_IRP_BLOCK, Irp);
    /* Completing twice: bugcheck 0x44 MULTIPLE_IRP_COMPLETE_REQUESTS, parameter 1 the IRP (docs:
       debugger/bug-check-0x44--multiple-irp-complete-requests; ReactOS IofCompleteRequest checks the same). */
    if (block->Completed)
        SimBugcheck(BUGCHECK_MULTIPLE_IRP_COMPLETE_REQUESTS, (uint64_t)(uintptr_t)Irp, 0, 0, 0, 0,
                    (uint64_t)(uintptr_t)__builtin_return_address(0));
    block->Completed = 1;
}

NTSTATUS SimCallDriver(PDEVICE_OBJECT device, PIRP irp)
{
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(irp);
    PDRIVER_DISPATCH dispatch = device->DriverObject->MajorFunction[stack->MajorFunction];
    return dispatch(device, irp);
}

PDEVICE_OBJECT SimOpenedDevice(void) { return OpenedDevice; }
PFILE_OBJECT SimOpenedFile(void) { return &OpenedFile; }

/* The handle of each case is opened with the case's access (FILE_READ_DATA / FILE_WRITE_DATA): the
   FILE_OBJECT carries it, as on Windows, for IoValidateDeviceIoControlAccess to see. */
void SimSetGrantedAccess(ACCESS_MASK grantedAccess) { OpenedFile.GrantedAccess = grantedAccess; }

static void BaseName(const char *path, char *out, size_t capacity)
{
    const char *slash = strrchr(path, '/');
    const char *name = slash != NULL ? slash + 1 : path;
    if (strncmp(name, "lib", 3) == 0)
        name += 3;
    size_t n = 0;
    for (; name[n] != '\0' && name[n] != '.' && n + 1 < capacity; n++)
        out[n] = name[n];
    out[n] = '\0';
}

/* dlopen the shim itself with RTLD_GLOBAL so the driver's DDK imports bind to it. */
static int PromoteShimToGlobal(void)
{
    Dl_info info;
    if (dladdr((void *)SimLoadDriver, &info) == 0 || info.dli_fname == NULL)
        return -1;
    return dlopen(info.dli_fname, RTLD_NOW | RTLD_GLOBAL | RTLD_NOLOAD) != NULL ? 0 : -1;
}

int32_t SimLoadDriver(const char *libraryPath, const char *const *registryNames, const uint32_t *registryValues,
                      uint32_t registryCount)
{
    if (DriverLibrary != NULL) {
        snprintf(LastError, sizeof(LastError), "a driver is already loaded in this host");
        return STATUS_OBJECT_NAME_COLLISION;
    }
    SimRegistryReset();
    for (uint32_t i = 0; i < registryCount; i++)
        SimRegistrySetDword(registryNames[i], registryValues[i]);
    if (PromoteShimToGlobal() != 0) {
        snprintf(LastError, sizeof(LastError), "cannot re-open libsimkernel with RTLD_GLOBAL: %s", dlerror());
        return STATUS_DLL_NOT_FOUND;
    }
    void *library = dlopen(libraryPath, RTLD_NOW | RTLD_LOCAL);
    if (library == NULL) {
        snprintf(LastError, sizeof(LastError), "cannot load driver '%s': %s", libraryPath, dlerror());
        return STATUS_DLL_NOT_FOUND;
    }
    PDRIVER_INITIALIZE entry = (PDRIVER_INITIALIZE)dlsym(library, "DriverEntry");
    if (entry == NULL) {
        snprintf(LastError, sizeof(LastError), "driver '%s' exports no DriverEntry", libraryPath);
        dlclose(library);
        return STATUS_PROCEDURE_NOT_FOUND;
    }
    DriverLibrary = library;
    SimCoverageAttach(library);
    SimModulesCapture((const void *)entry); /* before any driver code runs: a crash in DriverEntry is located too */

    char service[NAME_CAPACITY / 2], text[NAME_CAPACITY];
    BaseName(libraryPath, service, sizeof(service));
    snprintf(text, sizeof(text), "\\Driver\\%s", service);
    Utf8ToWide(text, DriverNameBuffer, NAME_CAPACITY);
    snprintf(text, sizeof(text), "\\REGISTRY\\MACHINE\\SYSTEM\\CurrentControlSet\\Services\\%s", service);
    Utf8ToWide(text, RegistryPathBuffer, NAME_CAPACITY);
    RtlInitUnicodeString(&Driver.DriverName, DriverNameBuffer);
    RtlInitUnicodeString(&RegistryPath, RegistryPathBuffer);
    Driver.Type = 4;
    Driver.Size = (CSHORT)sizeof(DRIVER_OBJECT);
    Driver.DriverExtension = &DriverExtension;
    DriverExtension.DriverObject = &Driver;
    Driver.DriverInit = entry;
    for (int i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++)
        Driver.MajorFunction[i] = InvalidDeviceRequest;

    SimBugcheckSetCase("DriverEntry", 0);
    SimSehEnterDriver(SimInSystemThread);
    NTSTATUS status = entry(&Driver, &RegistryPath);
    SimSehLeaveDriver();
    if (!NT_SUCCESS(status))
        snprintf(LastError, sizeof(LastError), "DriverEntry of '%s' failed with 0x%08X", libraryPath,
                 (unsigned)status);
    return status;
}

void SimUnloadDriver(void)
{
    if (DriverLibrary == NULL)
        return;
    if (OpenedDevice != NULL)
        SimCloseDevice();
    if (Driver.DriverUnload != NULL) {
        SimBugcheckSetCase("DriverUnload", 0);
        SimSehEnterDriver(SimInSystemThread);
        Driver.DriverUnload(&Driver);
        SimSehLeaveDriver();
    }
    /* The library stays mapped: a stray pointer into it must not hit reused memory. */
}

static NTSTATUS SendFileIrp(UCHAR majorFunction)
{
    PIRP irp = SimIrpAllocate(majorFunction, OpenedDevice, &OpenedFile);
    if (irp == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    SimSehEnterDriver(SimInSystemService);
    NTSTATUS status = SimCallDriver(OpenedDevice, irp);
    SimSehLeaveDriver();
    SimIrpFree(irp);
    return status;
}

int32_t SimOpenDevice(const char *deviceName)
{
    char canonical[NAME_CAPACITY];
    CanonicalName(deviceName, canonical, sizeof(canonical));
    /* Follow a symbolic link (one level, as \??\X -> \Device\X). */
    for (int i = 0; i < MAX_LINKS; i++) {
        if (Links[i].Link[0] != '\0' && strcmp(Links[i].Link, canonical) == 0) {
            snprintf(canonical, sizeof(canonical), "%s", Links[i].Target);
            break;
        }
    }
    PDEVICE_OBJECT device = NULL;
    for (int i = 0; i < MAX_DEVICES; i++)
        if (Devices[i].Device != NULL && strcmp(Devices[i].Name, canonical) == 0)
            device = Devices[i].Device;
    if (device == NULL) {
        snprintf(LastError, sizeof(LastError), "no device named '%s'", deviceName);
        return STATUS_OBJECT_NAME_NOT_FOUND;
    }
    OpenedDevice = device;
    memset(&OpenedFile, 0, sizeof(OpenedFile));
    OpenedFile.Type = 5;
    OpenedFile.Size = (CSHORT)sizeof(FILE_OBJECT);
    OpenedFile.DeviceObject = device;
    OpenedFile.GrantedAccess = FILE_READ_DATA | FILE_WRITE_DATA;
    SimBugcheckSetCase("IRP_MJ_CREATE", 0);
    NTSTATUS status = SendFileIrp(IRP_MJ_CREATE);
    if (!NT_SUCCESS(status)) {
        snprintf(LastError, sizeof(LastError), "IRP_MJ_CREATE on '%s' failed with 0x%08X", deviceName,
                 (unsigned)status);
        OpenedDevice = NULL;
    }
    return status;
}

int32_t SimCloseDevice(void)
{
    if (OpenedDevice == NULL)
        return STATUS_INVALID_HANDLE;
    SimBugcheckSetCase("IRP_MJ_CLOSE", 0);
    SendFileIrp(IRP_MJ_CLEANUP);
    NTSTATUS status = SendFileIrp(IRP_MJ_CLOSE);
    OpenedDevice = NULL;
    return status;
}
