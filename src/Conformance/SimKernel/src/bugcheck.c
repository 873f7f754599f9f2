/*
 * bugcheck.c - the machine stops: write one record line, fsync it, die.
 *
 * Runs inside a signal handler, so only async-signal-safe calls (write, fsync, _exit) and no
 * stdio or malloc. The case id and control code are copied in before each case for that reason.
 *
 * The record says where the crash happened in terms a driver engineer can use: the module and
 * offset of the faulting instruction (modules.c, captured when the driver was loaded) and the
 * driver code responsible. When the faulting instruction is not the driver's own (memcpy in libc
 * behind RtlCopyMemory, an MDL routine of the shim), the driver frame is the first return address
 * into the driver's code found above the faulting frame: a stack scan, because unwinders take the
 * loader's lock and allocate. Symbols (function, file:line) are resolved later, outside this
 * process, from the offset. The driver's trace events of the case follow the record, one TRACE
 * line each, so the events written before the crash are not lost with the process.
 */
#include <unistd.h>
#include "simkernel_internal.h"

#define STACK_SCAN_WORDS 2048u /* at most 16 KiB above the faulting frame: the dispatch frames sit well within */

static int BugcheckFd = -1;
static char CurrentCaseId[SIM_CASE_ID_CAPACITY];
static uint32_t CurrentIoControlCode;
static volatile int CurrentCaseReachedDriver;
/* Top of the stack the scan may read: the frame of SimBugcheckSetCase, called by whoever then calls into the driver
   (SimExecuteCase, SimLoadDriver). Every driver frame lies below it, and memory below it is this thread's stack. */
static volatile uintptr_t ScanLimit;
static volatile SIM_POISON_SOURCE PendingPoison;
static volatile int PendingReturnOverwritten;

void SimBugcheckSetFd(int fd) { BugcheckFd = fd; }

void SimBugcheckSetCase(const char *caseId, uint32_t ioControlCode)
{
    size_t i = 0;
    if (caseId != NULL) {
        /* Keep the record one line: no control characters in the id. */
        for (; caseId[i] != '\0' && i < sizeof(CurrentCaseId) - 1; i++)
            CurrentCaseId[i] = (unsigned char)caseId[i] < 0x20 ? '?' : caseId[i];
    }
    CurrentCaseId[i] = '\0';
    CurrentIoControlCode = ioControlCode;
    CurrentCaseReachedDriver = 0;
    ScanLimit = (uintptr_t)__builtin_frame_address(0);
}

void SimBugcheckNoteDispatch(void) { CurrentCaseReachedDriver = 1; }

void SimBugcheckNotePoison(SIM_POISON_SOURCE source) { PendingPoison = source; }

void SimBugcheckNoteReturnOverwritten(void) { PendingReturnOverwritten = 1; }

static size_t AppendText(char *buffer, size_t used, size_t capacity, const char *text)
{
    while (*text != '\0' && used < capacity)
        buffer[used++] = *text++;
    return used;
}

static size_t AppendHex(char *buffer, size_t used, size_t capacity, uint64_t value)
{
    char digits[16];
    int count = 0;
    used = AppendText(buffer, used, capacity, "0x");
    do {
        digits[count++] = "0123456789ABCDEF"[value & 0xF];
        value >>= 4;
    } while (value != 0);
    while (count > 0 && used < capacity)
        buffer[used++] = digits[--count];
    return used;
}

/* Whether the bytes before a return address inside the driver's code encode a call instruction. */
static int FollowsCall(uintptr_t returnAddress)
{
    if (!SimDriverCodeContains(returnAddress - 6, returnAddress - 1))
        return 0;
    const uint8_t *p = (const uint8_t *)returnAddress;
    if (p[-5] == 0xE8)
        return 1;                                   /* call rel32 (direct, or through the PLT)  */
    if (p[-6] == 0xFF && (p[-5] == 0x15 || (p[-5] & 0xF8) == 0x90))
        return 1;                                   /* call *disp32(%rip) / *disp32(%reg)       */
    if (p[-3] == 0xFF && (p[-2] & 0xF8) == 0x50)
        return 1;                                   /* call *disp8(%reg)                        */
    if (p[-2] == 0xFF && (p[-1] & 0xF8) == 0xD0)
        return 1;                                   /* call *%reg                               */
    return 0;
}

int SimIsDriverReturnAddress(uintptr_t address) { return FollowsCall(address); }

/* The first word above stackPointer that is a return address into the driver's code, or 0. */
static uintptr_t ScanForDriverReturn(uintptr_t stackPointer)
{
    if (stackPointer == 0)
        return 0;
    const uintptr_t *word = (const uintptr_t *)(stackPointer & ~(uintptr_t)7);
    /* Never read past the caller's frame: above it the stack may end (reading there would fault in this handler). */
    uintptr_t limit = ScanLimit > stackPointer ? ScanLimit : stackPointer + STACK_SCAN_WORDS * sizeof(uintptr_t);
    for (unsigned i = 0; i < STACK_SCAN_WORDS && (uintptr_t)&word[i] < limit; i++)
        if (FollowsCall(word[i]))
            return word[i];
    return 0;
}

static size_t AppendDriverLocation(char *line, size_t n, size_t cap, uint64_t instructionAddress,
                                   uint64_t stackPointer, int *reachedDriver)
{
    int module = SimModuleFind((uintptr_t)instructionAddress);
    n = AppendText(line, n, cap, " module=");
    n = AppendText(line, n, cap, SimModuleName(module));
    n = AppendText(line, n, cap, " offset=");
    n = AppendHex(line, n, cap, SimModuleOffset(module, (uintptr_t)instructionAddress));
    const char *via = "none";
    uintptr_t driverAddress = 0;
    if (SimModuleIsDriver(module)) {
        via = "pc";
        driverAddress = (uintptr_t)instructionAddress;
    } else if ((driverAddress = ScanForDriverReturn((uintptr_t)stackPointer)) != 0) {
        via = "return";
    }
    if (driverAddress != 0) {
        *reachedDriver = 1; /* driver code is on the crashing stack: its routine ran */
        int driverModule = SimModuleFind(driverAddress);
        n = AppendText(line, n, cap, " driver=");
        n = AppendText(line, n, cap, SimModuleName(driverModule));
        n = AppendText(line, n, cap, "+");
        n = AppendHex(line, n, cap, SimModuleOffset(driverModule, driverAddress));
    }
    n = AppendText(line, n, cap, " via=");
    return AppendText(line, n, cap, via);
}

static void WriteAll(int fd, const char *bytes, size_t length)
{
    size_t written = 0;
    while (written < length) {
        ssize_t r = write(fd, bytes + written, length - written);
        if (r <= 0)
            break;
        written += (size_t)r;
    }
}

void SimBugcheckAt(uint32_t code, uint64_t p1, uint64_t p2, uint64_t p3, uint64_t p4, uint64_t faultAddress,
                   uint64_t instructionAddress, uint64_t stackPointer)
{
    char line[1024];
    size_t n = 0, cap = sizeof(line) - 1;
    int reachedDriver = CurrentCaseReachedDriver;
    n = AppendText(line, n, cap, "BUGCHECK code=");
    n = AppendHex(line, n, cap, code);
    n = AppendText(line, n, cap, " p1=");
    n = AppendHex(line, n, cap, p1);
    n = AppendText(line, n, cap, " p2=");
    n = AppendHex(line, n, cap, p2);
    n = AppendText(line, n, cap, " p3=");
    n = AppendHex(line, n, cap, p3);
    n = AppendText(line, n, cap, " p4=");
    n = AppendHex(line, n, cap, p4);
    n = AppendText(line, n, cap, " address=");
    n = AppendHex(line, n, cap, faultAddress);
    n = AppendText(line, n, cap, " pc=");
    n = AppendHex(line, n, cap, instructionAddress);
    n = AppendText(line, n, cap, " ioctl=");
    n = AppendHex(line, n, cap, CurrentIoControlCode);
    n = AppendDriverLocation(line, n, cap, instructionAddress, stackPointer, &reachedDriver);
    n = AppendText(line, n, cap, " reached=");
    n = AppendHex(line, n, cap, (uint64_t)reachedDriver);
    if (PendingPoison != SimPoisonNone) {
        /* The address was uninitialized memory used as a pointer (seh.c). */
        n = AppendText(line, n, cap, " poison=");
        n = AppendText(line, n, cap, PendingPoison == SimPoisonPool ? "pool" : "stack");
    }
    if (PendingReturnOverwritten) {
        /* A driver frame's saved return address led nowhere: a stack overrun without a cookie (gsframes.c). */
        n = AppendText(line, n, cap, " return=overwritten");
    }
    /* The case id runs to the end of the line (it may hold spaces): it stays last. */
    n = AppendText(line, n, cap, " case=");
    n = AppendText(line, n, cap, CurrentCaseId);
    line[n++] = '\n';

    int fd = BugcheckFd >= 0 ? BugcheckFd : STDERR_FILENO;
    WriteAll(fd, line, n);
    SimTraceDumpCase(fd, CurrentCaseId);
    fsync(fd);
    SimCoverageFlushOnBugcheck(); /* after the record: a dump that blocks cannot lose it */
    _exit(SIM_BUGCHECK_EXIT_CODE);
}

void SimBugcheck(uint32_t code, uint64_t p1, uint64_t p2, uint64_t p3, uint64_t p4, uint64_t faultAddress,
                 uint64_t instructionAddress)
{
    /* Not a fault: the callers of this frame are the ones to scan. */
    SimBugcheckAt(code, p1, p2, p3, p4, faultAddress, instructionAddress,
                  (uint64_t)(uintptr_t)__builtin_frame_address(0));
}

/*
 * /GS: the driver's __stack_chk_fail (<wdm.h>) lands here with the address after its call, inside
 * the epilogue of the function whose cookie was overwritten.
 * The WDK's failure path: __security_check_cookie compares the frame's cookie with the module's
 * __security_cookie and calls __report_gsfailure on a mismatch. Kernel-mode fast fail requests are
 * bug check 0x139 KERNEL_SECURITY_CHECK_FAILURE, parameter 1 the FAST_FAIL_ code (docs:
 * cpp/intrinsics/fastfail; FAST_FAIL_STACK_COOKIE_CHECK_FAILURE = 2 in wdm.h/winnt.h), and public
 * crash dumps of driver cookie failures on Windows 8.1 and later show 0x139 with Arg1 2 ("Stack
 * cookie instrumentation code detected a stack-based buffer overrun", FailFast.Name
 * STACK_COOKIE_CHECK_FAILURE); parameters 2 and 3 are the trap frame and exception record (none
 * here: 0). Older failure code bugchecks 0xF7 DRIVER_OVERRAN_STACK_BUFFER from nt!_report_gsfailure
 * instead (seen in Windows 10 1703 dumps); which one a driver gets depends on the /GS library it
 * was linked with (UNVERIFIED: the docs do not say which the current WDK links by default).
 */
SIM_API __attribute__((noreturn)) void SimReportGsFailure(void *failingFunctionReturn)
{
    SimBugcheck(BUGCHECK_KERNEL_SECURITY_CHECK_FAILURE, FAST_FAIL_STACK_COOKIE_CHECK_FAILURE, 0, 0, 0, 0,
                (uint64_t)(uintptr_t)failingFunctionReturn);
}

VOID KeBugCheckEx(ULONG BugCheckCode, ULONG_PTR P1, ULONG_PTR P2, ULONG_PTR P3, ULONG_PTR P4)
{
    SimBugcheck(BugCheckCode, P1, P2, P3, P4, 0, (uint64_t)(uintptr_t)__builtin_return_address(0));
}
