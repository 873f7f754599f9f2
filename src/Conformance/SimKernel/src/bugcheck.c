/*
 * bugcheck.c - the machine stops: write one record line, fsync it, die.
 *
 * Runs inside a signal handler, so only async-signal-safe calls (write, fsync, _exit) and no
 * stdio or malloc. The case id and control code are copied in before each case for that reason.
 */
#include <unistd.h>
#include "simkernel_internal.h"

static int BugcheckFd = -1;
static char CurrentCaseId[SIM_CASE_ID_CAPACITY];
static uint32_t CurrentIoControlCode;

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
}

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

void SimBugcheck(uint32_t code, uint64_t p1, uint64_t p2, uint64_t p3, uint64_t p4,
                 uint64_t faultAddress, uint64_t instructionAddress)
{
    char line[1024];
    size_t n = 0, cap = sizeof(line) - 1;
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
    n = AppendText(line, n, cap, " case=");
    n = AppendText(line, n, cap, CurrentCaseId);
    line[n++] = '\n';

    int fd = BugcheckFd >= 0 ? BugcheckFd : STDERR_FILENO;
    size_t written = 0;
    while (written < n) {
        ssize_t r = write(fd, line + written, n - written);
        if (r <= 0)
            break;
        written += (size_t)r;
    }
    fsync(fd);
    _exit(SIM_BUGCHECK_EXIT_CODE);
}

VOID KeBugCheckEx(ULONG BugCheckCode, ULONG_PTR P1, ULONG_PTR P2, ULONG_PTR P3, ULONG_PTR P4)
{
    SimBugcheck(BugCheckCode, P1, P2, P3, P4, 0, (uint64_t)(uintptr_t)__builtin_return_address(0));
}
