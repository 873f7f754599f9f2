/*
 * asan_callbacks.c - the entry points gcc and clang emit into a driver built with
 * -fsanitize=kernel-address and the call threshold at 0 (one call before each load and store of
 * the driver's own code), and the driver's memcpy family for such a build (<wdm.h> maps memcpy,
 * memmove and memset to these when __SANITIZE_ADDRESS__ is defined).
 *
 * There is no shadow memory: nothing here checks or reports, every touch only goes to the
 * access trace (access.c). The caller's stack pointer (this frame's address plus the saved frame
 * pointer and the return address) tells which of the driver's __try blocks are still live.
 */
#include "simkernel_internal.h"

#define CALLER_STACK() ((uintptr_t)__builtin_frame_address(0) + 2 * sizeof(void *))
#define CALLER_CODE() ((uintptr_t)__builtin_return_address(0))

#define SIM_ASAN_SIZED(size)                                                                      \
    SIM_API void __asan_load##size##_noabort(uintptr_t address)                                   \
    {                                                                                             \
        SimAccessRecord(address, size, 0, CALLER_CODE(), CALLER_STACK());                         \
    }                                                                                             \
    SIM_API void __asan_store##size##_noabort(uintptr_t address)                                  \
    {                                                                                             \
        SimAccessRecord(address, size, 1, CALLER_CODE(), CALLER_STACK());                         \
    }

SIM_ASAN_SIZED(1)
SIM_ASAN_SIZED(2)
SIM_ASAN_SIZED(4)
SIM_ASAN_SIZED(8)
SIM_ASAN_SIZED(16)

SIM_API void __asan_loadN_noabort(uintptr_t address, size_t size)
{
    SimAccessRecord(address, size, 0, CALLER_CODE(), CALLER_STACK());
}

SIM_API void __asan_storeN_noabort(uintptr_t address, size_t size)
{
    SimAccessRecord(address, size, 1, CALLER_CODE(), CALLER_STACK());
}

/* Emitted before calls that do not return (ExRaiseStatus, longjmp): ASan unpoisons the stack
   there; without shadow memory there is nothing to do. */
SIM_API void __asan_handle_no_return(void) {}

/* The driver's copies record both ranges as touches of the calling line, then copy forward as the
   kernel does (copy.c). */
SIM_API void *SimDriverMemcpy(void *destination, const void *source, size_t length)
{
    SimAccessRecord((uintptr_t)source, length, 0, CALLER_CODE(), CALLER_STACK());
    SimAccessRecord((uintptr_t)destination, length, 1, CALLER_CODE(), CALLER_STACK());
    return SimKernelMemcpy(destination, source, length);
}

SIM_API void *SimDriverMemmove(void *destination, const void *source, size_t length)
{
    SimAccessRecord((uintptr_t)source, length, 0, CALLER_CODE(), CALLER_STACK());
    SimAccessRecord((uintptr_t)destination, length, 1, CALLER_CODE(), CALLER_STACK());
    return SimKernelMemmove(destination, source, length);
}

SIM_API void *SimDriverMemset(void *destination, int value, size_t length)
{
    SimAccessRecord((uintptr_t)destination, length, 1, CALLER_CODE(), CALLER_STACK());
    return SimKernelMemset(destination, value, length);
}
