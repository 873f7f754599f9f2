/*
 * gsframes.c - the driver's stack frames as an exception unwinds them: /GS cookies checked on the
 * way, and return addresses that no longer return anywhere.
 *
 * Windows x64: "On function exit, and during frame unwinding on 64-bit operating systems, a helper
 * function is called to make sure that the value of the cookie is still the same"
 * (learn.microsoft.com/cpp/build/reference/gs-buffer-security-check). The helper is the frame's
 * language-specific handler (__GSHandlerCheck, or __GSHandlerCheck_SEH for a function that also has
 * a __try), which the dispatcher calls for every frame it passes, the handling one included, before
 * any __except filter runs. A copy that overruns a stack buffer inside __try and then faults on the
 * end of the caller's buffer therefore stops the machine (bug check 0x139, parameter 1 = 2) instead of
 * returning STATUS_ACCESS_VIOLATION. The simulator's __try jumps straight to the handling frame, so
 * the same walk is done here, before the jump: without it the jump would land in a frame the
 * overrun has already overwritten (its saved registers, the jump buffer) and the host would die of
 * a fault nobody can attribute.
 *
 * The walk needs each frame's base and cookie slot. Driver code built by build-driver (-O0) keeps a
 * frame pointer; the prologue says where the cookie is: push %rbp; mov %rsp,%rbp; pushes of saved
 * registers; sub $N,%rsp; mov %fs:0x28,%reg; mov %reg,disp(%rbp) (or disp(%rsp)). A function whose
 * prologue is not of that shape is not checked (no false crash from a guess); the check on return
 * (__stack_chk_fail) still applies to it.
 *
 * The walk also sees a frame whose saved return address is no return into any loaded code: a stack
 * overrun without a cookie (__declspec(safebuffers)). On Windows the unwinder cannot get past such
 * a frame either, so no outer __try handles the exception and the machine stops; the bugcheck
 * record then says the return address was overwritten.
 *
 * Everything here runs in the fault handler: plain reads of the thread's stack and the driver's code.
 */
#include "simkernel_internal.h"

#define PROLOGUE_SEARCH_BYTES 65536u /* how far back from an address inside a function its start is sought */
#define PROLOGUE_BYTES 64u           /* the prologue's instructions all lie within this many bytes */

typedef struct SIM_PROLOGUE {
    uintptr_t FrameBytes;   /* rbp - rsp once the prologue has run: saved registers and locals */
    int HasCookie;
    intptr_t CookieOffset;  /* the cookie's address minus rbp */
} SIM_PROLOGUE;

static uint64_t ThreadStackGuard(void)
{
    uint64_t guard;
    __asm__ volatile("mov %%fs:0x28, %0" : "=r"(guard));
    return guard;
}

static int CodeBytes(uintptr_t address, size_t count)
{
    return SimDriverCodeContains(address, address + count - 1);
}

/* The start of the driver function that contains `address`: the nearest push %rbp; mov %rsp,%rbp at or before it. */
static uintptr_t FunctionStart(uintptr_t address)
{
    for (uintptr_t p = address; p + PROLOGUE_SEARCH_BYTES > address && CodeBytes(p, 4); p--) {
        const uint8_t *b = (const uint8_t *)p;
        if (b[0] == 0x55 && b[1] == 0x48 && b[2] == 0x89 && b[3] == 0xE5)
            return p;
        if (p == 0)
            break;
    }
    return 0;
}

/* Decode the prologue at `start` (push %rbp; mov %rsp,%rbp already matched). 0 when it is not of the known shape. */
static int DecodePrologue(uintptr_t start, SIM_PROLOGUE *prologue)
{
    if (!CodeBytes(start, PROLOGUE_BYTES))
        return 0;
    const uint8_t *b = (const uint8_t *)start + 4;
    const uint8_t *end = (const uint8_t *)start + PROLOGUE_BYTES - 12;
    uintptr_t pushed = 0, locals = 0;
    for (;;) {
        if (b[0] >= 0x50 && b[0] <= 0x57) {
            pushed += 8; /* push %reg */
            b += 1;
        } else if (b[0] == 0x41 && b[1] >= 0x50 && b[1] <= 0x57) {
            pushed += 8; /* push %r8..%r15 */
            b += 2;
        } else {
            break;
        }
    }
    if (b[0] == 0x48 && b[1] == 0x83 && b[2] == 0xEC) {
        locals = b[3]; /* sub $imm8,%rsp */
        b += 4;
    } else if (b[0] == 0x48 && b[1] == 0x81 && b[2] == 0xEC) {
        locals = (uintptr_t)(uint32_t)(b[3] | b[4] << 8 | b[5] << 16 | (uint32_t)b[6] << 24);
        b += 7;
    }
    prologue->FrameBytes = pushed + locals;
    prologue->HasCookie = 0;
    /* mov %fs:0x28,%reg: 64 REX.W 8B modrm(00 reg 100) SIB(25) disp32(0x28); then the store of that register. */
    for (; b < end; b++) {
        if (b[0] != 0x64 || (b[1] != 0x48 && b[1] != 0x4C) || b[2] != 0x8B || (b[3] & 0xC7) != 0x04 || b[4] != 0x25 ||
            b[5] != 0x28 || b[6] != 0 || b[7] != 0 || b[8] != 0)
            continue;
        const uint8_t rex = b[1] == 0x4C ? 0x4C : 0x48, reg = b[3] & 0x38;
        const uint8_t *s = b + 9;
        for (int skipped = 0; skipped < 2 && s < end + 8; skipped++) {
            if (s[0] == rex && s[1] == 0x89) {
                uint8_t modrm = s[2];
                if ((modrm & 0x38) != reg)
                    break;
                if ((modrm & 0xC7) == 0x45) { /* disp8(%rbp) */
                    prologue->CookieOffset = (int8_t)s[3];
                    prologue->HasCookie = 1;
                } else if ((modrm & 0xC7) == 0x85) { /* disp32(%rbp) */
                    prologue->CookieOffset = (int32_t)(s[3] | s[4] << 8 | s[5] << 16 | (uint32_t)s[6] << 24);
                    prologue->HasCookie = 1;
                } else if ((modrm & 0xC7) == 0x44 && s[3] == 0x24) { /* disp8(%rsp) */
                    prologue->CookieOffset = (intptr_t)(int8_t)s[4] - (intptr_t)prologue->FrameBytes;
                    prologue->HasCookie = 1;
                }
                break;
            }
            /* One unrelated instruction may sit between the load and the store (clang spills an argument). */
            if (s[0] == 0x40 && s[1] == 0x88)
                s += 3; /* mov %sil,%al and the like */
            else
                break;
        }
        return 1;
    }
    return 1;
}

static int PrologueOf(uintptr_t addressInFunction, SIM_PROLOGUE *prologue)
{
    uintptr_t start = FunctionStart(addressInFunction);
    return start != 0 && DecodePrologue(start, prologue);
}

/* The first word at or above `from` (below `limit`) that is a return address into the driver's code, or 0. */
static uintptr_t *FirstDriverReturn(uintptr_t from, uintptr_t limit)
{
    for (uintptr_t *word = (uintptr_t *)(from & ~(uintptr_t)7); (uintptr_t)word < limit; word++)
        if (SimIsDriverReturnAddress(*word))
            return word;
    return NULL;
}

static int IsCanonical(uintptr_t address)
{
    return address < 0x0000800000000000ull || address >= 0xFFFF800000000000ull;
}

/* A return address that leads nowhere: non-canonical, or outside every loaded module. */
static int ReturnsNowhere(uintptr_t returnAddress)
{
    return !IsCanonical(returnAddress) || SimModuleFind(returnAddress) < 0;
}

SIM_UNWIND_VERDICT SimCheckUnwoundFrames(uintptr_t instruction, uintptr_t framePointer, uintptr_t stackPointer,
                                         uintptr_t targetFrame, uintptr_t *where)
{
    uint64_t guard = ThreadStackGuard();
    SIM_PROLOGUE prologue;
    uintptr_t inFunction, rbp;

    if (SimDriverCodeContains(instruction, instruction)) {
        inFunction = instruction;
        rbp = framePointer;
        if (!PrologueOf(inFunction, &prologue))
            return SimUnwindUnchecked;
    } else {
        /* Faulted in the shim (memcpy behind RtlCopyMemory): the driver's frame is above its call into it. */
        uintptr_t *call = FirstDriverReturn(stackPointer, targetFrame + sizeof(uintptr_t));
        if (call == NULL)
            return SimUnwindUnchecked;
        inFunction = *call;
        if (!PrologueOf(inFunction, &prologue))
            return SimUnwindUnchecked;
        rbp = (uintptr_t)(call + 1) + prologue.FrameBytes;
        /* The shim's copy routines keep the driver's %rbp: a mismatch means a guess, and a guess is not checked. */
        if (rbp != framePointer)
            return SimUnwindUnchecked;
    }

    for (;;) {
        if (rbp < stackPointer || rbp > targetFrame || (rbp & 7) != 0)
            return SimUnwindUnchecked; /* not a frame of this walk: stop without a verdict */
        *where = inFunction;
        if (prologue.HasCookie && *(const uint64_t *)(rbp + prologue.CookieOffset) != guard)
            return SimUnwindCookieSmashed;
        if (rbp == targetFrame)
            return SimUnwindFramesIntact;
        uintptr_t returnAddress = ((const uintptr_t *)rbp)[1];
        uintptr_t callerFrame = ((const uintptr_t *)rbp)[0];
        if (ReturnsNowhere(returnAddress)) {
            *where = returnAddress;
            return SimUnwindReturnOverwritten;
        }
        if (!SimIsDriverReturnAddress(returnAddress) || callerFrame <= rbp || !PrologueOf(returnAddress, &prologue))
            return SimUnwindUnchecked; /* a frame of the shim in between, or code of another shape */
        inFunction = returnAddress;
        rbp = callerFrame;
    }
}

int SimReturnedThroughOverwrittenAddress(uintptr_t instruction, uintptr_t stackPointer, int instructionFetch,
                                         uintptr_t *target)
{
    /* A ret whose target is not canonical faults on the ret itself, the target still on the stack (#GP). The
       stack is read only then: the ret could read it, so it is mapped. */
    if (SimDriverCodeContains(instruction, instruction)) {
        const uint8_t *code = (const uint8_t *)instruction;
        if ((code[0] == 0xC3 || code[0] == 0xC2) && ReturnsNowhere(*(const uintptr_t *)stackPointer)) {
            *target = *(const uintptr_t *)stackPointer;
            return 1;
        }
        return 0;
    }
    /* A ret to a canonical address that is not code faults on the fetch there: the popped word is just below rsp
       (readable: the ret read it). A call to such an address faults there too, but has just pushed its return
       into code at rsp. */
    if (!instructionFetch || SimModuleFind(instruction) >= 0)
        return 0;
    const uintptr_t *stack = (const uintptr_t *)stackPointer;
    if (stack[-1] == instruction && SimModuleFind(stack[0]) < 0) {
        *target = instruction;
        return 1;
    }
    return 0;
}
