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
