/*++

Module Name:

    vulnerable_classes_ioctl.h

Abstract:

    Control codes and request layouts of VulnerableClasses, a test-only WDM driver written the
    way public vulnerable-by-design teaching drivers are: one IOCTL per bug class. Built with
    -D FIXED_TWIN=1 every handler takes its safe branch instead (the fixed twin): same codes,
    same layouts, no bug.

    Most requests are METHOD_NEITHER, as such drivers write them: the driver gets the caller's
    raw pointers and probes them itself.

--*/

#ifndef _VULNERABLE_CLASSES_IOCTL_H_
#define _VULNERABLE_CLASSES_IOCTL_H_

#define VC_DEVICE_TYPE 0x8C07

#define VC_IOCTL(Function, Method) CTL_CODE(VC_DEVICE_TYPE, (Function), (Method), FILE_ANY_ACCESS)

//
// Liveness: writes VC_PING_MAGIC (a ULONG) to the output.
//
#define IOCTL_VC_PING                   VC_IOCTL(0x900, METHOD_BUFFERED)

//
// Input: bytes copied into a 256-byte stack buffer. The buffer's function has a /GS cookie.
//
#define IOCTL_VC_STACK_OVERFLOW_GS      VC_IOCTL(0x901, METHOD_NEITHER)

//
// As above, in a function compiled without a cookie (__declspec(safebuffers)).
//
#define IOCTL_VC_STACK_OVERFLOW_NO_GS   VC_IOCTL(0x902, METHOD_NEITHER)

//
// Input: bytes copied into a 256-byte NonPagedPool buffer.
//
#define IOCTL_VC_POOL_OVERFLOW          VC_IOCTL(0x903, METHOD_NEITHER)

//
// A driver-global VC_OBJECT: ALLOC allocates it (input: up to 64 bytes of its data), FREE frees
// it, USE calls its callback and copies its data to the output. Across calls: ALLOC, FREE, USE is
// a use after free; ALLOC, FREE, FREE a double free.
//
#define IOCTL_VC_ALLOC_OBJECT           VC_IOCTL(0x904, METHOD_NEITHER)
#define IOCTL_VC_FREE_OBJECT            VC_IOCTL(0x905, METHOD_NEITHER)
#define IOCTL_VC_USE_OBJECT             VC_IOCTL(0x906, METHOD_NEITHER)

//
// Input: VC_TYPED_REQUEST. A number object stores Value; a handler object runs the driver's
// handler. The vulnerable build initialises every object as a number and then trusts Type.
//
#define IOCTL_VC_TYPE_CONFUSION         VC_IOCTL(0x907, METHOD_NEITHER)

//
// Input: VC_COUNTED_REQUEST, Count ULONGs after the header; they are summed into a pool copy.
//
#define IOCTL_VC_INTEGER_OVERFLOW       VC_IOCTL(0x908, METHOD_NEITHER)

//
// Input: a ULONG; VC_MAGIC selects the driver's object, anything else none.
//
#define IOCTL_VC_NULL_DEREFERENCE       VC_IOCTL(0x909, METHOD_NEITHER)

//
// Input: a ULONG; VC_MAGIC initialises a stack (pool) object, anything else leaves it as it is.
//
#define IOCTL_VC_UNINITIALIZED_STACK    VC_IOCTL(0x90A, METHOD_NEITHER)
#define IOCTL_VC_UNINITIALIZED_POOL     VC_IOCTL(0x90B, METHOD_NEITHER)

//
// Pointers inside the input: VC_WRITE_WHAT_WHERE, VC_WRITE_NULL, VC_INCREMENT.
//
#define IOCTL_VC_WRITE_WHAT_WHERE       VC_IOCTL(0x90C, METHOD_NEITHER)
#define IOCTL_VC_WRITE_NULL             VC_IOCTL(0x90D, METHOD_NEITHER)
#define IOCTL_VC_ARBITRARY_INCREMENT    VC_IOCTL(0x90E, METHOD_NEITHER)

//
// Output: VC_DEVICE_INFO (64 bytes), copied from the driver's pool.
//
#define IOCTL_VC_MEMORY_DISCLOSURE      VC_IOCTL(0x90F, METHOD_BUFFERED)

//
// Input: a file name as 8-bit text (at most 127 characters); the driver creates that file and
// writes a report line into it.
//
#define IOCTL_VC_OPEN_USER_FILE         VC_IOCTL(0x910, METHOD_BUFFERED)

#define VC_PING_MAGIC 0x21434C56u   // 'VLC!'
#define VC_MAGIC      0xBAD0B0B0u
#define VC_STACK_BUFFER_SIZE 256
#define VC_POOL_BUFFER_SIZE  256
#define VC_OBJECT_DATA_SIZE  64

#define VC_TYPE_NUMBER  1
#define VC_TYPE_HANDLER 2

typedef struct _VC_TYPED_REQUEST {
    ULONG Type;
    ULONG Reserved;
    ULONG_PTR Value;
} VC_TYPED_REQUEST, *PVC_TYPED_REQUEST;

typedef struct _VC_COUNTED_REQUEST {
    ULONG Count;
    ULONG Reserved;
    ULONG Values[1];
} VC_COUNTED_REQUEST, *PVC_COUNTED_REQUEST;

typedef struct _VC_WRITE_WHAT_WHERE {
    PULONG_PTR What;
    PULONG_PTR Where;
} VC_WRITE_WHAT_WHERE, *PVC_WRITE_WHAT_WHERE;

typedef struct _VC_WRITE_NULL {
    PVOID *Where;
} VC_WRITE_NULL, *PVC_WRITE_NULL;

typedef struct _VC_INCREMENT {
    volatile LONG *Target;
} VC_INCREMENT, *PVC_INCREMENT;

typedef struct _VC_DEVICE_INFO {
    ULONG Version;
    ULONG Flags;
    CHAR Name[16];
    ULONG_PTR Reserved[5];
} VC_DEVICE_INFO, *PVC_DEVICE_INFO;

#endif // _VULNERABLE_CLASSES_IOCTL_H_
