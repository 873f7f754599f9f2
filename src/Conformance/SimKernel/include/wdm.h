/*
 * wdm.h - the WDM subset the simulated kernel supports, with the DDK's own names and signatures.
 *
 * An ordinary WDM IOCTL driver that keeps to this subset compiles unmodified against it (see
 * src/Conformance/SimKernel/README.md for the list and the build command). Structures keep the
 * DDK field names drivers use; fields drivers never touch are left out.
 */
#ifndef SIM_WDM_H
#define SIM_WDM_H

#include "ntdef.h"
#include "excpt.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Processor modes, IRQL --------------------------------------------------------------- */
typedef enum _MODE { KernelMode, UserMode, MaximumMode } MODE;

#define PASSIVE_LEVEL  0
#define LOW_LEVEL      0
#define APC_LEVEL      1
#define DISPATCH_LEVEL 2
#define HIGH_LEVEL     15

KIRQL KeGetCurrentIrql(void);
KPROCESSOR_MODE ExGetPreviousMode(void);
#define PAGED_CODE()        ((void)0)
#define PAGED_CODE_LOCKED() ((void)0)
#define NT_ASSERT(e)        ((void)0)
#define ASSERT(e)           ((void)0)

/* ---- Access rights and CTL_CODE ---------------------------------------------------------- */
#define FILE_READ_DATA      0x0001
#define FILE_WRITE_DATA     0x0002
#define FILE_APPEND_DATA    0x0004
#define GENERIC_READ        0x80000000u
#define GENERIC_WRITE       0x40000000u
#define GENERIC_ALL         0x10000000u
#define SYNCHRONIZE         0x00100000u

#define METHOD_BUFFERED   0
#define METHOD_IN_DIRECT  1
#define METHOD_OUT_DIRECT 2
#define METHOD_NEITHER    3
#define METHOD_DIRECT_TO_HARDWARE METHOD_IN_DIRECT
#define METHOD_DIRECT_FROM_HARDWARE METHOD_OUT_DIRECT

#define FILE_ANY_ACCESS     0
#define FILE_SPECIAL_ACCESS FILE_ANY_ACCESS
#define FILE_READ_ACCESS    0x0001
#define FILE_WRITE_ACCESS   0x0002

#define CTL_CODE(DeviceType, Function, Method, Access) \
    (((ULONG)(DeviceType) << 16) | ((ULONG)(Access) << 14) | ((ULONG)(Function) << 2) | (ULONG)(Method))
#define DEVICE_TYPE_FROM_CTL_CODE(ctrlCode) (((ULONG)(ctrlCode) & 0xffff0000) >> 16)
#define METHOD_FROM_CTL_CODE(ctrlCode)      ((ULONG)((ctrlCode) & 3))

typedef ULONG DEVICE_TYPE;
#define FILE_DEVICE_UNKNOWN 0x00000022

/* Device characteristics and flags */
#define FILE_DEVICE_SECURE_OPEN      0x00000100
#define FILE_REMOVABLE_MEDIA         0x00000001
#define DO_BUFFERED_IO               0x00000004
#define DO_EXCLUSIVE                 0x00000008
#define DO_DIRECT_IO                 0x00000010
#define DO_DEVICE_INITIALIZING       0x00000080
#define DO_POWER_PAGABLE             0x00002000

/* ---- Major functions ---------------------------------------------------------------------- */
#define IRP_MJ_CREATE                   0x00
#define IRP_MJ_CREATE_NAMED_PIPE        0x01
#define IRP_MJ_CLOSE                    0x02
#define IRP_MJ_READ                     0x03
#define IRP_MJ_WRITE                    0x04
#define IRP_MJ_QUERY_INFORMATION        0x05
#define IRP_MJ_SET_INFORMATION          0x06
#define IRP_MJ_FLUSH_BUFFERS            0x09
#define IRP_MJ_FILE_SYSTEM_CONTROL      0x0d
#define IRP_MJ_DEVICE_CONTROL           0x0e
#define IRP_MJ_INTERNAL_DEVICE_CONTROL  0x0f
#define IRP_MJ_SHUTDOWN                 0x10
#define IRP_MJ_CLEANUP                  0x12
#define IRP_MJ_POWER                    0x16
#define IRP_MJ_SYSTEM_CONTROL           0x17
#define IRP_MJ_PNP                      0x1b
#define IRP_MJ_MAXIMUM_FUNCTION         0x1b

#define IO_NO_INCREMENT 0

/* IRP flags the I/O manager sets (reference B2). */
#define IRP_BUFFERED_IO       0x00000010
#define IRP_DEALLOCATE_BUFFER 0x00000020
#define IRP_INPUT_OPERATION   0x00000040

/* ---- Forward declarations ----------------------------------------------------------------- */
struct _DEVICE_OBJECT;
struct _DRIVER_OBJECT;
struct _IRP;
struct _FILE_OBJECT;
typedef struct _DEVICE_OBJECT *PDEVICE_OBJECT;
typedef struct _DRIVER_OBJECT *PDRIVER_OBJECT;
typedef struct _IRP *PIRP;
typedef struct _FILE_OBJECT *PFILE_OBJECT;

/* ---- MDL ----------------------------------------------------------------------------------- */
typedef struct _MDL {
    struct _MDL *Next;
    CSHORT Size;
    CSHORT MdlFlags;
    PVOID Process;
    PVOID MappedSystemVa;
    PVOID StartVa;        /* page-aligned start of the described range */
    ULONG ByteCount;
    ULONG ByteOffset;     /* offset of the range in its first page */
} MDL, *PMDL;

#define MDL_MAPPED_TO_SYSTEM_VA  0x0001
#define MDL_PAGES_LOCKED         0x0002
#define MDL_SOURCE_IS_NONPAGED_POOL 0x0004
#define MDL_PARTIAL              0x0010
#define MDL_IO_SPACE             0x0800
#define MDL_MAPPING_CAN_FAIL     0x2000

typedef enum _LOCK_OPERATION { IoReadAccess, IoWriteAccess, IoModifyAccess } LOCK_OPERATION;

typedef enum _MM_PAGE_PRIORITY {
    LowPagePriority = 0,
    NormalPagePriority = 16,
    HighPagePriority = 32
} MM_PAGE_PRIORITY;
#define MdlMappingNoWrite   0x80000000u
#define MdlMappingNoExecute 0x40000000u

#define MmGetMdlByteCount(Mdl)      ((Mdl)->ByteCount)
#define MmGetMdlByteOffset(Mdl)     ((Mdl)->ByteOffset)
#define MmGetMdlVirtualAddress(Mdl) ((PVOID)((PCHAR)((Mdl)->StartVa) + (Mdl)->ByteOffset))

PMDL IoAllocateMdl(_In_opt_ PVOID VirtualAddress, _In_ ULONG Length, _In_ BOOLEAN SecondaryBuffer,
                   _In_ BOOLEAN ChargeQuota, _Inout_opt_ PIRP Irp);
VOID IoFreeMdl(_In_ PMDL Mdl);
VOID MmProbeAndLockPages(_Inout_ PMDL MemoryDescriptorList, _In_ KPROCESSOR_MODE AccessMode,
                         _In_ LOCK_OPERATION Operation);
VOID MmUnlockPages(_Inout_ PMDL MemoryDescriptorList);
VOID MmBuildMdlForNonPagedPool(_Inout_ PMDL MemoryDescriptorList);
/* On Windows this is an inline that reads Mdl->MdlFlags first: a NULL MDL faults at a small address. */
PVOID MmGetSystemAddressForMdlSafe(_In_ PMDL Mdl, _In_ ULONG Priority);

/* ---- Pool ---------------------------------------------------------------------------------- */
/* Every value the DDK declares, with its number (learn.microsoft.com, ddi/wdm/ne-wdm-_pool_type).
   Special pool backs them all alike here: paged, nonpaged, session and NX pool behave the same. */
typedef enum _POOL_TYPE {
    NonPagedPool = 0,
    NonPagedPoolExecute = 0,
    PagedPool = 1,
    NonPagedPoolMustSucceed = 2,
    DontUseThisType = 3,
    NonPagedPoolCacheAligned = 4,
    PagedPoolCacheAligned = 5,
    NonPagedPoolCacheAlignedMustS = 6,
    MaxPoolType = 7,
    NonPagedPoolBase = 0,
    NonPagedPoolBaseMustSucceed = 2,
    NonPagedPoolBaseCacheAligned = 4,
    NonPagedPoolBaseCacheAlignedMustS = 6,
    NonPagedPoolSession = 32,
    PagedPoolSession = 33,
    NonPagedPoolMustSucceedSession = 34,
    DontUseThisTypeSession = 35,
    NonPagedPoolCacheAlignedSession = 36,
    PagedPoolCacheAlignedSession = 37,
    NonPagedPoolCacheAlignedMustSSession = 38,
    NonPagedPoolNx = 512,
    NonPagedPoolNxCacheAligned = 516,
    NonPagedPoolSessionNx = 544
} POOL_TYPE;

typedef ULONG64 POOL_FLAGS;
#define POOL_FLAG_REQUIRED_START       0x0000000000000001ULL
#define POOL_FLAG_USE_QUOTA            0x0000000000000001ULL
#define POOL_FLAG_UNINITIALIZED        0x0000000000000002ULL
#define POOL_FLAG_SESSION              0x0000000000000004ULL
#define POOL_FLAG_CACHE_ALIGNED        0x0000000000000008ULL
#define POOL_FLAG_RAISE_ON_FAILURE     0x0000000000000020ULL
#define POOL_FLAG_NON_PAGED            0x0000000000000040ULL
#define POOL_FLAG_NON_PAGED_EXECUTE    0x0000000000000080ULL
#define POOL_FLAG_PAGED                0x0000000000000100ULL

/* Special pool is always on: each allocation ends against a no-access guard page, freed memory
   becomes no-access and is not reused at once, and ExAllocatePoolWithTag / POOL_FLAG_UNINITIALIZED
   memory is filled with the pool poison byte. ExAllocatePool2 zeroes unless told not to. */
PVOID ExAllocatePool2(_In_ POOL_FLAGS Flags, _In_ SIZE_T NumberOfBytes, _In_ ULONG Tag);
PVOID ExAllocatePoolWithTag(_In_ POOL_TYPE PoolType, _In_ SIZE_T NumberOfBytes, _In_ ULONG Tag);
PVOID ExAllocatePool(_In_ POOL_TYPE PoolType, _In_ SIZE_T NumberOfBytes);
PVOID ExAllocatePoolZero(_In_ POOL_TYPE PoolType, _In_ SIZE_T NumberOfBytes, _In_ ULONG Tag);
VOID ExFreePoolWithTag(_In_ PVOID P, _In_ ULONG Tag);
VOID ExFreePool(_In_ PVOID P);

/* ---- Exceptions and probes ---------------------------------------------------------------- */
__attribute__((noreturn)) VOID ExRaiseStatus(_In_ NTSTATUS Status);
__attribute__((noreturn)) VOID ExRaiseAccessViolation(void);
__attribute__((noreturn)) VOID ExRaiseDatatypeMisalignment(void);
VOID ProbeForRead(_In_ const volatile VOID *Address, _In_ SIZE_T Length, _In_ ULONG Alignment);
VOID ProbeForWrite(_Inout_ volatile VOID *Address, _In_ SIZE_T Length, _In_ ULONG Alignment);
extern ULONG_PTR MmUserProbeAddress;
#define MM_USER_PROBE_ADDRESS MmUserProbeAddress

/* ---- Memory and strings ------------------------------------------------------------------- */
#define RtlCopyMemory(Destination, Source, Length) memcpy((Destination), (Source), (Length))
#define RtlCopyBytes RtlCopyMemory
#define RtlMoveMemory(Destination, Source, Length) memmove((Destination), (Source), (Length))
#define RtlFillMemory(Destination, Length, Fill) memset((Destination), (Fill), (Length))
#define RtlZeroMemory(Destination, Length) memset((Destination), 0, (Length))
#define RtlSecureZeroMemory(Destination, Length) memset((Destination), 0, (Length))
#define RtlEqualMemory(Destination, Source, Length) (!memcmp((Destination), (Source), (Length)))

/* The driver's memcpy family is the kernel's: forward copies (ascending addresses, so a copy that
   runs too long writes past its destination before it faults at the end of its source), never
   glibc's, which may read the tail first (copy.c). A driver built with the access instrumentation
   (-fsanitize=kernel-address) gets the versions that also put the ranges they touch in the access
   trace. <string.h> is already in (ntdef.h), so these macros cannot rewrite its declarations; the
   shim's own sources keep libc's. */
#if !defined(SIMKERNEL_INTERNAL_H)
#if defined(__SANITIZE_ADDRESS__)
void *SimDriverMemcpy(void *Destination, const void *Source, size_t Length);
void *SimDriverMemmove(void *Destination, const void *Source, size_t Length);
void *SimDriverMemset(void *Destination, int Value, size_t Length);
#define memcpy(Destination, Source, Length) SimDriverMemcpy((Destination), (Source), (Length))
#define memmove(Destination, Source, Length) SimDriverMemmove((Destination), (Source), (Length))
#define memset(Destination, Value, Length) SimDriverMemset((Destination), (Value), (Length))
#else
void *SimKernelMemcpy(void *Destination, const void *Source, size_t Length);
void *SimKernelMemmove(void *Destination, const void *Source, size_t Length);
void *SimKernelMemset(void *Destination, int Value, size_t Length);
#define memcpy(Destination, Source, Length) SimKernelMemcpy((Destination), (Source), (Length))
#define memmove(Destination, Source, Length) SimKernelMemmove((Destination), (Source), (Length))
#define memset(Destination, Value, Length) SimKernelMemset((Destination), (Value), (Length))
#endif

/* /GS (kernel-hardening.mk): a driver built with a stack protector gets its own hidden
   __stack_chk_fail, as the WDK links its /GS failure code into each driver. Without it the call
   would bind to glibc's, which aborts the host (exit 134, no bugcheck record). Weak: every source
   file of the driver defines it and the link keeps one. */
#if defined(__SSP__) || defined(__SSP_STRONG__) || defined(__SSP_ALL__) || defined(__SSP_EXPLICIT__)
__attribute__((noreturn)) void SimReportGsFailure(void *FailingFunctionReturn);
__attribute__((weak, visibility("hidden"), noreturn, no_stack_protector)) void __stack_chk_fail(void)
{
    SimReportGsFailure(__builtin_return_address(0));
}
#endif
#endif
SIZE_T RtlCompareMemory(_In_ const VOID *Source1, _In_ const VOID *Source2, _In_ SIZE_T Length);

VOID RtlInitUnicodeString(_Out_ PUNICODE_STRING DestinationString, _In_opt_ PCWSTR SourceString);
BOOLEAN RtlEqualUnicodeString(_In_ PCUNICODE_STRING String1, _In_ PCUNICODE_STRING String2,
                              _In_ BOOLEAN CaseInSensitive);
#define RTL_CONSTANT_STRING(s) { (USHORT)(sizeof(s) - sizeof((s)[0])), (USHORT)sizeof(s), (PWCHAR)(s) }
#define DECLARE_CONST_UNICODE_STRING(name, s) const UNICODE_STRING name = RTL_CONSTANT_STRING(s)

/* ---- Debug output ------------------------------------------------------------------------- */
/* A function, not a macro, so DbgPrint("text") with no further arguments compiles.
   Output goes to stderr only when SIMKERNEL_DBGPRINT=1 (it is slow and noisy). */
ULONG DbgPrint(_In_z_ PCSTR Format, ...);
ULONG DbgPrintEx(_In_ ULONG ComponentId, _In_ ULONG Level, _In_z_ PCSTR Format, ...);
/* KdPrint/KdPrintEx print only in a debug (DBG) build, as in the WDK: "identical to the DbgPrint
   routine in code that is compiled for a debug configuration ... no effect if compiled for a release
   configuration" (learn.microsoft.com, ddi/wdm/nf-wdm-kdprint and nf-wdm-kdprintex). A release build
   drops the arguments unevaluated, so a debug dump over a short buffer is no crash there. DBG is
   undefined (0) unless the build defines it; ((void)0) rather than nothing keeps
   `if (x) KdPrint((...));` free of empty-body warnings. */
#if DBG
#define KdPrint(_x_) DbgPrint _x_
#define KdPrintEx(_x_) DbgPrintEx _x_
#define KdBreakPoint() DbgBreakPoint()
#else
#define KdPrint(_x_) ((void)0)
#define KdPrintEx(_x_) ((void)0)
#define KdBreakPoint() ((void)0)
#endif
#define DPFLTR_IHVDRIVER_ID 77
#define DPFLTR_ERROR_LEVEL 0
#define DPFLTR_WARNING_LEVEL 1
#define DPFLTR_TRACE_LEVEL 2
#define DPFLTR_INFO_LEVEL 3
/* The MSVC intrinsic and the kernel's routine: a breakpoint exception (STATUS_BREAKPOINT) at the
   call site; with no kernel debugger attached an unhandled one is a bugcheck (docs: kernel/handling-exceptions). */
#define __debugbreak() __asm__ volatile("int3")
static inline VOID DbgBreakPoint(void) { __debugbreak(); }
VOID KeBugCheckEx(_In_ ULONG BugCheckCode, _In_ ULONG_PTR P1, _In_ ULONG_PTR P2, _In_ ULONG_PTR P3,
                  _In_ ULONG_PTR P4) __attribute__((noreturn));

/* ---- Interlocked -------------------------------------------------------------------------- */
#define InterlockedIncrement(p)             __atomic_add_fetch((p), 1, __ATOMIC_SEQ_CST)
#define InterlockedDecrement(p)             __atomic_sub_fetch((p), 1, __ATOMIC_SEQ_CST)
#define InterlockedExchange(p, v)           __atomic_exchange_n((p), (v), __ATOMIC_SEQ_CST)
#define InterlockedExchangeAdd(p, v)        __atomic_fetch_add((p), (v), __ATOMIC_SEQ_CST)
#define InterlockedCompareExchange(p, x, c) __sync_val_compare_and_swap((p), (c), (x))

/* ---- Spin locks and fast mutexes --------------------------------------------------------- */
/* The DDK's types and routines (sync.c cites each page). The simulator dispatches one request at a
   time, so a lock is only ever contended by a driver that takes it twice: that spins for ever, as it
   would on one processor at DISPATCH_LEVEL (a HANG). IRQL is not modelled: KeGetCurrentIrql stays
   PASSIVE_LEVEL while a lock is held, and the old IRQL handed back is PASSIVE_LEVEL. */
typedef ULONG_PTR KSPIN_LOCK;
typedef KSPIN_LOCK *PKSPIN_LOCK;

VOID KeInitializeSpinLock(_Out_ PKSPIN_LOCK SpinLock);
KIRQL KeAcquireSpinLockRaiseToDpc(_Inout_ PKSPIN_LOCK SpinLock);
VOID KeReleaseSpinLock(_Inout_ PKSPIN_LOCK SpinLock, _In_ KIRQL NewIrql);
VOID KeAcquireSpinLockAtDpcLevel(_Inout_ PKSPIN_LOCK SpinLock);
VOID KeReleaseSpinLockFromDpcLevel(_Inout_ PKSPIN_LOCK SpinLock);
/* x64 wdm.h: KeAcquireSpinLock is a macro over KeAcquireSpinLockRaiseToDpc. */
#define KeAcquireSpinLock(SpinLock, OldIrql) (*(OldIrql) = KeAcquireSpinLockRaiseToDpc(SpinLock))

typedef struct _FAST_MUTEX {
    volatile LONG Count;   /* 1 free, 0 owned (FM_LOCK_BIT as the DDK's inline sets it) */
    PVOID Owner;
    ULONG Contention;
    ULONG OldIrql;
} FAST_MUTEX, *PFAST_MUTEX;

VOID ExInitializeFastMutex(_Out_ PFAST_MUTEX FastMutex);
VOID ExAcquireFastMutex(_Inout_ PFAST_MUTEX FastMutex);
VOID ExReleaseFastMutex(_Inout_ PFAST_MUTEX FastMutex);
BOOLEAN ExTryToAcquireFastMutex(_Inout_ PFAST_MUTEX FastMutex);
#define ExAcquireFastMutexUnsafe ExAcquireFastMutex
#define ExReleaseFastMutexUnsafe ExReleaseFastMutex

/* ---- I/O status, stack location, IRP ------------------------------------------------------ */
typedef struct _IO_STATUS_BLOCK {
    union {
        NTSTATUS Status;
        PVOID Pointer;
    };
    ULONG_PTR Information;
} IO_STATUS_BLOCK, *PIO_STATUS_BLOCK;

typedef struct _IO_STACK_LOCATION {
    UCHAR MajorFunction;
    UCHAR MinorFunction;
    UCHAR Flags;
    UCHAR Control;
    union {
        struct {
            PVOID SecurityContext;
            ULONG Options;
            USHORT FileAttributes;
            USHORT ShareAccess;
            ULONG EaLength;
        } Create;
        struct {
            ULONG Length;
            ULONG Key;
            LARGE_INTEGER ByteOffset;
        } Read;
        struct {
            ULONG Length;
            ULONG Key;
            LARGE_INTEGER ByteOffset;
        } Write;
        struct {
            ULONG OutputBufferLength;
            ULONG POINTER_ALIGNMENT InputBufferLength;
            ULONG POINTER_ALIGNMENT IoControlCode;
            PVOID Type3InputBuffer;
        } DeviceIoControl;
        struct {
            PVOID Argument1;
            PVOID Argument2;
            PVOID Argument3;
            PVOID Argument4;
        } Others;
    } Parameters;
    PDEVICE_OBJECT DeviceObject;
    PFILE_OBJECT FileObject;
    PVOID CompletionRoutine;
    PVOID Context;
} IO_STACK_LOCATION, *PIO_STACK_LOCATION;

typedef struct _FILE_OBJECT {
    CSHORT Type;
    CSHORT Size;
    PDEVICE_OBJECT DeviceObject;
    PVOID FsContext;
    PVOID FsContext2;
    ACCESS_MASK GrantedAccess; /* simulator: what the handle was opened with */
} FILE_OBJECT;

typedef struct _IRP {
    CSHORT Type;
    USHORT Size;
    PMDL MdlAddress;
    ULONG Flags;
    union {
        struct _IRP *MasterIrp;
        LONG IrpCount;
        PVOID SystemBuffer;
    } AssociatedIrp;
    LIST_ENTRY ThreadListEntry;
    IO_STATUS_BLOCK IoStatus;
    KPROCESSOR_MODE RequestorMode;
    BOOLEAN PendingReturned;
    CHAR StackCount;
    CHAR CurrentLocation;
    BOOLEAN Cancel;
    KIRQL CancelIrql;
    PIO_STATUS_BLOCK UserIosb;
    PVOID UserBuffer;
    union {
        struct {
            PVOID DriverContext[4];
            PVOID Thread;
            LIST_ENTRY ListEntry;
            PIO_STACK_LOCATION CurrentStackLocation;
            PFILE_OBJECT OriginalFileObject;
        } Overlay;
    } Tail;
} IRP;

FORCEINLINE PIO_STACK_LOCATION IoGetCurrentIrpStackLocation(_In_ PIRP Irp)
{
    return Irp->Tail.Overlay.CurrentStackLocation;
}
VOID IofCompleteRequest(_In_ PIRP Irp, _In_ CCHAR PriorityBoost);
#define IoCompleteRequest(Irp, Boost) IofCompleteRequest((Irp), (Boost))
#define IoMarkIrpPending(Irp) ((void)(Irp))

/* ---- Driver and device objects ------------------------------------------------------------ */
typedef NTSTATUS DRIVER_INITIALIZE(_In_ struct _DRIVER_OBJECT *DriverObject, _In_ PUNICODE_STRING RegistryPath);
typedef DRIVER_INITIALIZE *PDRIVER_INITIALIZE;
typedef NTSTATUS DRIVER_DISPATCH(_In_ struct _DEVICE_OBJECT *DeviceObject, _Inout_ struct _IRP *Irp);
typedef DRIVER_DISPATCH *PDRIVER_DISPATCH;
typedef DRIVER_DISPATCH DRIVER_DISPATCH_RAISED;
typedef DRIVER_DISPATCH DRIVER_DISPATCH_PAGED;
typedef VOID DRIVER_UNLOAD(_In_ struct _DRIVER_OBJECT *DriverObject);
typedef DRIVER_UNLOAD *PDRIVER_UNLOAD;
typedef VOID DRIVER_STARTIO(_Inout_ struct _DEVICE_OBJECT *DeviceObject, _Inout_ struct _IRP *Irp);
typedef DRIVER_STARTIO *PDRIVER_STARTIO;
typedef NTSTATUS DRIVER_ADD_DEVICE(_In_ struct _DRIVER_OBJECT *DriverObject, _In_ struct _DEVICE_OBJECT *Pdo);
typedef DRIVER_ADD_DEVICE *PDRIVER_ADD_DEVICE;

typedef struct _DRIVER_EXTENSION {
    struct _DRIVER_OBJECT *DriverObject;
    PDRIVER_ADD_DEVICE AddDevice;
    ULONG Count;
    UNICODE_STRING ServiceKeyName;
} DRIVER_EXTENSION, *PDRIVER_EXTENSION;

typedef struct _DRIVER_OBJECT {
    CSHORT Type;
    CSHORT Size;
    PDEVICE_OBJECT DeviceObject;
    ULONG Flags;
    PVOID DriverStart;
    ULONG DriverSize;
    PVOID DriverSection;
    PDRIVER_EXTENSION DriverExtension;
    UNICODE_STRING DriverName;
    PUNICODE_STRING HardwareDatabase;
    PVOID FastIoDispatch;
    PDRIVER_INITIALIZE DriverInit;
    PDRIVER_STARTIO DriverStartIo;
    PDRIVER_UNLOAD DriverUnload;
    PDRIVER_DISPATCH MajorFunction[IRP_MJ_MAXIMUM_FUNCTION + 1];
} DRIVER_OBJECT;

typedef struct _DEVICE_OBJECT {
    CSHORT Type;
    USHORT Size;
    LONG ReferenceCount;
    struct _DRIVER_OBJECT *DriverObject;
    struct _DEVICE_OBJECT *NextDevice;
    struct _DEVICE_OBJECT *AttachedDevice;
    struct _IRP *CurrentIrp;
    ULONG Flags;
    ULONG Characteristics;
    PVOID DeviceExtension;
    DEVICE_TYPE DeviceType;
    CCHAR StackSize;
    ULONG AlignmentRequirement;
} DEVICE_OBJECT;

NTSTATUS IoCreateDevice(_In_ PDRIVER_OBJECT DriverObject, _In_ ULONG DeviceExtensionSize,
                        _In_opt_ PUNICODE_STRING DeviceName, _In_ DEVICE_TYPE DeviceType,
                        _In_ ULONG DeviceCharacteristics, _In_ BOOLEAN Exclusive,
                        _Out_ PDEVICE_OBJECT *DeviceObject);
VOID IoDeleteDevice(_In_ PDEVICE_OBJECT DeviceObject);
NTSTATUS IoCreateSymbolicLink(_In_ PUNICODE_STRING SymbolicLinkName, _In_ PUNICODE_STRING DeviceName);
NTSTATUS IoDeleteSymbolicLink(_In_ PUNICODE_STRING SymbolicLinkName);
NTSTATUS IoValidateDeviceIoControlAccess(_In_ PIRP Irp, _In_ ULONG RequiredAccess);
#define IoGetRequestorMode(Irp) ((Irp)->RequestorMode)

/* ---- Registry ----------------------------------------------------------------------------- */
#define REG_NONE  0
#define REG_SZ    1
#define REG_BINARY 3
#define REG_DWORD 4

#define RTL_REGISTRY_ABSOLUTE     0
#define RTL_REGISTRY_SERVICES     1
#define RTL_REGISTRY_CONTROL      2
#define RTL_REGISTRY_OPTIONAL     0x80000000u

#define RTL_QUERY_REGISTRY_SUBKEY     0x00000001
#define RTL_QUERY_REGISTRY_TOPKEY     0x00000002
#define RTL_QUERY_REGISTRY_REQUIRED   0x00000004
#define RTL_QUERY_REGISTRY_NOVALUE    0x00000008
#define RTL_QUERY_REGISTRY_NOEXPAND   0x00000010
#define RTL_QUERY_REGISTRY_DIRECT     0x00000020
#define RTL_QUERY_REGISTRY_DELETE     0x00000040
#define RTL_QUERY_REGISTRY_TYPECHECK  0x00000100
#define RTL_QUERY_REGISTRY_TYPECHECK_SHIFT 24

typedef NTSTATUS RTL_QUERY_REGISTRY_ROUTINE(_In_z_ PWSTR ValueName, _In_ ULONG ValueType,
                                            _In_ PVOID ValueData, _In_ ULONG ValueLength,
                                            _In_opt_ PVOID Context, _In_opt_ PVOID EntryContext);
typedef RTL_QUERY_REGISTRY_ROUTINE *PRTL_QUERY_REGISTRY_ROUTINE;

typedef struct _RTL_QUERY_REGISTRY_TABLE {
    PRTL_QUERY_REGISTRY_ROUTINE QueryRoutine;
    ULONG Flags;
    PWSTR Name;
    PVOID EntryContext;
    ULONG DefaultType;
    PVOID DefaultData;
    ULONG DefaultLength;
} RTL_QUERY_REGISTRY_TABLE, *PRTL_QUERY_REGISTRY_TABLE;

/* Simulator: values come from SimHost's --registry options, whatever the path (one driver per host). */
NTSTATUS RtlQueryRegistryValues(_In_ ULONG RelativeTo, _In_ PCWSTR Path,
                                _Inout_ PRTL_QUERY_REGISTRY_TABLE QueryTable, _In_opt_ PVOID Context,
                                _In_opt_ PVOID Environment);

#include "wdm_files.h"

#ifdef __cplusplus
}
#endif
#endif
