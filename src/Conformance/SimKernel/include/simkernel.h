/*
 * simkernel.h - the host-facing API of the simulated kernel (libsimkernel.so).
 *
 * SimHost (a .NET process) calls these through P/Invoke. Drivers never include this file:
 * they include <wdm.h> / <ntddk.h>, which the shim provides with the DDK's own names.
 *
 * One call, SimExecuteCase, carries a whole case (build user buffers, run the I/O manager
 * and the driver, read the buffers back, check the kernel canary) so the managed side pays
 * one transition per case. Layout rules: fixed-size little-endian fields, no bitfields,
 * so the C# mirror structs are plain sequential layouts.
 */
#ifndef SIMKERNEL_H
#define SIMKERNEL_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SIM_API __attribute__((visibility("default")))

/* Devices, symbolic links, the sandbox and the record of the driver's file calls. */
#include "simkernel_namespace.h"

/* Memory state of one user buffer (DESIGN.md section 4). */
typedef enum SIM_MEMORY_STATE {
    SimMemoryReadWrite   = 0, /* committed, PROT_READ|PROT_WRITE                               */
    SimMemoryReadOnly    = 1, /* committed, PROT_READ                                          */
    SimMemoryNoAccess    = 2, /* committed, PROT_NONE                                          */
    SimMemoryDecommitted = 3, /* "freed": reserved, PROT_NONE + MADV_DONTNEED, never unmapped  */
    SimMemoryGuardTail   = 4, /* read-write, ends exactly at a no-access page                  */
    SimMemoryNull        = 5, /* pointer is NULL; the declared length is passed unchanged       */
    SimMemoryKernel      = 6, /* pointer is a kernel address (canary page for output,
                                 secret page for input); nothing is allocated                 */
    SimMemoryKernelInvalid = 7, /* pointer is an unmapped kernel address (a guard page): any
                                   touch is bugcheck 0x50, as with HLK's 0xFFFFFC00 pointers   */
} SIM_MEMORY_STATE;

/* What a pointer placed inside a user buffer points at: only the kernel knows these addresses,
   so a case names them and SimExecuteCase writes them once the buffers are placed. */
typedef enum SIM_POINTER_TARGET {
    SimPointerNull           = 0, /* NULL (+ Addend: the never-mapped NULL page region)         */
    SimPointerInput          = 1, /* the input pointer the call passes                          */
    SimPointerOutput         = 2, /* the output pointer the call passes                         */
    SimPointerNoAccessUser   = 3, /* a user page of this case with no access                    */
    SimPointerKernelCanary   = 4, /* the canary page: a write there is seen after the call      */
    SimPointerKernelSecret   = 5, /* the secret page: its bytes must never reach a user buffer  */
    SimPointerKernelUnmapped = 6, /* the guard page after the canary: any touch is bugcheck 0x50 */
} SIM_POINTER_TARGET;

typedef struct SIM_BUFFER_POINTER {
    uint32_t Offset;   /* byte offset inside the buffer; Offset + Width <= Size                 */
    uint32_t Target;   /* SIM_POINTER_TARGET                                                    */
    uint32_t Width;    /* 8, or 4 for the low 32 bits (little-endian either way)                */
    uint32_t Reserved;
    int64_t  Addend;   /* added to the target's address                                         */
} SIM_BUFFER_POINTER;

typedef struct SIM_BUFFER_SPEC {
    uint32_t State;          /* SIM_MEMORY_STATE                                              */
    uint32_t Size;           /* real bytes backing the buffer (0 allowed)                     */
    uint32_t Offset;         /* offset of the buffer from the start of its first page         */
    uint32_t DeclaredLength; /* length passed to the I/O manager (may differ from Size)       */
    const uint8_t *Content;  /* initial bytes, ContentLength <= Size; the rest is FillByte     */
    uint32_t ContentLength;
    uint32_t FillByte;       /* low byte used                                                  */
    const SIM_BUFFER_POINTER *Pointers; /* written over the content before the pages get their
                                           protection; ignored for the NULL and kernel states  */
    uint32_t PointerCount;
    uint32_t Reserved;
} SIM_BUFFER_SPEC;

/* A racer thread that changes a user buffer while the call is in flight. */
typedef enum SIM_RACER_KIND {
    SimRacerNone        = 0,
    SimRacerFlipBytes   = 1, /* XOR bytes [ByteOffset, ByteOffset+Length) with 0xFF, repeatedly */
    SimRacerProtection  = 2, /* toggle the buffer's pages between their state and PROT_NONE     */
} SIM_RACER_KIND;

typedef struct SIM_RACER_SPEC {
    uint32_t Kind;       /* SIM_RACER_KIND                                  */
    uint32_t Target;     /* 0 = input buffer, 1 = output buffer             */
    uint32_t ByteOffset;
    uint32_t Length;
    uint32_t PeriodNs;   /* pause between flips; 0 = as fast as possible    */
    uint32_t Reserved;
} SIM_RACER_SPEC;

typedef struct SIM_CASE {
    uint32_t IoControlCode;
    uint32_t GrantedAccess;  /* FILE_READ_DATA (1) | FILE_WRITE_DATA (2) granted to the handle   */
    SIM_BUFFER_SPEC Input;
    SIM_BUFFER_SPEC Output;
    SIM_RACER_SPEC Racer;
    const char *CaseId;      /* copied into the bugcheck record if the case crashes            */
} SIM_CASE;

/* Result flags. */
#define SIM_RESULT_CANARY_INTACT      0x1u /* kernel canary and secret pages unchanged after the
                                              call (a changed one is restored for the next case) */
#define SIM_RESULT_INPUT_READBACK     0x2u /* InputAfter holds the input bytes after the call  */
#define SIM_RESULT_OUTPUT_READBACK    0x4u /* OutputAfter holds the output bytes after the call*/
#define SIM_RESULT_REACHED_DRIVER     0x8u /* an IRP was built and dispatched                  */
#define SIM_RESULT_INFORMATION_OBSERVED 0x10u /* the caller's IO_STATUS_BLOCK was written: a
                                                 completed IRP with a non-error status; otherwise
                                                 Information is 0 and not observable             */
#define SIM_RESULT_IRP_NOT_COMPLETED  0x20u /* the driver returned without IoCompleteRequest (and
                                               not STATUS_PENDING): nothing was copied back       */
#define SIM_RESULT_ACCESS_TRACED      0x40u /* the dispatch ran with the access trace on and the
                                               driver's instrumentation called in: the trace
                                               (SimAccessTraceRead) is complete evidence; without
                                               it the driver was built without the instrumentation
                                               or tracing was off, and nothing is known           */
#define SIM_RESULT_EDGES_TRACED       0x80u /* the driver's edge-coverage instrumentation called in
                                               during the dispatch (SimEdgeCoverageRead)          */

typedef struct SIM_CASE_RESULT {
    int32_t  Status;           /* NTSTATUS returned to the caller (IoStatus.Status)           */
    uint32_t Flags;            /* SIM_RESULT_*                                                */
    uint64_t Information;      /* IoStatus.Information                                        */
    uint64_t InputAddress;     /* pointer handed to the I/O manager                           */
    uint64_t OutputAddress;
    uint64_t ElapsedNs;        /* wall time of the NtDeviceIoControlFile emulation            */
    uint8_t *InputAfter;       /* caller-provided, capacity InputAfterCapacity (>= Input.Size) */
    uint32_t InputAfterCapacity;
    uint32_t Reserved0;
    uint8_t *OutputAfter;      /* caller-provided, capacity >= Output.Size                     */
    uint32_t OutputAfterCapacity;
    uint32_t Reserved1;
    uint8_t *PointerValues;    /* caller-provided, 8 bytes per pointer of the case (input's, then
                                  output's): the value written for each, little-endian; may be
                                  NULL when the case has no pointers                            */
} SIM_CASE_RESULT;

/* Layout facts the engine needs (kernel canary/secret, poison patterns). */
typedef struct SIM_KERNEL_INFO {
    uint64_t UserRegionStart;
    uint64_t MmUserProbeAddress;    /* end of the user region; >= this is a kernel address   */
    uint64_t KernelCanaryAddress;   /* a page that must never change                         */
    uint64_t KernelSecretAddress;   /* a page whose bytes must never reach a user buffer     */
    uint8_t  KernelSecret[32];      /* the secret's first 32 bytes (the boot's, or random)   */
    uint32_t PoolPoisonByte;        /* every new pool allocation is filled with this byte    */
    uint32_t StackPoisonByte;       /* the dispatch stack is filled with this before a call  */
    uint32_t PageSize;
    uint32_t Reserved;
} SIM_KERNEL_INFO;

/* Bytes of the kernel secret (SIM_KERNEL_INFO.KernelSecret, the boot argument). */
#define SIM_KERNEL_SECRET_BYTES 32u

/*
 * Boot: reserve the user region and the kernel arena, plant canary and secret, install the
 * SEH emulation (after the .NET runtime's handlers, chaining to them). bugcheckFd is a
 * descriptor opened in advance where the bugcheck record is written and fsynced: one
 * BUGCHECK line (module, offset and driver frame of the crash, whether the dispatch routine
 * ran), then one TRACE line per event the driver wrote during the crashing case (the ring
 * record in lowercase hex). secret: SIM_KERNEL_SECRET_BYTES bytes to plant (one secret per
 * run, the same in every boot), or NULL with secretLength 0 for a random one.
 * Returns 0 or a negative errno (-EINVAL for a secret of another length).
 */
SIM_API int SimKernelBoot(int bugcheckFd, const uint8_t *secret, uint32_t secretLength, SIM_KERNEL_INFO *info);

/*
 * Load a WDM driver shared object and call its DriverEntry. registryDword* seed the
 * simulated registry (the driver's Parameters key), e.g. "DefectVariant" = 3.
 * Returns the NTSTATUS of DriverEntry (or STATUS_DLL_NOT_FOUND / STATUS_PROCEDURE_NOT_FOUND).
 */
SIM_API int32_t SimLoadDriver(const char *libraryPath, const char *const *registryNames,
                              const uint32_t *registryValues, uint32_t registryCount);

/* Text of the last load/open failure (which path, which symbol, dlerror()). */
SIM_API const char *SimLastError(void);

/* Call DriverUnload (if any) and forget the device objects. */
SIM_API void SimUnloadDriver(void);

/* Open the first device by name (e.g. "\\Device\\ConformanceSample" or its DosDevices link):
   IRP_MJ_CREATE. Returns STATUS_SUCCESS or STATUS_OBJECT_NAME_NOT_FOUND / the driver's status. */
SIM_API int32_t SimOpenDevice(const char *deviceName);

/* IRP_MJ_CLOSE on the open device. */
SIM_API int32_t SimCloseDevice(void);

/* Run one case end to end. Returns 0, or a negative errno if the host could not set up
   the buffers (never for driver behaviour: that is in result->Status or a bugcheck). */
SIM_API int SimExecuteCase(const SIM_CASE *simCase, SIM_CASE_RESULT *result);

/* One trace event written by the driver (TraceLoggingWrite), serialized:
   u32 TotalSize, u32 FieldCount, u64 Sequence, u64 TimestampNs,
   NUL-terminated provider name, NUL-terminated event name, NUL-terminated case id,
   then FieldCount fields: u8 Type (SIM_TRACE_FIELD_TYPE), NUL-terminated name, value
   (u32/i32: 4 bytes, u64/i64/pointer: 8 bytes, string: NUL-terminated UTF-8). */
typedef enum SIM_TRACE_FIELD_TYPE {
    SimTraceUInt32 = 1, SimTraceInt32 = 2, SimTraceUInt64 = 3, SimTraceInt64 = 4,
    SimTraceHexUInt32 = 5, SimTraceNtStatus = 6, SimTracePointer = 7, SimTraceString = 8,
} SIM_TRACE_FIELD_TYPE;

/* Copy whole events out of the native ring into buffer. Returns bytes written; 0 means the ring is
   empty or the next event is larger than capacity (events are at most 4 KiB: pass at least that). */
SIM_API uint32_t SimTraceDrain(uint8_t *buffer, uint32_t capacity);

/* Events dropped because the ring was full since boot. */
SIM_API uint64_t SimTraceLostCount(void);

/* One touch (or a run of adjacent touches by the same code) of a user address by the driver's own
   code during the dispatch of the last case: what a driver built with the access instrumentation
   (-fsanitize=kernel-address, call threshold 0) loaded or stored, and the ranges its memcpy,
   memmove and memset (RtlCopyMemory, RtlZeroMemory, ...) covered. */
#define SIM_ACCESS_WRITE          0x1u /* a store; otherwise a load                              */
#define SIM_ACCESS_IN_TRY         0x2u /* inside a live __try of the driver                      */
#define SIM_ACCESS_PROBED         0x4u /* covered by a ProbeForRead/ProbeForWrite of this call
                                          (a write only by ProbeForWrite)                        */
#define SIM_ACCESS_DRIVER_OFFSET  0x8u /* ReturnAddress is an offset into the driver's module    */
#define SIM_ACCESS_TRACE_CAPACITY 4096u

typedef struct SIM_ACCESS_RECORD {
    uint64_t Address;
    uint64_t ReturnAddress; /* the touching code's return address (driver offset with the flag) */
    uint32_t Size;
    uint32_t Flags;         /* SIM_ACCESS_*                                                      */
} SIM_ACCESS_RECORD;

/* Copy the last case's access trace (in order) into records. Returns the records copied;
   *dropped gets the touches that did not fit (the native trace or capacity). */
SIM_API uint32_t SimAccessTraceRead(SIM_ACCESS_RECORD *records, uint32_t capacity, uint64_t *dropped);

/* Tracing is on by default; 0 turns recording off (the instrumented driver still calls in). */
SIM_API void SimAccessTraceSetEnabled(int enabled);

/* The fuzzer's mode: no syscall per case in the common case. keep = 1: a user buffer of up to 16 KiB is
   placed in a slot that stays mapped from case to case and is refilled in place, its protection changed
   only when its state asks for it (same pages, same no-access page after it, same contents as a fresh
   buffer: usermem.c); and a freed pool allocation stays mapped, poisoned, and is handed to the next
   allocation of the same size (a use after free then reads poison instead of faulting: pool.c).
   keep = 0 (the default) maps and unmaps everything per case. */
SIM_API void SimKeepMappings(int keep);

/* Edge coverage of the driver's own code during the dispatch of the last case (a driver built with
   -fsanitize-coverage=trace-pc, edge-coverage.mk): an edge is a (previous block, block) pair hashed
   into a map of SIM_EDGE_MAP_SIZE slots, blocks named by their offset in the driver's module. */
#define SIM_EDGE_MAP_SIZE 65536u

/* *edgeCount: distinct edge slots the last dispatch hit; *signature: a hash of that set (the same
   set gives the same value, whatever the order or the counts). Either may be NULL. Returns 1 when
   the driver's instrumentation called in, 0 when the driver is not instrumented (both are then 0). */
SIM_API int SimEdgeCoverageRead(uint32_t *edgeCount, uint64_t *signature);

/* The slots the last dispatch hit, in first-hit order, and their saturating hit counts (hits may be
   NULL). Returns the number copied (at most capacity). */
SIM_API uint32_t SimEdgeCoverageEdges(uint16_t *slots, uint8_t *hits, uint32_t capacity);

/* A coverage build of the driver (docs/coverage.md): whether the loaded driver is one, and writing its
   gcov counters into the build's .gcda files (summed with what is there) and zeroing them. The host
   calls SimCoverageFlush after every case; it does nothing for an ordinary build. */
SIM_API int SimCoverageEnabled(void);
SIM_API void SimCoverageFlush(void);

#ifdef __cplusplus
}
#endif
#endif
