/*
 * seh.c - structured exception handling on real faults.
 *
 * Rules measured in shared/reference/sim-kernel-findings.md, all kept here:
 * - the handler is installed after the .NET runtime's and inherits its sa_mask (CoreCLR blocks
 *   its GC-suspension signal inside its SIGSEGV handler; an empty mask crashed managed code);
 * - faults that are not ours (not on a thread running driver code, or si_code <= 0) are chained
 *   to the runtime's handler with the same arguments, so managed NullReferenceExceptions work;
 * - frames are saved with savemask=0 (3 ns instead of 155 ns) and the signal mask is restored
 *   from the fault's ucontext before jumping, or the next fault would kill the process;
 * - the frame list is per thread in initial-exec TLS (no allocation on first use in a handler);
 * - frames of functions that have returned are dropped before linking a new frame and before
 *   dispatching, so a stale frame is never jumped to.
 * Windows semantics (reference B1, sim-kernel-findings "Windows behaviours"): a fault on a user
 * address (the user region or the NULL page region) raises STATUS_ACCESS_VIOLATION to the
 * innermost __except; a fault on any other address is bugcheck 0x50 even inside __try; an
 * exception nobody handles is bugcheck 0x3B in a system service, 0x7E in a system thread.
 * 0x3B's arguments, as the kernel debugger's analysis prints them (docs:
 * debugger/bug-check-0x3b--system-service-exception): exception code, instruction address,
 * context record address, zero. The simulator has no context record and passes 0.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <ucontext.h>
#include "simkernel_internal.h"

#define SIM_TLS __thread __attribute__((tls_model("initial-exec")))

static SIM_TLS SIM_SEH_FRAME *TopFrame;
static SIM_TLS int DriverContext;
static SIM_TLS int DriverDepth;
static SIM_TLS int ExceptionPending;
static SIM_TLS EXCEPTION_RECORD CurrentException;
static SIM_TLS EXCEPTION_POINTERS CurrentPointers;

/* SIGTRAP: int3 / __debugbreak is STATUS_BREAKPOINT, an exception like any other (docs:
   kernel/handling-exceptions); unhandled, it is a bugcheck record instead of a host killed by the signal. */
static const int HandledSignals[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP };
static struct sigaction PreviousActions[65];

void SimSehEnterDriver(SIM_DRIVER_CONTEXT context)
{
    if (DriverDepth++ == 0)
        DriverContext = context;
}

void SimSehLeaveDriver(void)
{
    if (--DriverDepth == 0) {
        DriverContext = SimNotInDriver;
        TopFrame = NULL; /* nothing of the driver's stack survives the call */
    }
}

KIRQL KeGetCurrentIrql(void) { return PASSIVE_LEVEL; }

KPROCESSOR_MODE ExGetPreviousMode(void)
{
    return DriverContext == SimInSystemService ? UserMode : KernelMode;
}

/* A frame whose function has returned lies below the live stack: drop it. */
static SIM_SEH_FRAME *LiveTopFrame(uintptr_t stackPointer)
{
    SIM_SEH_FRAME *frame = TopFrame;
    while (frame != NULL && (uintptr_t)frame->StackFrame < stackPointer)
        frame = frame->Next;
    TopFrame = frame;
    return frame;
}

int SimSehInsideTry(uintptr_t callerStack)
{
    /* The same liveness rule as LiveTopFrame, without unlinking: this runs on every traced touch. */
    for (SIM_SEH_FRAME *frame = TopFrame; frame != NULL; frame = frame->Next)
        if ((uintptr_t)frame->StackFrame >= callerStack)
            return 1;
    return 0;
}

struct __jmp_buf_tag *SimSehFramePush(SIM_SEH_FRAME *frame, void *stackFrame)
{
    /* stackFrame belongs to the function holding the __try; frames deeper than it are dead.
       Two __try blocks of one function share it, so the outer one is kept. */
    frame->StackFrame = stackFrame;
    frame->Next = LiveTopFrame((uintptr_t)stackFrame);
    TopFrame = frame;
    return frame->JumpBuffer;
}

void SimSehFrameScopeExit(SIM_SEH_FRAME *frame)
{
    /* Runs on every way out of the __try block (fall-through, return, break, goto, after an
       exception). The dispatcher may already have unlinked it. */
    for (SIM_SEH_FRAME *f = TopFrame; f != NULL; f = f->Next) {
        if (f == frame) {
            TopFrame = frame->Next;
            return;
        }
    }
}

int SimSehTakePendingException(void)
{
    int pending = ExceptionPending;
    ExceptionPending = 0;
    return pending;
}

NTSTATUS SimSehExceptionCode(void) { return CurrentException.ExceptionCode; }

PEXCEPTION_POINTERS SimSehExceptionPointers(void)
{
    CurrentPointers.ExceptionRecord = &CurrentException;
    CurrentPointers.ContextRecord = NULL;
    return &CurrentPointers;
}

/* stackPointer: the faulting frame's RSP for a hardware fault, the raiser's frame for a software one. */
static __attribute__((noreturn)) void UnhandledException(uintptr_t instructionAddress, uintptr_t faultAddress,
                                                         uintptr_t stackPointer)
{
    uint32_t code = DriverContext == SimInSystemService ? BUGCHECK_SYSTEM_SERVICE_EXCEPTION
                                                        : BUGCHECK_SYSTEM_THREAD_EXCEPTION_NOT_HANDLED;
    SimBugcheckAt(code, (uint32_t)CurrentException.ExceptionCode, instructionAddress, 0, 0, faultAddress,
                  instructionAddress, stackPointer);
}

static void RecordException(NTSTATUS code, uintptr_t instructionAddress, int isWrite, uintptr_t faultAddress)
{
    CurrentException.ExceptionCode = code;
    CurrentException.ExceptionFlags = 0;
    CurrentException.ExceptionRecord = NULL;
    CurrentException.ExceptionAddress = (PVOID)instructionAddress;
    CurrentException.NumberParameters = code == STATUS_ACCESS_VIOLATION ? 2 : 0;
    CurrentException.ExceptionInformation[0] = (ULONG_PTR)isWrite;
    CurrentException.ExceptionInformation[1] = faultAddress;
}

/*
 * Before the jump: the frames between the fault and the handling __try are unwound, and x64 checks
 * the /GS cookie of each on the way (gsframes.c). A smashed cookie is the /GS bug check; a return
 * address that leads nowhere leaves the exception without a reachable handler.
 */
static void CheckUnwoundFrames(uintptr_t instruction, uintptr_t walkFrom, uintptr_t framePointer,
                               uintptr_t stackPointer, SIM_SEH_FRAME *target, uintptr_t faultAddress)
{
    uintptr_t where = 0;
    switch (SimCheckUnwoundFrames(walkFrom, framePointer, stackPointer, (uintptr_t)target->StackFrame, &where)) {
    case SimUnwindCookieSmashed:
        SimBugcheckAt(BUGCHECK_KERNEL_SECURITY_CHECK_FAILURE, FAST_FAIL_STACK_COOKIE_CHECK_FAILURE, 0, 0, 0, 0, where,
                      stackPointer);
        break;
    case SimUnwindReturnOverwritten:
        SimBugcheckNoteReturnOverwritten();
        UnhandledException(instruction, faultAddress, stackPointer);
    default:
        break;
    }
}

/* Unlink the target frame and jump into its __except. */
static __attribute__((noreturn)) void JumpToFrame(SIM_SEH_FRAME *frame, int value)
{
    TopFrame = frame->Next;
    ExceptionPending = value == 1;
    siglongjmp(frame->JumpBuffer, value);
}

/* Software exception: ExRaiseStatus, failed probes, a filter that continues the search. */
static __attribute__((noreturn)) void RaiseSoftwareException(NTSTATUS code, uintptr_t instructionAddress,
                                                             uintptr_t faultAddress)
{
    RecordException(code, instructionAddress, 0, faultAddress);
    uintptr_t here = (uintptr_t)__builtin_frame_address(0);
    if (DriverContext == SimNotInDriver)
        UnhandledException(instructionAddress, faultAddress, here);
    SIM_SEH_FRAME *frame = LiveTopFrame(here);
    if (frame == NULL)
        UnhandledException(instructionAddress, faultAddress, here);
    /* Not the driver's instruction: the walk starts at the driver's call into the shim, whose %rbp the
       shim's routines keep (saved at this frame's base). */
    CheckUnwoundFrames(instructionAddress, 0, *(const uintptr_t *)here, here, frame, faultAddress);
    JumpToFrame(frame, 1);
}

VOID ExRaiseStatus(NTSTATUS Status)
{
    RaiseSoftwareException(Status, (uintptr_t)__builtin_return_address(0), 0);
}

VOID ExRaiseAccessViolation(void)
{
    RaiseSoftwareException(STATUS_ACCESS_VIOLATION, (uintptr_t)__builtin_return_address(0), 0);
}

VOID ExRaiseDatatypeMisalignment(void)
{
    RaiseSoftwareException(STATUS_DATATYPE_MISALIGNMENT, (uintptr_t)__builtin_return_address(0), 0);
}

int SimSehFilterResult(int filterValue)
{
    if (filterValue == EXCEPTION_EXECUTE_HANDLER)
        return 1;
    if (filterValue == EXCEPTION_CONTINUE_SEARCH) {
        /* The stack of the inner __try is already gone; hand the same exception outward. */
        RaiseSoftwareException(CurrentException.ExceptionCode, (uintptr_t)CurrentException.ExceptionAddress,
                               CurrentException.ExceptionInformation[1]);
    }
    /* EXCEPTION_CONTINUE_EXECUTION cannot resume after the unwind: the simulator stops here. */
    SimBugcheck(BUGCHECK_KMODE_EXCEPTION_NOT_HANDLED, (uint32_t)CurrentException.ExceptionCode,
                (uint64_t)(uintptr_t)CurrentException.ExceptionAddress, 0xC0000025u /* NONCONTINUABLE */, 0, 0,
                (uint64_t)(uintptr_t)__builtin_return_address(0));
}

void SimSehLeave(void)
{
    SIM_SEH_FRAME *frame = LiveTopFrame((uintptr_t)__builtin_frame_address(0));
    if (frame == NULL)
        SimBugcheck(BUGCHECK_KMODE_EXCEPTION_NOT_HANDLED, 0, 0, 0, 0, 0, (uint64_t)(uintptr_t)__builtin_return_address(0));
    JumpToFrame(frame, 2);
}

static void ChainToPrevious(int signal, siginfo_t *info, void *context)
{
    struct sigaction *previous = &PreviousActions[signal];
    if (previous->sa_flags & SA_SIGINFO) {
        if (previous->sa_sigaction != NULL) {
            previous->sa_sigaction(signal, info, context);
            return;
        }
    } else if (previous->sa_handler != SIG_DFL && previous->sa_handler != SIG_IGN) {
        previous->sa_handler(signal);
        return;
    }
    /* No one else wants it: default action (returning re-executes the fault and kills us). */
    struct sigaction fallback = { 0 };
    fallback.sa_handler = SIG_DFL;
    sigaction(signal, &fallback, NULL);
}

/*
 * A fault through uninitialized memory used as a pointer: the address (or branch target) is made of
 * the pool's or the stack's poison byte. Windows would see whatever the memory held instead of
 * poison, so no Windows rule applies; it is a driver bug either way, and the suite must report it
 * as one rather than as a status a __try turned it into. So it is a bugcheck whatever __try says:
 * 0x50 PAGE_FAULT_IN_NONPAGED_AREA (an address no probe made valid; parameter 2 as the docs give it
 * for Windows 10 1507 and later: 0 read, 2 write, 0x10 execute), with the real address (a #GP
 * reports none: instruction.c decodes it) and poison=pool|stack in the record.
 * When the instruction is one the decoder does not know, a general register that holds poison is
 * taken as the address (the instruction used it, or the fault would not be a #GP).
 */
#define PF_INSTRUCTION_FETCH 0x10 /* page-fault error code bit: the access was an instruction fetch */

static const int GeneralRegisters[] = { REG_RAX, REG_RBX, REG_RCX, REG_RDX, REG_RSI, REG_RDI, REG_RBP, REG_R8,
                                        REG_R9,  REG_R10, REG_R11, REG_R12, REG_R13, REG_R14, REG_R15 };

static void CheckPoisonAddress(ucontext_t *uc, siginfo_t *info, uintptr_t instruction, uintptr_t stackPointer,
                               int isWrite)
{
    uintptr_t address = (uintptr_t)info->si_addr;
    int execute = (uc->uc_mcontext.gregs[REG_ERR] & PF_INSTRUCTION_FETCH) != 0;
    if (info->si_code == SI_KERNEL) {
        address = SimDecodeFaultAddress(uc, &execute);
        for (size_t i = 0; address == 0 && i < sizeof(GeneralRegisters) / sizeof(GeneralRegisters[0]); i++)
            if (SimPoisonSourceOf((uint64_t)uc->uc_mcontext.gregs[GeneralRegisters[i]]) != SimPoisonNone)
                address = (uintptr_t)uc->uc_mcontext.gregs[GeneralRegisters[i]];
    }
    SIM_POISON_SOURCE source = SimPoisonSourceOf(address);
    if (source == SimPoisonNone)
        return;
    SimBugcheckNotePoison(source);
    SimBugcheckAt(BUGCHECK_PAGE_FAULT_IN_NONPAGED_AREA, address, execute ? 0x10 : isWrite ? 2 : 0, instruction, 0,
                  address, instruction, stackPointer);
}

/*
 * A driver function returned through a return address its own stack overrun wrote (no /GS cookie
 * stopped it: __declspec(safebuffers)). Windows would jump there: to a non-canonical address (#GP
 * on the ret) or to memory that is no code. No unwind can pass that frame, so whatever __try the
 * callers hold, the exception is unhandled; the record says the return address was overwritten. A
 * return into a mapped page of user memory, pool or stack is left to the 0xFC (SMEP/NX) rule below,
 * with the same note.
 */
static void CheckReturnThroughOverwrittenAddress(ucontext_t *uc, siginfo_t *info, uintptr_t instruction,
                                                 uintptr_t stackPointer)
{
    uintptr_t target;
    /* A fetch fault reports the fetched address; a #GP (si_code SI_KERNEL) none, and its error code is no page-fault code. */
    int fetch = info->si_code != SI_KERNEL && (uintptr_t)info->si_addr == instruction &&
                (uc->uc_mcontext.gregs[REG_ERR] & PF_INSTRUCTION_FETCH) != 0;
    if (!SimReturnedThroughOverwrittenAddress(instruction, stackPointer, fetch, &target))
        return;
    SimBugcheckNoteReturnOverwritten();
    if (info->si_code == SEGV_ACCERR && fetch)
        return;
    RecordException(STATUS_ACCESS_VIOLATION, instruction, 0, target);
    UnhandledException(instruction, target, stackPointer);
}

static void FaultHandler(int signal, siginfo_t *info, void *context)
{
    if (DriverContext == SimNotInDriver || info->si_code <= 0) {
        ChainToPrevious(signal, info, context);
        return;
    }
    ucontext_t *uc = (ucontext_t *)context;
    uintptr_t instruction = (uintptr_t)uc->uc_mcontext.gregs[REG_RIP];
    uintptr_t stackPointer = (uintptr_t)uc->uc_mcontext.gregs[REG_RSP];
    uintptr_t address = (uintptr_t)info->si_addr;
    int isWrite = signal == SIGSEGV && (uc->uc_mcontext.gregs[REG_ERR] & 2) != 0;
    NTSTATUS code;

    switch (signal) {
    case SIGFPE:
        /* FPE_INTDIV covers INT_MIN / -1 too: instruction.c reads the divisor to tell (X7). */
        code = info->si_code == FPE_INTOVF ? STATUS_INTEGER_OVERFLOW : SimDivideErrorCode(uc);
        break;
    case SIGILL:
        code = STATUS_ILLEGAL_INSTRUCTION;
        break;
    case SIGTRAP:
        /* int3 leaves RIP after its one byte; Windows reports the breakpoint's own address. */
        code = STATUS_BREAKPOINT;
        instruction -= 1;
        address = 0;
        break;
    default:
        code = STATUS_ACCESS_VIOLATION;
        if (signal == SIGSEGV && info->si_code == SI_KERNEL && SimIsPrivilegedInstruction(instruction)) {
            code = STATUS_PRIVILEGED_INSTRUCTION; /* X9, see instruction.c */
            break;
        }
        CheckReturnThroughOverwrittenAddress(uc, info, instruction, stackPointer);
        CheckPoisonAddress(uc, info, instruction, stackPointer, isWrite);
        if (signal == SIGSEGV && info->si_code == SEGV_ACCERR && address != 0 &&
            ((uc->uc_mcontext.gregs[REG_ERR] & PF_INSTRUCTION_FETCH) != 0 || address == instruction) &&
            SimPoolFaultBugcheck(address) != BUGCHECK_PAGE_FAULT_IN_FREED_SPECIAL_POOL &&
            SimPoolFaultBugcheck(address) != BUGCHECK_PAGE_FAULT_BEYOND_END_OF_ALLOCATION) {
            /* Executing a mapped page that is not driver code (user memory, pool, stack): SMEP/NX. */
            SimBugcheckAt(BUGCHECK_ATTEMPTED_EXECUTE_OF_NOEXECUTE_MEMORY, address, 0, 0, 0, address, instruction,
                          stackPointer);
        }
        if (!SimIsUserAddress(address)) {
            /* A kernel address: no __try can catch this; it must be prevented by a probe. */
            uint32_t poolBugcheck = SimPoolFaultBugcheck(address);
            if (poolBugcheck != 0)
                SimBugcheckAt(poolBugcheck, address, isWrite, instruction, 0, address, instruction, stackPointer);
            SimBugcheckAt(BUGCHECK_PAGE_FAULT_IN_NONPAGED_AREA, address, isWrite ? 2 : 0, instruction, 0, address,
                          instruction, stackPointer);
        }
        break;
    }

    RecordException(code, instruction, isWrite, address);
    SIM_SEH_FRAME *frame = LiveTopFrame(stackPointer);
    if (frame == NULL)
        UnhandledException(instruction, address, stackPointer);
    CheckUnwoundFrames(instruction, instruction, (uintptr_t)uc->uc_mcontext.gregs[REG_RBP], stackPointer, frame, address);
    /* savemask=0 frames: restore the mask the faulting code ran with, unblocking this signal. */
    pthread_sigmask(SIG_SETMASK, &uc->uc_sigmask, NULL);
    JumpToFrame(frame, 1);
}

int SimSehInstall(void)
{
    for (size_t i = 0; i < sizeof(HandledSignals) / sizeof(HandledSignals[0]); i++) {
        int signal = HandledSignals[i];
        struct sigaction action = { 0 };
        if (sigaction(signal, NULL, &PreviousActions[signal]) != 0)
            return -1;
        action.sa_sigaction = FaultHandler;
        action.sa_mask = PreviousActions[signal].sa_mask; /* inherit: see the header comment */
        action.sa_flags = SA_SIGINFO | (PreviousActions[signal].sa_flags & SA_ONSTACK);
        if (sigaction(signal, &action, NULL) != 0)
            return -1;
    }
    return 0;
}
