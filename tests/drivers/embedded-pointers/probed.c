/*
 * probed.c - the fixed twins. The request is captured into kernel memory once (a second read of
 * the caller's structure could see other pointers than the ones checked), and every pointer it
 * holds is probed for the access about to be made, inside the same __try as that access:
 * ProbeForRead for what is read, ProbeForWrite for what is written. A kernel address fails its
 * probe with STATUS_ACCESS_VIOLATION before it is ever used; a bad user page faults inside
 * __try and fails the request the same way. Only a user-mode caller's pointers are probed: a
 * kernel-mode caller passes kernel buffers.
 */
#include "embedded_pointers.h"

static BOOLEAN FromUser(PEP_REQUEST Request) { return Request->RequestorMode == UserMode; }

/* Copy the request structure into kernel memory, probed first. Called inside the handler's __try:
   a bad input raises to it. */
static VOID EpCapture(PEP_REQUEST Request, PVOID Copy, SIZE_T Length)
{
    if (FromUser(Request))
        ProbeForRead(Request->Input, Length, 1);
    RtlCopyMemory(Copy, Request->Input, Length);
}

NTSTATUS EpProbedWriteWhatWhere(PEP_REQUEST Request)
{
    EP_WRITE_WHAT_WHERE request;

    if (Request->InputLength < sizeof(request))
        return STATUS_INFO_LENGTH_MISMATCH;
    __try {
        EpCapture(Request, &request, sizeof(request));
        if (FromUser(Request)) {
            ProbeForRead(request.What, sizeof(*request.What), 1);
            ProbeForWrite(request.Where, sizeof(*request.Where), 1);
        }
        *request.Where = *request.What;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }
    return STATUS_SUCCESS;
}

NTSTATUS EpProbedArbitraryRead(PEP_REQUEST Request)
{
    EP_READ_REQUEST request;

    if (Request->InputLength < sizeof(request))
        return STATUS_INFO_LENGTH_MISMATCH;
    __try {
        EpCapture(Request, &request, sizeof(request));
        if (FromUser(Request)) {
            ProbeForRead(request.Source, Request->OutputLength, 1);
            ProbeForWrite(Request->Output, Request->OutputLength, 1);
        }
        RtlCopyMemory(Request->Output, request.Source, Request->OutputLength);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }
    Request->Information = Request->OutputLength;
    return STATUS_SUCCESS;
}

NTSTATUS EpProbedWriteNull(PEP_REQUEST Request)
{
    EP_WRITE_NULL request;

    if (Request->InputLength < sizeof(request))
        return STATUS_INFO_LENGTH_MISMATCH;
    __try {
        EpCapture(Request, &request, sizeof(request));
        if (FromUser(Request))
            ProbeForWrite(request.Where, sizeof(*request.Where), 1);
        *request.Where = NULL;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }
    return STATUS_SUCCESS;
}

NTSTATUS EpProbedIncrement(PEP_REQUEST Request)
{
    EP_INCREMENT request;

    if (Request->InputLength < sizeof(request))
        return STATUS_INFO_LENGTH_MISMATCH;
    __try {
        EpCapture(Request, &request, sizeof(request));
        if (FromUser(Request))
            ProbeForWrite((PVOID)request.Target, sizeof(*request.Target), sizeof(LONG));
        InterlockedIncrement(request.Target);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }
    return STATUS_SUCCESS;
}
