/*
 * pointers.c - the pointers a case places inside its own buffers (SIM_BUFFER_POINTER).
 *
 * Drivers that take a pointer from inside their input (write-what-where, arbitrary read,
 * write-NULL, arbitrary increment) can only be aimed by someone who knows the addresses: where
 * this case's buffers landed, where the canary, the secret and an unmapped kernel page are. The
 * engine does not, so a case names the target and the kernel writes the address here, after both
 * buffers are placed and before their pages get their protection (a read-only input is written
 * like any other). The value written is reported back, so the engine judges the bytes the buffer
 * really held.
 */
#include <errno.h>
#include "simkernel_internal.h"

static int Resolve(uint32_t target, void *input, void *output, void **noAccess, uintptr_t *address)
{
    switch (target) {
    case SimPointerNull:
        *address = 0;
        return 0;
    case SimPointerInput:
        *address = (uintptr_t)input;
        return 0;
    case SimPointerOutput:
        *address = (uintptr_t)output;
        return 0;
    case SimPointerNoAccessUser:
        /* One page per case, taken only by a case that aims at it. */
        if (*noAccess == NULL) {
            int rc = SimUserNoAccessPage(noAccess);
            if (rc != 0)
                return rc;
        }
        *address = (uintptr_t)*noAccess;
        return 0;
    case SimPointerKernelCanary:
        *address = SimKernelCanaryAddress;
        return 0;
    case SimPointerKernelSecret:
        *address = SimKernelSecretAddress;
        return 0;
    case SimPointerKernelUnmapped:
        *address = SimKernelUnmappedAddress();
        return 0;
    default:
        return -EINVAL;
    }
}

static int WriteAll(const SIM_BUFFER_SPEC *spec, void *buffer, void *input, void *output, void **noAccess,
                    uint8_t *values, uint32_t *written)
{
    for (uint32_t i = 0; i < spec->PointerCount; i++) {
        const SIM_BUFFER_POINTER *pointer = &spec->Pointers[i];
        if (pointer->Width != 4 && pointer->Width != 8)
            return -EINVAL;
        uintptr_t address;
        int rc = Resolve(pointer->Target, input, output, noAccess, &address);
        if (rc != 0)
            return rc;
        uint64_t value = (uint64_t)address + (uint64_t)pointer->Addend;
        if (pointer->Width == 4)
            value &= 0xFFFFFFFFull;
        /* x86-64 is little-endian: the first Width bytes of value are the pointer as a driver reads it. */
        rc = SimUserBufferWrite(spec, buffer, pointer->Offset, &value, pointer->Width);
        if (rc != 0)
            return rc;
        if (values != NULL)
            memcpy(values + 8u * (*written), &value, 8);
        (*written)++;
    }
    return 0;
}

int SimPointersWrite(const SIM_CASE *simCase, void *input, void *output, uint8_t *values)
{
    void *noAccess = NULL;
    uint32_t written = 0;
    int rc = WriteAll(&simCase->Input, input, input, output, &noAccess, values, &written);
    if (rc == 0)
        rc = WriteAll(&simCase->Output, output, input, output, &noAccess, values, &written);
    return rc;
}
