/*
 * trusting.c - the vulnerable twins. Each one does the part teaching drivers show as "safe"
 * (probe the request structure, stay inside __try) and then trusts the pointers found inside
 * it. A probe checks one range; it says nothing about the addresses that range contains. So a
 * caller who puts a kernel address in the structure gets the driver to read or write it with
 * kernel rights, and __try is no help: a fault at a kernel address is a bugcheck on Windows.
 */
#include "embedded_pointers.h"

NTSTATUS EpTrustingWriteWhatWhere(PEP_REQUEST Request)
{
    PEP_WRITE_WHAT_WHERE user = Request->Input;
    PULONG_PTR what;
    PULONG_PTR where;

    if (Request->InputLength < sizeof(*user))
        return STATUS_INFO_LENGTH_MISMATCH;
    __try {
        ProbeForRead(user, sizeof(*user), 1);
        what = user->What;
        where = user->Where;
        /* The bug: both pointers are the caller's and neither is probed. */
        *where = *what;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }
    return STATUS_SUCCESS;
}

NTSTATUS EpTrustingArbitraryRead(PEP_REQUEST Request)
{
    PEP_READ_REQUEST user = Request->Input;
    PVOID source;

    if (Request->InputLength < sizeof(*user))
        return STATUS_INFO_LENGTH_MISMATCH;
    __try {
        ProbeForRead(user, sizeof(*user), 1);
        source = user->Source;
        ProbeForWrite(Request->Output, Request->OutputLength, 1);
        /* The bug: the output is probed, the source it is filled from is not. */
        RtlCopyMemory(Request->Output, source, Request->OutputLength);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }
    Request->Information = Request->OutputLength;
    return STATUS_SUCCESS;
}

NTSTATUS EpTrustingWriteNull(PEP_REQUEST Request)
{
    PEP_WRITE_NULL user = Request->Input;
    PVOID *where;

    if (Request->InputLength < sizeof(*user))
        return STATUS_INFO_LENGTH_MISMATCH;
    __try {
        ProbeForRead(user, sizeof(*user), 1);
        where = user->Where;
        /* The bug: a NULL written anywhere the caller names (a kernel pointer, a token field). */
        *where = NULL;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }
    return STATUS_SUCCESS;
}

NTSTATUS EpTrustingIncrement(PEP_REQUEST Request)
{
    PEP_INCREMENT user = Request->Input;
    volatile LONG *target;

    if (Request->InputLength < sizeof(*user))
        return STATUS_INFO_LENGTH_MISMATCH;
    __try {
        ProbeForRead(user, sizeof(*user), 1);
        target = user->Target;
        /* The bug: one added to any LONG the caller names; enough increments rewrite a kernel pointer. */
        InterlockedIncrement(target);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }
    return STATUS_SUCCESS;
}
