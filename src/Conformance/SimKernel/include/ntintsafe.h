/*
 * ntintsafe.h - overflow-checked integer arithmetic as the DDK names it.
 * Each returns STATUS_INTEGER_OVERFLOW and stores an invalid result (all ones) on overflow.
 */
#ifndef SIM_NTINTSAFE_H
#define SIM_NTINTSAFE_H
#include "ntdef.h"

#define ULONG_ERROR  0xFFFFFFFFu
#define SIZE_T_ERROR (~(SIZE_T)0)

FORCEINLINE NTSTATUS RtlULongAdd(_In_ ULONG Augend, _In_ ULONG Addend, _Out_ ULONG *Result)
{
    if (__builtin_add_overflow(Augend, Addend, Result)) { *Result = ULONG_ERROR; return STATUS_INTEGER_OVERFLOW; }
    return STATUS_SUCCESS;
}
FORCEINLINE NTSTATUS RtlULongSub(_In_ ULONG Minuend, _In_ ULONG Subtrahend, _Out_ ULONG *Result)
{
    if (__builtin_sub_overflow(Minuend, Subtrahend, Result)) { *Result = ULONG_ERROR; return STATUS_INTEGER_OVERFLOW; }
    return STATUS_SUCCESS;
}
FORCEINLINE NTSTATUS RtlULongMult(_In_ ULONG Multiplicand, _In_ ULONG Multiplier, _Out_ ULONG *Result)
{
    if (__builtin_mul_overflow(Multiplicand, Multiplier, Result)) { *Result = ULONG_ERROR; return STATUS_INTEGER_OVERFLOW; }
    return STATUS_SUCCESS;
}
FORCEINLINE NTSTATUS RtlSizeTAdd(_In_ SIZE_T Augend, _In_ SIZE_T Addend, _Out_ SIZE_T *Result)
{
    if (__builtin_add_overflow(Augend, Addend, Result)) { *Result = SIZE_T_ERROR; return STATUS_INTEGER_OVERFLOW; }
    return STATUS_SUCCESS;
}
FORCEINLINE NTSTATUS RtlSizeTMult(_In_ SIZE_T Multiplicand, _In_ SIZE_T Multiplier, _Out_ SIZE_T *Result)
{
    if (__builtin_mul_overflow(Multiplicand, Multiplier, Result)) { *Result = SIZE_T_ERROR; return STATUS_INTEGER_OVERFLOW; }
    return STATUS_SUCCESS;
}
FORCEINLINE NTSTATUS RtlULongLongToULong(_In_ ULONGLONG Operand, _Out_ ULONG *Result)
{
    if (Operand > ULONG_ERROR) { *Result = ULONG_ERROR; return STATUS_INTEGER_OVERFLOW; }
    *Result = (ULONG)Operand;
    return STATUS_SUCCESS;
}
#endif
