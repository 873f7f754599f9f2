/*++

Module Name:

    defects.c

Abstract:

    The seeded-defect switch. One variant (or none) is chosen when the driver
    loads and never changes afterwards, so a handler can test it without a
    lock. The defect sites call SampleDefect() and keep the correct code in
    the other branch, which is what the clean driver runs.

Environment:

    Kernel mode only.

--*/

#include "driver.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, SampleSelectDefect)
#endif

//
// Written once in DriverEntry, before the device exists; read-only afterwards.
//
static SAMPLE_DEFECT SampleActiveDefect = SampleDefectNone;

#define SAMPLE_DEFECT_NAME_ONLY(Number, Name) Name,

static const char * const SampleDefectNames[] = {
    SAMPLE_DEFECT_TABLE(SAMPLE_DEFECT_NAME_ONLY)
};

//
// The table is indexed by variant number, so it must list every variant.
//
C_ASSERT(RTL_NUMBER_OF(SampleDefectNames) == SampleDefectCount);

_Use_decl_annotations_
NTSTATUS
SampleSelectDefect(
    ULONG Variant
    )
{
    PAGED_CODE();

    //
    // An unknown number is a configuration mistake. Loading the clean driver
    // instead would make a defect run pass silently, so refuse to load.
    //
    if (Variant >= (ULONG)SampleDefectCount) {
        KdPrint(("ConformanceSample: unknown DefectVariant %lu\n", (unsigned long)Variant));
        return STATUS_INVALID_PARAMETER;
    }

    SampleActiveDefect = (SAMPLE_DEFECT)Variant;

    if (SampleActiveDefect != SampleDefectNone) {
        DbgPrint("ConformanceSample: seeded defect %lu (%s) is active\n",
                 (unsigned long)Variant,
                 SampleDefectName(Variant));
    }

    return STATUS_SUCCESS;
}

_Use_decl_annotations_
BOOLEAN
SampleDefect(
    SAMPLE_DEFECT Defect
    )
{
    return (BOOLEAN)(SampleActiveDefect == Defect);
}

_Use_decl_annotations_
const char *
SampleDefectName(
    ULONG Variant
    )
{
    if (Variant >= (ULONG)SampleDefectCount) {
        return "unknown";
    }

    return SampleDefectNames[Variant];
}
