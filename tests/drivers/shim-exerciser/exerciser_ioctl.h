/*
 * exerciser_ioctl.h - control codes of the shim exerciser, a test-only WDM driver whose IOCTLs
 * each exercise one rule of the simulated kernel so tests can observe it from the outside.
 * Parameters travel in the input buffer as EXERCISER_PARAMETERS; the target of a probe or touch
 * is the output buffer (UserBuffer / the MDL), so tests choose its memory state freely.
 */
#ifndef EXERCISER_IOCTL_H
#define EXERCISER_IOCTL_H

#define EXERCISER_DEVICE_TYPE 0x8C02

#define IOCTL_EX_PROBE_READ_OUTPUT   CTL_CODE(EXERCISER_DEVICE_TYPE, 0x900, METHOD_NEITHER, FILE_ANY_ACCESS)
#define IOCTL_EX_PROBE_WRITE_OUTPUT  CTL_CODE(EXERCISER_DEVICE_TYPE, 0x901, METHOD_NEITHER, FILE_ANY_ACCESS)
#define IOCTL_EX_TOUCH_INSIDE_TRY    CTL_CODE(EXERCISER_DEVICE_TYPE, 0x902, METHOD_NEITHER, FILE_ANY_ACCESS)
#define IOCTL_EX_TOUCH_OUTSIDE_TRY   CTL_CODE(EXERCISER_DEVICE_TYPE, 0x903, METHOD_NEITHER, FILE_ANY_ACCESS)
#define IOCTL_EX_LEAVE_TRY_THEN_FAULT CTL_CODE(EXERCISER_DEVICE_TYPE, 0x904, METHOD_NEITHER, FILE_ANY_ACCESS)
#define IOCTL_EX_POOL_OVERRUN        CTL_CODE(EXERCISER_DEVICE_TYPE, 0x906, METHOD_NEITHER, FILE_ANY_ACCESS)
#define IOCTL_EX_POOL_USE_AFTER_FREE CTL_CODE(EXERCISER_DEVICE_TYPE, 0x907, METHOD_NEITHER, FILE_ANY_ACCESS)
#define IOCTL_EX_POOL_CHURN          CTL_CODE(EXERCISER_DEVICE_TYPE, 0x909, METHOD_NEITHER, FILE_ANY_ACCESS)
#define IOCTL_EX_STACK_UNINITIALIZED CTL_CODE(EXERCISER_DEVICE_TYPE, 0x908, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_EX_IRP_VIEW_BUFFERED   CTL_CODE(EXERCISER_DEVICE_TYPE, 0x910, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_EX_IRP_VIEW_IN_DIRECT  CTL_CODE(EXERCISER_DEVICE_TYPE, 0x911, METHOD_IN_DIRECT, FILE_ANY_ACCESS)
#define IOCTL_EX_IRP_VIEW_OUT_DIRECT CTL_CODE(EXERCISER_DEVICE_TYPE, 0x912, METHOD_OUT_DIRECT, FILE_ANY_ACCESS)
#define IOCTL_EX_IRP_VIEW_NEITHER    CTL_CODE(EXERCISER_DEVICE_TYPE, 0x913, METHOD_NEITHER, FILE_ANY_ACCESS)
#define IOCTL_EX_IRP_VIEW_WRITE_ACCESS CTL_CODE(EXERCISER_DEVICE_TYPE, 0x914, METHOD_BUFFERED, FILE_WRITE_ACCESS)
/* Probes the output with a 64-bit length (Value), or up to MmUserProbeAddress + LimitDelta. */
#define IOCTL_EX_PROBE_RANGE         CTL_CODE(EXERCISER_DEVICE_TYPE, 0x905, METHOD_NEITHER, FILE_ANY_ACCESS)
#define IOCTL_EX_IRP_VIEW_READ_ACCESS CTL_CODE(EXERCISER_DEVICE_TYPE, 0x915, METHOD_BUFFERED, FILE_READ_ACCESS)
/* IoValidateDeviceIoControlAccess(Irp, Mode): its status is the call's. */
#define IOCTL_EX_VALIDATE_ACCESS     CTL_CODE(EXERCISER_DEVICE_TYPE, 0x916, METHOD_BUFFERED, FILE_ANY_ACCESS)
/* Fills the output, sets Information and Status, and returns without IoCompleteRequest. */
#define IOCTL_EX_RETURN_WITHOUT_COMPLETING CTL_CODE(EXERCISER_DEVICE_TYPE, 0x917, METHOD_BUFFERED, FILE_ANY_ACCESS)
/* Calls IoCompleteRequest twice. */
#define IOCTL_EX_COMPLETE_TWICE      CTL_CODE(EXERCISER_DEVICE_TYPE, 0x918, METHOD_BUFFERED, FILE_ANY_ACCESS)
/* Reads one byte at the address in Value; the handler logs the exception it caught. */
#define IOCTL_EX_TOUCH_ADDRESS       CTL_CODE(EXERCISER_DEVICE_TYPE, 0x923, METHOD_NEITHER, FILE_ANY_ACCESS)
/* Executes one instruction that raises (Mode: EXERCISER_INSTRUCTION_*), inside or outside __try. */
#define IOCTL_EX_INSTRUCTION         CTL_CODE(EXERCISER_DEVICE_TYPE, 0x924, METHOD_NEITHER, FILE_ANY_ACCESS)
#define IOCTL_EX_RAISE_STATUS        CTL_CODE(EXERCISER_DEVICE_TYPE, 0x920, METHOD_NEITHER, FILE_ANY_ACCESS)
#define IOCTL_EX_NESTED_CONTINUE_SEARCH CTL_CODE(EXERCISER_DEVICE_TYPE, 0x921, METHOD_NEITHER, FILE_ANY_ACCESS)
#define IOCTL_EX_DIVIDE_BY_ZERO      CTL_CODE(EXERCISER_DEVICE_TYPE, 0x922, METHOD_NEITHER, FILE_ANY_ACCESS)
/* Never returns: the hung call of the hang-detection tests (the reference driver has no such defect). */
#define IOCTL_EX_SPIN_FOREVER        CTL_CODE(EXERCISER_DEVICE_TYPE, 0x930, METHOD_BUFFERED, FILE_ANY_ACCESS)
/* Writes a trace field of a type no decoder knows: a reply the client cannot read. */
#define IOCTL_EX_TRACE_UNKNOWN_FIELD CTL_CODE(EXERCISER_DEVICE_TYPE, 0x931, METHOD_BUFFERED, FILE_ANY_ACCESS)

/*
 * The access trace (SimKernel README, "The access trace"): each IOCTL below makes a known pattern of
 * touches of user memory so tests can pin what the trace records. They are METHOD_NEITHER unless
 * said otherwise and capture their EXERCISER_PARAMETERS as a careful driver does (ProbeForRead of
 * the input, copy, inside __try), so the parameter read is a probed, guarded read of the input and
 * every other record is the pattern's. The touched buffer is the output (Irp->UserBuffer) unless
 * said otherwise; "probe" is ProbeForWrite when the pattern writes the output and ProbeForRead when
 * it only reads, alignment 1. Common fields:
 *   Mode       EXERCISER_MODE_READ or EXERCISER_MODE_WRITE (bit 0: loads or stores), or-ed with
 *              EXERCISER_ACCESS_PROBE: probe the output over OutputBufferLength before touching it.
 *   OutsideTry 1: the touches run outside any __try (a probe keeps its own __try).
 *   Length     bytes touched or probed, as each IOCTL says.
 * A fault inside __try completes the call with the exception code; outside, it is a bugcheck.
 */
/* (a) A byte loop over output bytes [0, Length) (Length 0: OutputBufferLength): one record however
   many pages it crosses (adjacent touches by the same code with the same flags merge).
   EXERCISER_TOUCH_SPARSE touches every other byte instead: one record per touched byte, for the
   trace's capacity (4096 records, the rest counted as dropped). */
#define IOCTL_EX_TOUCH_BYTES         CTL_CODE(EXERCISER_DEVICE_TYPE, 0x940, METHOD_NEITHER, FILE_ANY_ACCESS)
/* (b) One 8-byte load or store at output + OutputBufferLength - 4: 4 bytes inside the buffer, 4 past
   its end (a GuardTail output puts a no-access page there: the record is written, then it faults).
   The probe (EXERCISER_ACCESS_PROBE) covers only the buffer, not the touch. OutputBufferLength >= 4. */
#define IOCTL_EX_TOUCH_PAST_END      CTL_CODE(EXERCISER_DEVICE_TYPE, 0x941, METHOD_NEITHER, FILE_ANY_ACCESS)
/* (c) One call of the memcpy family on output bytes [0, Length) (Length 0: OutputBufferLength), Mode
   = EXERCISER_RTL_* | EXERCISER_ACCESS_PROBE if wanted; OutsideTry applies. The shim's copies record
   their ranges as touches of the calling line: the source's read, then the destination's write. */
#define IOCTL_EX_RTL_MEMORY          CTL_CODE(EXERCISER_DEVICE_TYPE, 0x942, METHOD_NEITHER, FILE_ANY_ACCESS)
/* (d) A pointer embedded in the input: Value is a user address (with EXERCISER_POINTER_FROM_OUTPUT, an
   offset from Irp->UserBuffer, for tests that cannot know the address in advance); the handler probes
   [Value, Value + Length) first only with EXERCISER_ACCESS_PROBE (ProbeForWrite for a write), then reads
   or writes Length bytes there (byte loop; Length 0 touches nothing). The output is not probed. */
#define IOCTL_EX_EMBEDDED_POINTER    CTL_CODE(EXERCISER_DEVICE_TYPE, 0x943, METHOD_NEITHER, FILE_ANY_ACCESS)
/* (e) Nested __try, one byte each, separate lines so no two records merge: output byte 0 in the inner
   __try, byte 1 in the outer __try after the inner one ended, byte 2 after both ended, byte 3 after
   a helper that entered and left a __try of its own has returned (its frame must not count).
   OutputBufferLength >= 4; bytes 2 and 3 fault outside __try on a bad output. EXERCISER_ACCESS_PROBE
   applies, OutsideTry does not. */
#define IOCTL_EX_NESTED_TRY_TOUCH    CTL_CODE(EXERCISER_DEVICE_TYPE, 0x944, METHOD_NEITHER, FILE_ANY_ACCESS)
/* (f) ProbeForRead (ProbeForWrite for EXERCISER_MODE_WRITE) of the output with length 0, then a byte
   loop over all OutputBufferLength bytes inside __try: a zero-length probe covers nothing.
   EXERCISER_ACCESS_PROBE and OutsideTry do not apply, here and in (g). */
#define IOCTL_EX_PROBE_ZERO_THEN_TOUCH CTL_CODE(EXERCISER_DEVICE_TYPE, 0x945, METHOD_NEITHER, FILE_ANY_ACCESS)
/* (g) Probes output bytes [Value, Value + Length) (ProbeForWrite for EXERCISER_MODE_WRITE), then a
   byte loop over all OutputBufferLength bytes inside __try: the bytes outside the probe are unprobed
   (one record before, one inside, one after the probed range). */
#define IOCTL_EX_PROBE_PART_THEN_TOUCH CTL_CODE(EXERCISER_DEVICE_TYPE, 0x946, METHOD_NEITHER, FILE_ANY_ACCESS)
/* METHOD_BUFFERED: parameters from the system buffer; touches Irp->UserBuffer (the caller's output,
   which the I/O manager sets for BUFFERED) as IOCTL_EX_TOUCH_BYTES does the output, with the same
   Mode, Length and OutsideTry, and completes with Information 0, so the I/O manager copies nothing
   back over what it wrote. A buffered handler touching user memory at all. No UserBuffer (both
   lengths 0): STATUS_INVALID_PARAMETER. */
#define IOCTL_EX_BUFFERED_TOUCH_USER_BUFFER CTL_CODE(EXERCISER_DEVICE_TYPE, 0x947, METHOD_BUFFERED, FILE_ANY_ACCESS)
/* METHOD_OUT_DIRECT: parameters from the system buffer; reads or writes (Mode bit 0 only) Length
   bytes (0 or more than the MDL's byte count: all of them) through MmGetSystemAddressForMdlSafe,
   inside __try, unprobed, Value times (0: once). The system address is a kernel view of the locked
   pages: not in the trace. With EXERCISER_DIRECT_REPORT_ADDRESS it then writes the system address and
   MmUserProbeAddress (two ULONG64) through it at the buffer's start (byte count >= 16). No MDL (output
   length 0): STATUS_INVALID_PARAMETER. */
#define IOCTL_EX_DIRECT_TOUCH_SYSTEM_ADDRESS CTL_CODE(EXERCISER_DEVICE_TYPE, 0x948, METHOD_OUT_DIRECT, FILE_ANY_ACCESS)

/*
 * The stricter kernel (SimKernel README, "Stricter than a process"): METHOD_NEITHER, parameters read
 * as usual (not probed), Mode as each says; inside __try unless OutsideTry (the outcome must not
 * depend on it).
 */
/* /GS: copies Length bytes of the output (user memory, probed, inside __try) into a 16-byte stack
   buffer. Mode EXERCISER_SMASH_SAFEBUFFERS: the copying function is __declspec(safebuffers). */
#define IOCTL_EX_STACK_SMASH         CTL_CODE(EXERCISER_DEVICE_TYPE, 0x949, METHOD_NEITHER, FILE_ANY_ACCESS)
/* Calls code in memory that is not driver code (Mode: EXERCISER_EXECUTE_*), filled with `ret`. */
#define IOCTL_EX_EXECUTE_DATA        CTL_CODE(EXERCISER_DEVICE_TYPE, 0x94A, METHOD_NEITHER, FILE_ANY_ACCESS)
/* RtlCopyMemory (Mode EXERCISER_COPY_MOVE: RtlMoveMemory) of Value bytes from the output into a
   32-byte destination (Mode EXERCISER_COPY_TO_POOL: pool, else the stack), in the function that
   holds the __try, which returns the exception code. */
#define IOCTL_EX_LONG_COPY           CTL_CODE(EXERCISER_DEVICE_TYPE, 0x94B, METHOD_NEITHER, FILE_ANY_ACCESS)
/* Uses an uninitialized pointer (Mode: EXERCISER_POISON_*) plus Value as an offset. */
#define IOCTL_EX_POISON_POINTER      CTL_CODE(EXERCISER_DEVICE_TYPE, 0x94C, METHOD_NEITHER, FILE_ANY_ACCESS)

/* Modes */
#define EXERCISER_MODE_READ  0
#define EXERCISER_MODE_WRITE 1
/* IOCTL_EX_LEAVE_TRY_THEN_FAULT: where the final touch of the output happens */
#define EXERCISER_FAULT_OUTSIDE_TRY 0
#define EXERCISER_FAULT_INSIDE_NEW_TRY 1
/* IOCTL_EX_PROBE_RANGE: or-ed into the mode, the length runs to MmUserProbeAddress + LimitDelta */
#define EXERCISER_PROBE_TO_LIMIT 0x10
/* IOCTL_EX_INSTRUCTION */
#define EXERCISER_INSTRUCTION_UD2 0            /* illegal instruction                     */
#define EXERCISER_INSTRUCTION_INT3 1           /* __debugbreak                            */
#define EXERCISER_INSTRUCTION_CLI 2            /* privileged: allowed at ring 0 only      */
#define EXERCISER_INSTRUCTION_INT_MIN_BY_MINUS_ONE 3
#define EXERCISER_INSTRUCTION_RDMSR 4          /* privileged                              */
/* IOCTL_EX_RAISE_STATUS */
#define EXERCISER_RAISE_INSIDE_TRY 0
#define EXERCISER_RAISE_OUTSIDE_TRY 1
/* The access-trace IOCTLs (0x940..0x948): or-ed into the mode */
#define EXERCISER_ACCESS_PROBE       0x100 /* probe before touching (see above)              */
#define EXERCISER_TOUCH_SPARSE       0x200 /* IOCTL_EX_TOUCH_BYTES: every other byte          */
#define EXERCISER_POINTER_FROM_OUTPUT 0x400 /* IOCTL_EX_EMBEDDED_POINTER: Value is an offset    */
#define EXERCISER_DIRECT_REPORT_ADDRESS 0x800 /* IOCTL_EX_DIRECT_TOUCH_SYSTEM_ADDRESS, see above */
/* IOCTL_EX_RTL_MEMORY: the operation, in the low byte of the mode (the other side of a copy is a
   pool buffer filled with 0x3C) */
#define EXERCISER_RTL_COPY_TO_OUTPUT   0 /* RtlCopyMemory(output, pool, Length)                */
#define EXERCISER_RTL_COPY_FROM_OUTPUT 1 /* RtlCopyMemory(pool, output, Length)                */
#define EXERCISER_RTL_MOVE_TO_OUTPUT   2 /* RtlMoveMemory(output, pool, Length)                */
#define EXERCISER_RTL_MOVE_FROM_OUTPUT 3 /* RtlMoveMemory(pool, output, Length)                */
#define EXERCISER_RTL_ZERO_OUTPUT      4 /* RtlZeroMemory(output, Length)                      */
#define EXERCISER_RTL_FILL_OUTPUT      5 /* RtlFillMemory(output, Length, 0x5A)                */
#define EXERCISER_RTL_MOVE_WITHIN_OUTPUT 6 /* RtlMoveMemory(output + 1, output, Length - 1)    */
#define EXERCISER_RTL_OPERATION_MASK   0xFF

/* IOCTL_EX_STACK_SMASH */
#define EXERCISER_SMASH_SAFEBUFFERS 1
/* IOCTL_EX_EXECUTE_DATA: where the called code is */
#define EXERCISER_EXECUTE_USER  0 /* the output buffer (a user page)  */
#define EXERCISER_EXECUTE_POOL  1 /* a pool allocation                */
#define EXERCISER_EXECUTE_STACK 2 /* a local array                    */
/* IOCTL_EX_LONG_COPY: or-ed */
#define EXERCISER_COPY_TO_POOL 1
#define EXERCISER_COPY_MOVE    2
/* IOCTL_EX_POISON_POINTER: where the pointer comes from and what is done with it */
#define EXERCISER_POISON_POOL_READ   0 /* read a byte through a pointer from fresh pool        */
#define EXERCISER_POISON_STACK_READ  1 /* read a byte through an uninitialized local pointer    */
#define EXERCISER_POISON_POOL_CALL   2 /* call a function pointer from fresh pool              */
#define EXERCISER_POISON_STACK_WRITE 3 /* write a byte through an uninitialized local pointer   */
#define EXERCISER_POISON_POOL_COPY   4 /* RtlCopyMemory from a pointer from fresh pool (8 bytes) */

typedef struct _EXERCISER_PARAMETERS {
    ULONG Mode;        /* EXERCISER_MODE_* or the IOCTL's own modes */
    ULONG Alignment;   /* probes */
    ULONG Status;      /* IRP_VIEW: status to complete with; RAISE_STATUS: status to raise */
    ULONG Information; /* IRP_VIEW: Information to report */
    ULONGLONG Value;   /* PROBE_RANGE: the length; TOUCH_ADDRESS, EMBEDDED_POINTER: the address;
                          PROBE_PART_THEN_TOUCH: the probe's offset in the output */
    ULONG OutsideTry;  /* TOUCH_ADDRESS, INSTRUCTION, access-trace IOCTLs: 1 = no __try around it */
    LONG LimitDelta;   /* PROBE_RANGE with EXERCISER_PROBE_TO_LIMIT */
    /* Added for the access-trace IOCTLs; an input of the first 32 bytes only reads as Length 0. */
    ULONG Length;      /* access-trace IOCTLs: bytes touched or probed (see each) */
    ULONG Reserved;    /* 0; keeps the size a multiple of 8 on every compiler */
} EXERCISER_PARAMETERS;

/* The parameters as they were before Length: inputs this long still carry every older field. */
#define EXERCISER_PARAMETERS_V1_SIZE 32

#endif
