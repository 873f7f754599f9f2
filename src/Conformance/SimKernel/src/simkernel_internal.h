/*
 * simkernel_internal.h - what the parts of the simulated kernel share. Not for drivers.
 */
#ifndef SIMKERNEL_INTERNAL_H
#define SIMKERNEL_INTERNAL_H

#include <wdm.h>
#include <TraceLoggingProvider.h>
#include "../include/simkernel.h"

#define SIM_PAGE_SIZE 4096u
#define SIM_NULL_PAGE_REGION 0x10000u
#define SIM_CASE_ID_CAPACITY 256u /* bytes with the NUL; SimHost caps case ids at 255 UTF-8 bytes */
#define SIM_MODULE_NAME_CAPACITY 128u

/* Bugcheck codes (docs: debugger/bug-check-code-reference2). */
#define BUGCHECK_KMODE_EXCEPTION_NOT_HANDLED          0x1Eu
#define BUGCHECK_SYSTEM_SERVICE_EXCEPTION             0x3Bu
#define BUGCHECK_MULTIPLE_IRP_COMPLETE_REQUESTS       0x44u
#define BUGCHECK_PAGE_FAULT_IN_NONPAGED_AREA          0x50u
#define BUGCHECK_SYSTEM_THREAD_EXCEPTION_NOT_HANDLED  0x7Eu
#define BUGCHECK_BAD_POOL_CALLER                      0xC2u
#define BUGCHECK_SPECIAL_POOL_DETECTED_MEMORY_CORRUPTION 0xC1u
#define BUGCHECK_DRIVER_VERIFIER_IOMANAGER_VIOLATION  0xC9u
#define BUGCHECK_PAGE_FAULT_IN_FREED_SPECIAL_POOL     0xCCu
#define BUGCHECK_PAGE_FAULT_BEYOND_END_OF_ALLOCATION  0xCDu
#define BUGCHECK_ATTEMPTED_EXECUTE_OF_NOEXECUTE_MEMORY 0xFCu
#define BUGCHECK_KERNEL_SECURITY_CHECK_FAILURE        0x139u
#define FAST_FAIL_STACK_COOKIE_CHECK_FAILURE          2u

/* Which poison an address is made of: an uninitialized pool or stack pointer (instruction.c). */
typedef enum SIM_POISON_SOURCE { SimPoisonNone = 0, SimPoisonPool = 1, SimPoisonStack = 2 } SIM_POISON_SOURCE;

/* Exit code of SimHost after a bugcheck; the record is the evidence, not this number. */
#define SIM_BUGCHECK_EXIT_CODE 86

/* ---- boot.c: address space layout ---- */
extern uintptr_t SimUserRegionStart;      /* user region [start, MmUserProbeAddress) */
extern uintptr_t SimKernelCanaryAddress;
extern uintptr_t SimKernelSecretAddress;
int SimIsUserAddress(uintptr_t address);
uintptr_t SimKernelUnmappedAddress(void); /* the guard page after the canary: never mapped */
int SimKernelCanaryIntact(void);          /* canary and secret pages both unchanged            */
void SimKernelCanaryRestore(void);        /* both back to their planted bytes                  */
uint8_t SimPoolPoisonByte(void);
uint8_t SimStackPoisonByte(void);

/* ---- seh.c ---- */
/* Which kind of context a thread is in while it runs driver code: picks the bugcheck for an
   unhandled exception (0x3B in a system service such as an IOCTL, 0x7E in DriverEntry/Unload). */
typedef enum SIM_DRIVER_CONTEXT { SimNotInDriver = 0, SimInSystemService = 1, SimInSystemThread = 2 } SIM_DRIVER_CONTEXT;
void SimSehEnterDriver(SIM_DRIVER_CONTEXT context);
void SimSehLeaveDriver(void);
int SimSehInstall(void);

/* Whether a live __try of the driver covers code whose stack pointer is callerStack (reads only). */
int SimSehInsideTry(uintptr_t callerStack);

/* ---- usermem.c kept slots (SimKeepMappings) ---- */
void SimUserBuffersKeep(int keep);

/* ---- access.c: the user-memory access trace of the driver's dispatch ---- */
void SimAccessTraceReset(void);
void SimAccessBeginDispatch(void);
void SimAccessEndDispatch(void);
int SimAccessTraceComplete(void);
void SimAccessNoteProbe(uintptr_t start, size_t length, int forWrite);
void SimAccessRecord(uintptr_t address, size_t size, int isWrite, uintptr_t returnAddress, uintptr_t callerStack);

/* ---- cov.c: edge coverage of the driver's dispatch ---- */
void SimEdgeCoverageReset(void);
void SimEdgeCoverageBeginDispatch(void);
void SimEdgeCoverageEndDispatch(void);

/* ---- instruction.c: the faulting instruction, for codes Linux's signal does not tell ---- */
/* context: the fault's ucontext_t. STATUS_INTEGER_OVERFLOW when DIV/IDIV had a non-zero divisor. */
NTSTATUS SimDivideErrorCode(const void *context);
int SimIsPrivilegedInstruction(uintptr_t instructionAddress);
/* A #GP/#SS (Linux: si_addr 0): the address the faulting instruction used, decoded from its operands and the
   saved registers; *execute is set when it was a branch target. 0 when the instruction is not one it decodes. */
uintptr_t SimDecodeFaultAddress(const void *context, int *execute);
/* Whether an address (or a value used as one) is built from the pool's or the stack's poison byte. */
SIM_POISON_SOURCE SimPoisonSourceOf(uint64_t address);

/* ---- copy.c: the driver's memcpy family, forward as the kernel's ---- */
SIM_API void *SimKernelMemcpy(void *destination, const void *source, size_t length);
SIM_API void *SimKernelMemmove(void *destination, const void *source, size_t length);
SIM_API void *SimKernelMemset(void *destination, int value, size_t length);

/* ---- bugcheck.c ---- */
void SimBugcheckSetFd(int fd);
void SimBugcheckSetCase(const char *caseId, uint32_t ioControlCode);
/* The I/O manager is about to call the driver's dispatch routine for the current case. */
void SimBugcheckNoteDispatch(void);
/* stackPointer: where to start looking for the driver's frame (the fault's RSP in a signal handler). */
__attribute__((noreturn)) void SimBugcheckAt(uint32_t code, uint64_t p1, uint64_t p2, uint64_t p3, uint64_t p4,
                                             uint64_t faultAddress, uint64_t instructionAddress,
                                             uint64_t stackPointer);
/* The next record says the faulting address was made of this poison byte's pattern (an uninitialized
   pool or stack pointer): written as poison=pool|stack. */
void SimBugcheckNotePoison(SIM_POISON_SOURCE source);
void SimBugcheckNoteReturnOverwritten(void);
int SimIsDriverReturnAddress(uintptr_t address);

/* gsframes.c: the driver frames an exception unwinds, from the fault to the handling __try's frame. */
typedef enum SIM_UNWIND_VERDICT {
    SimUnwindFramesIntact = 0,   /* every frame walked had its cookie                          */
    SimUnwindUnchecked = 1,      /* a frame the walk cannot read: nothing said                 */
    SimUnwindCookieSmashed = 2,  /* a /GS cookie changed: bug check 0x139, parameter 1 = 2     */
    SimUnwindReturnOverwritten = 3 /* a saved return address leads nowhere: no handler reachable */
} SIM_UNWIND_VERDICT;
SIM_UNWIND_VERDICT SimCheckUnwoundFrames(uintptr_t instruction, uintptr_t framePointer, uintptr_t stackPointer,
                                         uintptr_t targetFrame, uintptr_t *where);
int SimReturnedThroughOverwrittenAddress(uintptr_t instruction, uintptr_t stackPointer, int instructionFetch,
                                         uintptr_t *target);
/* Same, scanning from the caller's frames (bugchecks raised by code, not by a fault). */
__attribute__((noreturn)) void SimBugcheck(uint32_t code, uint64_t p1, uint64_t p2, uint64_t p3, uint64_t p4,
                                           uint64_t faultAddress, uint64_t instructionAddress);

/* ---- modules.c: code address -> loaded object, readable from a signal handler ---- */
void SimModulesCapture(const void *driverCode);

/* coverage.c: the driver's coverage counters, when it is a coverage build (docs/coverage.md). */
void SimCoverageAttach(void *driverLibrary);
void SimCoverageFlushOnBugcheck(void);
int SimModuleFind(uintptr_t address);                /* -1: not in a captured module        */
const char *SimModuleName(int module);               /* "unknown" for -1                    */
uintptr_t SimModuleOffset(int module, uintptr_t address);
int SimModuleIsDriver(int module);
int SimDriverCodeContains(uintptr_t first, uintptr_t last);
uintptr_t SimDriverModuleBase(void);                 /* load bias of the driver; 0 before a load */

/* ---- pool.c ---- */
int SimPoolInitialize(void);
void SimPoolRecycle(int on); /* SimKeepMappings */
/* 0 = not a pool address; otherwise the bugcheck code a fault there means. */
uint32_t SimPoolFaultBugcheck(uintptr_t address);
PVOID SimPoolAllocate(SIZE_T bytes, int zero, ULONG tag);
void SimPoolFree(PVOID p);

/* ---- usermem.c ---- */
int SimUserMemoryInitialize(void);
/* Lay out one buffer for a case, read-write and filled; *address gets the pointer to pass (may be
   NULL or kernel). SimUserBufferSeal then gives its pages the state's protection. */
int SimUserBufferPlace(const SIM_BUFFER_SPEC *spec, int isOutput, void **address);
int SimUserBufferSeal(const SIM_BUFFER_SPEC *spec, void *address);
/* Write bytes into a placed, unsealed buffer (nothing for the NULL and kernel states); -EINVAL past its end. */
int SimUserBufferWrite(const SIM_BUFFER_SPEC *spec, void *address, uint32_t offset, const void *bytes, uint32_t length);
/* A page of the case's user memory with no access. */
int SimUserNoAccessPage(void **address);
/* Copy the buffer's bytes after the call (temporarily readable); 0 if not possible. */
int SimUserBufferReadBack(const SIM_BUFFER_SPEC *spec, const void *address, uint8_t *out, uint32_t capacity);
void SimUserBuffersReleaseAll(void);
/* A second, kernel-address mapping of the user pages holding [start, start + length), which must lie
   in one buffer of this case; the returned address keeps start's byte offset in its page. 0: not
   user-buffer pages, or no room. Unmapped by SimUserSystemViewUnmap (any address inside it) or at
   the end of the case. */
uintptr_t SimUserSystemViewMap(uintptr_t start, size_t length);
void SimUserSystemViewUnmap(uintptr_t address);
/* Re-protect the pages of a buffer (racer). */
void SimUserBufferSetProtection(const SIM_BUFFER_SPEC *spec, const void *address, int accessible);

/* ---- pointers.c: the pointers a case places inside its buffers ---- */
/* Resolve and write every pointer of the case into its placed buffers; values (may be NULL) gets
   each written value, 8 bytes little-endian, input's pointers then output's. */
int SimPointersWrite(const SIM_CASE *simCase, void *input, void *output, uint8_t *values);

/* ---- objects.c ---- */
PDEVICE_OBJECT SimOpenedDevice(void);
PFILE_OBJECT SimOpenedFile(void);
void SimSetGrantedAccess(ACCESS_MASK grantedAccess);
NTSTATUS SimCallDriver(PDEVICE_OBJECT device, PIRP irp);
PIRP SimIrpAllocate(UCHAR majorFunction, PDEVICE_OBJECT device, PFILE_OBJECT file);
void SimIrpFree(PIRP irp);
int SimIrpCompleted(PIRP irp);

/* ---- iomgr.c ---- */
typedef struct SIM_IO_RESULT {
    NTSTATUS Status;
    ULONG_PTR Information;       /* 0 unless InformationObserved                                  */
    int ReachedDriver;
    int InformationObserved;     /* the caller's IO_STATUS_BLOCK was written (I14)                */
    int Completed;               /* the driver called IoCompleteRequest (reached driver only, I15) */
} SIM_IO_RESULT;
void SimNtDeviceIoControlFile(ULONG ioControlCode, ACCESS_MASK grantedAccess, PVOID inputBuffer,
                              ULONG inputBufferLength, PVOID outputBuffer, ULONG outputBufferLength,
                              SIM_IO_RESULT *result);

/* ---- registry.c ---- */
void SimRegistryReset(void);
int SimRegistrySetDword(const char *name, uint32_t value);

/* ---- trace.c ---- */
void SimTraceSetCase(const char *caseId);
/* Bugcheck path (async-signal-safe): write the ring's undrained events of caseId as TRACE lines. */
void SimTraceDumpCase(int fd, const char *caseId);

/* ---- racer.c ---- */
typedef struct SIM_RACER SIM_RACER;
SIM_RACER *SimRacerStart(const SIM_RACER_SPEC *spec, const SIM_BUFFER_SPEC *buffer, void *address);
void SimRacerStop(SIM_RACER *racer);

/* ---- strings ---- */
/* UTF-16 (16-bit WCHAR) to UTF-8 for names; BMP only, which device names are. */
void SimWideToUtf8(const WCHAR *text, size_t chars, char *out, size_t capacity);

#endif
