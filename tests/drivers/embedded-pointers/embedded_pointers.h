/*
 * embedded_pointers.h - what the driver's files share: one handler per IOCTL, each given the
 * caller's raw METHOD_NEITHER pointers and lengths, each returning the status and the
 * Information to complete the IRP with.
 */
#ifndef EMBEDDED_POINTERS_H
#define EMBEDDED_POINTERS_H

#include <ntddk.h>
#include "embedded_pointers_ioctl.h"

typedef struct _EP_REQUEST {
    KPROCESSOR_MODE RequestorMode; /* user mode: the pointers are the caller's to be probed */
    PVOID Input;        /* Parameters.DeviceIoControl.Type3InputBuffer */
    ULONG InputLength;
    PVOID Output;       /* Irp->UserBuffer */
    ULONG OutputLength;
    ULONG_PTR Information;
} EP_REQUEST, *PEP_REQUEST;

/* trusting.c: the pointers inside the request are used as given. */
NTSTATUS EpTrustingWriteWhatWhere(_Inout_ PEP_REQUEST Request);
NTSTATUS EpTrustingArbitraryRead(_Inout_ PEP_REQUEST Request);
NTSTATUS EpTrustingWriteNull(_Inout_ PEP_REQUEST Request);
NTSTATUS EpTrustingIncrement(_Inout_ PEP_REQUEST Request);

/* probed.c: every pointer inside the request is probed before it is used. */
NTSTATUS EpProbedWriteWhatWhere(_Inout_ PEP_REQUEST Request);
NTSTATUS EpProbedArbitraryRead(_Inout_ PEP_REQUEST Request);
NTSTATUS EpProbedWriteNull(_Inout_ PEP_REQUEST Request);
NTSTATUS EpProbedIncrement(_Inout_ PEP_REQUEST Request);

#endif
