/*
 * registry.c - the driver's registry values, seeded by SimHost (--registry Name=Value).
 * RtlQueryRegistryValues supports what drivers use to read settings in DriverEntry:
 * RTL_QUERY_REGISTRY_DIRECT entries for REG_DWORD values, defaults, and REQUIRED.
 * The path is not interpreted: one driver per host, its values are the host's.
 */
#include <stdio.h>
#include "simkernel_internal.h"

#define MAX_VALUES 32

typedef struct SIM_REGISTRY_VALUE {
    char Name[64];
    uint32_t Value;
} SIM_REGISTRY_VALUE;

static SIM_REGISTRY_VALUE Values[MAX_VALUES];
static int ValueCount;

void SimRegistryReset(void) { ValueCount = 0; }

int SimRegistrySetDword(const char *name, uint32_t value)
{
    if (ValueCount == MAX_VALUES)
        return -1;
    snprintf(Values[ValueCount].Name, sizeof(Values[ValueCount].Name), "%s", name);
    Values[ValueCount].Value = value;
    ValueCount++;
    return 0;
}

static const SIM_REGISTRY_VALUE *Find(PCWSTR name)
{
    char narrow[64];
    SimWideToUtf8(name, (size_t)-1, narrow, sizeof(narrow));
    for (int i = 0; i < ValueCount; i++)
        if (strcasecmp(Values[i].Name, narrow) == 0)
            return &Values[i];
    return NULL;
}

NTSTATUS RtlQueryRegistryValues(ULONG RelativeTo, PCWSTR Path, PRTL_QUERY_REGISTRY_TABLE QueryTable, PVOID Context,
                                PVOID Environment)
{
    (void)RelativeTo;
    (void)Path;
    (void)Environment;
    for (PRTL_QUERY_REGISTRY_TABLE entry = QueryTable; entry->QueryRoutine != NULL || entry->Name != NULL; entry++) {
        if (entry->Flags & (RTL_QUERY_REGISTRY_SUBKEY | RTL_QUERY_REGISTRY_TOPKEY))
            continue;
        const SIM_REGISTRY_VALUE *value = entry->Name != NULL ? Find(entry->Name) : NULL;
        ULONG data = value != NULL ? value->Value : 0;
        if (value == NULL) {
            if (entry->Flags & RTL_QUERY_REGISTRY_REQUIRED)
                return STATUS_OBJECT_NAME_NOT_FOUND;
            /* The top byte may carry RTL_QUERY_REGISTRY_TYPECHECK's expected type: compare the low 24 bits. */
            if ((entry->DefaultType & 0x00FFFFFFu) != REG_DWORD || entry->DefaultData == NULL)
                continue;
            memcpy(&data, entry->DefaultData, sizeof(data));
        }
        if (entry->Flags & RTL_QUERY_REGISTRY_DIRECT) {
            if (entry->EntryContext != NULL)
                memcpy(entry->EntryContext, &data, sizeof(data));
        } else if (entry->QueryRoutine != NULL) {
            NTSTATUS status = entry->QueryRoutine(entry->Name, REG_DWORD, &data, sizeof(data), Context,
                                                  entry->EntryContext);
            if (!NT_SUCCESS(status))
                return status;
        }
    }
    return STATUS_SUCCESS;
}
