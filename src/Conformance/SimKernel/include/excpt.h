/*
 * excpt.h - structured exception handling written as MSVC writes it, for gcc.
 *
 *   __try { body } __except (filter) { handler }      (and try/except in C, as MSVC's excpt.h)
 *
 * How it works: __try opens a block holding a frame (a sigjmp_buf) linked onto a per-thread
 * list, and sigsetjmp()s. A hardware fault on a user address (the SIGSEGV/SIGBUS/SIGFPE/SIGILL
 * handler in seh.c) or ExRaiseStatus() jumps back with the exception recorded per thread; the
 * block ends, the frame is unlinked, and __except evaluates the filter and runs the handler.
 *
 * Why a block with a cleanup attribute instead of a for-loop trick: real drivers `return`,
 * `break` and `goto` out of __try bodies. The cleanup runs on every way out of the block, so the
 * frame is always unlinked, and `break`/`continue` keep their meaning for the driver's own loop.
 *
 * Differences from MSVC, documented in the README: the filter runs after the stack is unwound
 * (GetExceptionCode() still works in it); EXCEPTION_CONTINUE_SEARCH re-raises to the next frame;
 * EXCEPTION_CONTINUE_EXECUTION is not supported (bugcheck); __finally is not supported;
 * __try must be a statement of its own (not the unbraced body of an if/else/loop).
 * Locals written inside the body and read in the handler must be volatile (setjmp rules).
 */
#ifndef SIM_EXCPT_H
#define SIM_EXCPT_H

#include <setjmp.h>
#include "ntdef.h"

#define EXCEPTION_EXECUTE_HANDLER     1
#define EXCEPTION_CONTINUE_SEARCH     0
#define EXCEPTION_CONTINUE_EXECUTION (-1)

#define EXCEPTION_MAXIMUM_PARAMETERS 15

typedef struct _EXCEPTION_RECORD {
    NTSTATUS ExceptionCode;
    ULONG ExceptionFlags;
    struct _EXCEPTION_RECORD *ExceptionRecord;
    PVOID ExceptionAddress;
    ULONG NumberParameters;
    ULONG_PTR ExceptionInformation[EXCEPTION_MAXIMUM_PARAMETERS];
} EXCEPTION_RECORD, *PEXCEPTION_RECORD;

typedef struct _EXCEPTION_POINTERS {
    PEXCEPTION_RECORD ExceptionRecord;
    PVOID ContextRecord;
} EXCEPTION_POINTERS, *PEXCEPTION_POINTERS;

/* One __try's frame; lives on the driver function's stack. */
typedef struct SIM_SEH_FRAME {
    sigjmp_buf JumpBuffer;
    struct SIM_SEH_FRAME *Next; /* the enclosing (older) frame */
    void *StackFrame;           /* frame address of the function holding the __try */
} SIM_SEH_FRAME;

struct __jmp_buf_tag *SimSehFramePush(SIM_SEH_FRAME *frame, void *stackFrame);
void SimSehFrameScopeExit(SIM_SEH_FRAME *frame);
int SimSehTakePendingException(void);
int SimSehFilterResult(int filterValue);
NTSTATUS SimSehExceptionCode(void);
PEXCEPTION_POINTERS SimSehExceptionPointers(void);
__attribute__((noreturn)) void SimSehLeave(void);

#define __try                                                                              \
    {                                                                                      \
        SIM_SEH_FRAME SimSehFrame__ __attribute__((cleanup(SimSehFrameScopeExit)));        \
        if (sigsetjmp(SimSehFramePush(&SimSehFrame__, __builtin_frame_address(0)), 0) == 0)

#define __except(filter)                                                                   \
        else {                                                                             \
        }                                                                                  \
    }                                                                                      \
    if (SimSehTakePendingException() && SimSehFilterResult((int)(filter)))

#define __leave SimSehLeave()
#define __finally SIM_SEH_FINALLY_IS_NOT_SUPPORTED_BY_THE_SIMULATOR

#define GetExceptionCode()          SimSehExceptionCode()
#define GetExceptionInformation()   SimSehExceptionPointers()
#define _exception_code()           SimSehExceptionCode()
#define _exception_info()           SimSehExceptionPointers()
#define AbnormalTermination()       0

/* The lowercase spellings, for C only, as Microsoft's headers give them (the Windows SDK's sehmap.h,
   and excpt.h of the NT DDKs): try, except, finally, leave. finally reaches the unsupported
   __finally above, so a driver using it fails to compile with a name that says why. */
#if !defined(__cplusplus) && !defined(SIM_NO_MSVC_SEH_KEYWORDS)
#define try     __try
#define except  __except
#define finally __finally
#define leave   __leave
#endif

#endif
