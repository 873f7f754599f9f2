/*
 * object_table_ioctl.h - control codes and request layouts of ObjectTable, a test-only WDM driver with
 * state that lives across calls: CREATE allocates a pool object and returns an id for it, USE reads the
 * object the id names, CLOSE frees it. The id is only known after CREATE returned, so a caller (a
 * scenario's steps:) has to carry it from one call into the next.
 *
 *   IOCTL_OT_CLOSE        frees the object and removes its table entry: a later USE or CLOSE of the
 *                         same id fails with STATUS_INVALID_HANDLE.
 *   IOCTL_OT_CLOSE_STALE  the defect: frees the object and leaves its entry in the table, so a later
 *                         USE reads freed pool (use after free: bugcheck 0xCC in special pool) and a
 *                         second CLOSE_STALE frees it again (double free: bugcheck 0xC2).
 *
 * Every IOCTL is METHOD_BUFFERED, FILE_ANY_ACCESS.
 */
#ifndef OBJECT_TABLE_IOCTL_H
#define OBJECT_TABLE_IOCTL_H

#define OBJECT_TABLE_DEVICE_TYPE 0x8C04
#define OBJECT_TABLE_DEVICE_NAME L"\\Device\\ObjectTable"
#define OBJECT_TABLE_DOS_DEVICE_NAME L"\\DosDevices\\ObjectTable"

#define OT_CODE(function) CTL_CODE(OBJECT_TABLE_DEVICE_TYPE, (function), METHOD_BUFFERED, FILE_ANY_ACCESS)

/* Output: ULONG OT_PING_MAGIC. */
#define IOCTL_OT_PING OT_CODE(0x800)
/* Input: optional ULONG Value (0 when absent). Output: ULONG64 Id of the new object. */
#define IOCTL_OT_CREATE OT_CODE(0x810)
/* Input: ULONG64 Id. Output: ULONG Value of the object. */
#define IOCTL_OT_USE OT_CODE(0x820)
/* Input: ULONG64 Id. Frees the object and its table entry. */
#define IOCTL_OT_CLOSE OT_CODE(0x830)
/* Input: ULONG64 Id. Frees the object, leaves the table entry (the defect). */
#define IOCTL_OT_CLOSE_STALE OT_CODE(0x831)

#define OT_PING_MAGIC 0x0B7AB1E5u

/* Slots in the table; a CREATE with every slot taken fails with STATUS_INSUFFICIENT_RESOURCES. */
#define OT_TABLE_SLOTS 64

#endif
