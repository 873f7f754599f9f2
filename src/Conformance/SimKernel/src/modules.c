/*
 * modules.c - which loaded object a code address belongs to, answerable inside a signal handler.
 *
 * dladdr and dl_iterate_phdr take the loader's lock, so neither may run on the bugcheck path (a
 * fault inside the loader would deadlock there). The table is therefore captured once, with the
 * loader's help, when the driver is loaded; the handler only reads it. Objects loaded after that
 * (late .NET libraries) are reported as "unknown", never guessed.
 */
#define _GNU_SOURCE
#include <link.h>
#include "simkernel_internal.h"

#define MODULE_CAPACITY 128u

typedef struct SIM_MODULE {
    char Name[SIM_MODULE_NAME_CAPACITY]; /* file name without the directory */
    uintptr_t Base;                      /* load bias: file addresses are (address - Base)          */
    uintptr_t Start, End;                /* span of the PT_LOAD segments                            */
    uintptr_t CodeStart, CodeEnd;        /* span of the executable PT_LOAD segments                 */
} SIM_MODULE;

static SIM_MODULE Modules[MODULE_CAPACITY];
static unsigned ModuleCount;
static int DriverModule = -1;

static void CopyBaseName(const char *path, char *out, size_t capacity)
{
    const char *name = path;
    for (const char *p = path; *p != '\0'; p++)
        if (*p == '/')
            name = p + 1;
    size_t n = 0;
    /* The record is space-separated key=value: keep the name one printable token. */
    for (; name[n] != '\0' && n + 1 < capacity; n++)
        out[n] = (unsigned char)name[n] <= 0x20 ? '?' : name[n];
    out[n] = '\0';
}

static int AddModule(struct dl_phdr_info *info, size_t size, void *context)
{
    (void)size;
    (void)context;
    if (ModuleCount >= MODULE_CAPACITY)
        return 1;
    SIM_MODULE *module = &Modules[ModuleCount];
    module->Start = module->CodeStart = UINTPTR_MAX;
    module->End = module->CodeEnd = 0;
    for (ElfW(Half) i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *segment = &info->dlpi_phdr[i];
        if (segment->p_type != PT_LOAD)
            continue;
        uintptr_t start = info->dlpi_addr + segment->p_vaddr;
        uintptr_t end = start + segment->p_memsz;
        if (start < module->Start)
            module->Start = start;
        if (end > module->End)
            module->End = end;
        if ((segment->p_flags & PF_X) != 0) {
            if (start < module->CodeStart)
                module->CodeStart = start;
            if (end > module->CodeEnd)
                module->CodeEnd = end;
        }
    }
    if (module->End == 0)
        return 0; /* nothing mapped (e.g. the vDSO's odd entries): skip */
    module->Base = info->dlpi_addr;
    CopyBaseName(info->dlpi_name != NULL && info->dlpi_name[0] != '\0' ? info->dlpi_name : "main", module->Name,
                 sizeof(module->Name));
    ModuleCount++;
    return 0;
}

void SimModulesCapture(const void *driverCode)
{
    ModuleCount = 0;
    dl_iterate_phdr(AddModule, NULL);
    DriverModule = SimModuleFind((uintptr_t)driverCode);
}

int SimModuleFind(uintptr_t address)
{
    for (unsigned i = 0; i < ModuleCount; i++)
        if (address >= Modules[i].Start && address < Modules[i].End)
            return (int)i;
    return -1;
}

const char *SimModuleName(int module) { return module >= 0 ? Modules[module].Name : "unknown"; }

uintptr_t SimModuleOffset(int module, uintptr_t address) { return module >= 0 ? address - Modules[module].Base : address; }

int SimModuleIsDriver(int module) { return module >= 0 && module == DriverModule; }

int SimDriverCodeContains(uintptr_t first, uintptr_t last)
{
    if (DriverModule < 0)
        return 0;
    const SIM_MODULE *driver = &Modules[DriverModule];
    return first >= driver->CodeStart && last < driver->CodeEnd && first <= last;
}

uintptr_t SimDriverModuleBase(void) { return DriverModule >= 0 ? Modules[DriverModule].Base : 0; }
