/*
 * instruction.c - what the faulting instruction was, where Linux's signal does not say what Windows
 * would report. Runs inside the fault handler: it only reads the instruction bytes (driver code,
 * mapped and readable, since the CPU just executed them) and the saved registers.
 *
 * - #DE is one vector for a zero divisor and for a quotient that does not fit (INT_MIN / -1), and
 *   Linux reports FPE_INTDIV for both. Windows tells them apart: the second is
 *   STATUS_INTEGER_OVERFLOW (The Old New Thing, 2014-10-02, "What's the difference between
 *   EXCEPTION_INT_DIVIDE_BY_ZERO and EXCEPTION_INT_OVERFLOW?"), so the divisor is read back from the
 *   DIV/IDIV operand.
 * - Privileged instructions (cli, in/out, rdmsr, mov to a control register...) fault here because
 *   the driver runs at ring 3; Linux reports a SIGSEGV with no address, like a #GP on a
 *   non-canonical address. On Windows a privileged instruction that faults in kernel mode is
 *   STATUS_PRIVILEGED_INSTRUCTION (0xC0000096): public 0x3B crash dumps show exactly that code for
 *   an rdmsr in nt!KiSaveDebugRegisterState (SYSTEM_SERVICE_EXCEPTION, Arg1 0xC0000096; e.g.
 *   https://pastebin.com/8Lt5VfLg; 0x7E dumps carry the same code). One that
 *   would succeed at ring 0 cannot run in the simulator at all: it raises the same exception, so the
 *   driver's line is at least named (a known limit, README "Known gaps").
 */
#define _GNU_SOURCE
#include <ucontext.h>
#include "simkernel_internal.h"

typedef struct DECODED_PREFIXES {
    const uint8_t *Opcode;
    int OperandSize16;
    uint8_t Rex;
} DECODED_PREFIXES;

static DECODED_PREFIXES SkipPrefixes(const uint8_t *p)
{
    DECODED_PREFIXES d = { p, 0, 0 };
    for (int i = 0; i < 14; i++) {
        uint8_t b = *d.Opcode;
        if (b == 0x66) {
            d.OperandSize16 = 1;
        } else if (b == 0x67 || b == 0xF0 || b == 0xF2 || b == 0xF3 || b == 0x2E || b == 0x36 || b == 0x3E ||
                   b == 0x26 || b == 0x64 || b == 0x65) {
            /* other legacy prefixes: no effect on what is decoded here */
        } else {
            break;
        }
        d.Opcode++;
    }
    if ((*d.Opcode & 0xF0) == 0x40) {
        d.Rex = *d.Opcode;
        d.Opcode++;
    }
    return d;
}

/* x86 register number (0 = rax ... 15 = r15) to its slot in the saved context. */
static uint64_t Register(const ucontext_t *uc, unsigned number)
{
    static const int Slots[16] = { REG_RAX, REG_RCX, REG_RDX, REG_RBX, REG_RSP, REG_RBP, REG_RSI, REG_RDI,
                                   REG_R8,  REG_R9,  REG_R10, REG_R11, REG_R12, REG_R13, REG_R14, REG_R15 };
    return (uint64_t)uc->uc_mcontext.gregs[Slots[number & 15]];
}

/* The effective address of a ModRM memory operand; *next gets the address after the operand bytes. */
static uintptr_t EffectiveAddress(const ucontext_t *uc, const uint8_t *modrm, uint8_t rex, const uint8_t **next)
{
    unsigned mod = modrm[0] >> 6, rm = modrm[0] & 7;
    const uint8_t *p = modrm + 1;
    uint64_t address = 0;
    int ripRelative = 0;
    if (rm == 4) {
        uint8_t sib = *p++;
        unsigned scale = sib >> 6, index = ((sib >> 3) & 7) | ((rex & 2) << 2), base = (sib & 7) | ((rex & 1) << 3);
        if (index != 4)
            address += Register(uc, index) << scale;
        if ((sib & 7) == 5 && mod == 0) {
            int32_t disp;
            memcpy(&disp, p, 4);
            p += 4;
            address += (uint64_t)(int64_t)disp;
        } else {
            address += Register(uc, base);
        }
    } else if (rm == 5 && mod == 0) {
        ripRelative = 1;
    } else {
        address = Register(uc, rm | ((rex & 1) << 3));
    }
    if (mod == 1) {
        address += (uint64_t)(int64_t)(int8_t)*p;
        p += 1;
    } else if (mod == 2 || ripRelative) {
        int32_t disp;
        memcpy(&disp, p, 4);
        p += 4;
        address += (uint64_t)(int64_t)disp;
    }
    if (ripRelative)
        address += (uint64_t)(uintptr_t)p; /* F6/F7 /6 /7 carry no immediate: p is the next instruction */
    *next = p;
    return (uintptr_t)address;
}

NTSTATUS SimDivideErrorCode(const void *context)
{
    const ucontext_t *uc = context;
    DECODED_PREFIXES d = SkipPrefixes((const uint8_t *)uc->uc_mcontext.gregs[REG_RIP]);
    uint8_t opcode = d.Opcode[0];
    uint8_t modrm = d.Opcode[1];
    unsigned operation = (modrm >> 3) & 7;
    if ((opcode != 0xF6 && opcode != 0xF7) || (operation != 6 && operation != 7))
        return STATUS_INTEGER_DIVIDE_BY_ZERO; /* not DIV/IDIV: keep Linux's reading */
    unsigned width = opcode == 0xF6 ? 1 : (d.Rex & 8) ? 8 : d.OperandSize16 ? 2 : 4;
    uint64_t divisor;
    if ((modrm >> 6) == 3) {
        unsigned number = (modrm & 7) | ((d.Rex & 1) << 3);
        if (width == 1 && d.Rex == 0 && number >= 4) /* AH, CH, DH, BH */
            divisor = (Register(uc, number - 4) >> 8) & 0xFF;
        else
            divisor = Register(uc, number);
    } else {
        const uint8_t *next;
        uintptr_t address = EffectiveAddress(uc, d.Opcode + 1, d.Rex, &next);
        divisor = 0;
        memcpy(&divisor, (const void *)address, width); /* the CPU just read it: it is mapped */
    }
    if (width < 8)
        divisor &= (1ull << (width * 8)) - 1;
    return divisor == 0 ? STATUS_INTEGER_DIVIDE_BY_ZERO : STATUS_INTEGER_OVERFLOW;
}

int SimIsPrivilegedInstruction(uintptr_t instructionAddress)
{
    DECODED_PREFIXES d = SkipPrefixes((const uint8_t *)instructionAddress);
    uint8_t b = d.Opcode[0];
    if (b == 0xFA || b == 0xFB || b == 0xF4)            /* cli, sti, hlt */
        return 1;
    if ((b >= 0xE4 && b <= 0xE7) || (b >= 0xEC && b <= 0xEF) || (b >= 0x6C && b <= 0x6F)) /* in, out, ins, outs */
        return 1;
    if (b != 0x0F)
        return 0;
    b = d.Opcode[1];
    return b == 0x30 || b == 0x32 || b == 0x06 || b == 0x07 || b == 0x08 || b == 0x09 || b == 0x35 || /* wrmsr rdmsr clts sysret invd wbinvd sysexit */
           (b >= 0x20 && b <= 0x23);                   /* mov to/from control and debug registers */
}

/*
 * The address behind a #GP or #SS. A non-canonical address (uninitialized pool or stack used as a
 * pointer: 0xD3D3... or 0xC7C7..., see SimPoisonSourceOf) does not page-fault: the CPU raises a
 * general-protection fault (a stack-segment fault when the base is RSP/RBP) and Linux delivers
 * SIGSEGV/SIGBUS with si_addr 0, so the address is recomputed here from the instruction's bytes and
 * the saved registers: the ModRM/SIB memory operand of ordinary instructions (one-byte opcodes with
 * a ModRM byte, 0F xx, 0F 38 xx, 0F 3A xx), the implicit RSI/RDI of string instructions (the shim's
 * own rep movsb/stosb copies), the 64-bit absolute address of mov moffs, and the target of an
 * indirect call/jmp (FF /2, /4) or of ret. A branch to a non-canonical target faults on the branch
 * on Intel CPUs; should the CPU have taken it, RIP itself is the address. VEX/EVEX encodings are
 * not decoded (0 is returned; the caller then looks at the registers).
 */
static int IsCanonical(uint64_t address)
{
    uint64_t top = address >> 47;
    return top == 0 || top == 0x1FFFF;
}

/* One-byte opcodes followed by a ModRM byte (64-bit mode). */
static int HasModRm(uint8_t b)
{
    if (b < 0x40)
        return (b & 7) < 4; /* ALU ops: 00-03, 08-0B, ..., 38-3B */
    return b == 0x63 || b == 0x69 || b == 0x6B || (b >= 0x80 && b <= 0x8F) || b == 0xC0 || b == 0xC1 ||
           b == 0xC6 || b == 0xC7 || (b >= 0xD0 && b <= 0xD3) || (b >= 0xD8 && b <= 0xDF) || b == 0xF6 ||
           b == 0xF7 || b == 0xFE || b == 0xFF;
}

/* Two-byte opcodes (0F xx) without a ModRM byte. */
static int TwoByteLacksModRm(uint8_t b)
{
    return b == 0x05 || b == 0x06 || b == 0x07 || b == 0x08 || b == 0x09 || b == 0x0B || (b >= 0x30 && b <= 0x37) ||
           b == 0x77 || (b >= 0x80 && b <= 0x8F) || b == 0xA0 || b == 0xA1 || b == 0xA2 || b == 0xA8 || b == 0xA9 ||
           b == 0xAA || (b >= 0xC8 && b <= 0xCF);
}

static uintptr_t PickNonCanonical(uint64_t first, uint64_t second)
{
    return (uintptr_t)(!IsCanonical(first) ? first : second);
}

uintptr_t SimDecodeFaultAddress(const void *context, int *execute)
{
    const ucontext_t *uc = context;
    uint64_t rip = (uint64_t)uc->uc_mcontext.gregs[REG_RIP];
    *execute = 0;
    if (!IsCanonical(rip)) {
        *execute = 1;
        return (uintptr_t)rip;
    }
    DECODED_PREFIXES d = SkipPrefixes((const uint8_t *)rip);
    const uint8_t *op = d.Opcode;
    const uint8_t *next;
    uint8_t b = op[0];
    uint64_t rsi = (uint64_t)uc->uc_mcontext.gregs[REG_RSI], rdi = (uint64_t)uc->uc_mcontext.gregs[REG_RDI];
    if (b >= 0xA4 && b <= 0xAF) {
        if (b == 0xAA || b == 0xAB || b == 0xAE || b == 0xAF)
            return (uintptr_t)rdi; /* stos, scas */
        if (b == 0xAC || b == 0xAD)
            return (uintptr_t)rsi; /* lods */
        return PickNonCanonical(rsi, rdi); /* movs, cmps */
    }
    if (b >= 0xA0 && b <= 0xA3) {
        uint64_t absolute;
        memcpy(&absolute, op + 1, 8); /* mov moffs64 */
        return (uintptr_t)absolute;
    }
    if (b == 0xC3 || b == 0xC2) {
        *execute = 1; /* ret: the stack is canonical (the thread's), the target is what faults */
        return (uintptr_t) * (const uint64_t *)(uintptr_t)uc->uc_mcontext.gregs[REG_RSP];
    }
    const uint8_t *modrm;
    if (b == 0x0F) {
        if (op[1] == 0x38 || op[1] == 0x3A)
            modrm = op + 3;
        else if (TwoByteLacksModRm(op[1]))
            return 0;
        else
            modrm = op + 2;
    } else if (HasModRm(b)) {
        modrm = op + 1;
    } else {
        return 0;
    }
    unsigned reg = (modrm[0] >> 3) & 7;
    int indirectBranch = b == 0xFF && (reg == 2 || reg == 4);
    if ((modrm[0] >> 6) == 3) {
        if (!indirectBranch)
            return 0; /* no memory operand: not an addressing fault */
        *execute = 1;
        return (uintptr_t)Register(uc, (modrm[0] & 7) | ((d.Rex & 1) << 3));
    }
    uintptr_t address = EffectiveAddress(uc, modrm, d.Rex, &next);
    if (indirectBranch && IsCanonical(address)) {
        /* The pointer was loaded (a canonical, readable address): its value is the bad target. */
        *execute = 1;
        return (uintptr_t) * (const uint64_t *)address;
    }
    return address;
}

/*
 * Poison, as the pool (allocations not zeroed) and the I/O manager (the dispatch stack) lay it:
 * every byte the same. An uninitialized pointer plus a field offset or index keeps its upper six
 * bytes, so those are what is compared (offsets up to 64 KiB either way); an uninitialized 32-bit
 * value widened to a pointer keeps bytes 2 and 3 with zero above.
 */
static int IsPoisonOf(uint64_t value, uint8_t poison)
{
    uint64_t six = 0x0101010101010000ull * poison;
    uint64_t two = 0x0000000001010000ull * poison;
    return (value & 0xFFFFFFFFFFFF0000ull) == six || (value & 0xFFFFFFFFFFFF0000ull) == two;
}

SIM_POISON_SOURCE SimPoisonSourceOf(uint64_t address)
{
    if (IsPoisonOf(address, SimPoolPoisonByte()))
        return SimPoisonPool;
    if (IsPoisonOf(address, SimStackPoisonByte()))
        return SimPoisonStack;
    return SimPoisonNone;
}
