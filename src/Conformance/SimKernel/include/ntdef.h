/*
 * ntdef.h - Windows base types with Windows sizes on LP64 Linux.
 * LONG/ULONG/NTSTATUS are 32-bit (never `long`, which is 64-bit here); WCHAR is 16-bit
 * (drivers are built with -fshort-wchar so L"" literals match); _WIN64 is defined.
 */
#ifndef SIM_NTDEF_H
#define SIM_NTDEF_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* MSVC-isms that ordinary driver sources use. */
#pragma GCC diagnostic ignored "-Wunknown-pragmas"   /* #pragma alloc_text, #pragma warning */
#pragma GCC diagnostic ignored "-Wmultichar"         /* pool tags written as 'gaTp' */

/* gcc defines __SANITIZE_ADDRESS__ under -fsanitize=kernel-address; clang 14 does not (measured),
   though it instruments the same way. The access-trace build (wdm.h) keys on the macro. */
#if !defined(__SANITIZE_ADDRESS__) && defined(__has_feature)
#if __has_feature(address_sanitizer)
#define __SANITIZE_ADDRESS__ 1
#endif
#endif

#ifndef _WIN64
#define _WIN64 1
#endif
#ifndef _AMD64_
#define _AMD64_ 1
#endif

#include "sal.h"

#define SIM_DECLSPEC_safebuffers __attribute__((no_stack_protector))
#define SIM_DECLSPEC_noinline    __attribute__((noinline))
#define SIM_DECLSPEC_noreturn    __attribute__((noreturn))
#define SIM_DECLSPEC_nothrow     __attribute__((nothrow))
#define SIM_DECLSPEC_selectany   __attribute__((weak))
#define SIM_DECLSPEC_align(n)    __attribute__((aligned(n)))
#define SIM_DECLSPEC_dllexport   __attribute__((visibility("default")))
#define SIM_DECLSPEC_dllimport
#define __declspec(x) SIM_DECLSPEC_##x
#define DECLSPEC_NOINLINE  __attribute__((noinline))
#define DECLSPEC_NORETURN  __attribute__((noreturn))
#define DECLSPEC_ALIGN(n)  __attribute__((aligned(n)))
#define FORCEINLINE static inline __attribute__((always_inline))
#define NTAPI
#define NTSYSAPI
#define NTKERNELAPI
#define NTHALAPI
#define WINAPI
#define __stdcall
#define __cdecl
#define __fastcall
#define __inline inline
#define __forceinline inline __attribute__((always_inline))
#define EXTERN_C extern
#define C_ASSERT(e) _Static_assert((e), #e)

typedef void VOID;
typedef void *PVOID;
typedef void *LPVOID;
typedef const void *PCVOID;
typedef char CHAR;
typedef CHAR *PCHAR;
typedef char CCHAR;
typedef unsigned char UCHAR;
typedef UCHAR *PUCHAR;
typedef short SHORT;
typedef short CSHORT;
typedef SHORT *PSHORT;
typedef unsigned short USHORT;
typedef USHORT *PUSHORT;
typedef int32_t LONG;
typedef LONG *PLONG;
typedef uint32_t ULONG;
typedef ULONG *PULONG;
typedef int32_t INT;
typedef uint32_t UINT;
typedef int32_t INT32;
typedef uint32_t UINT32;
typedef uint32_t DWORD;
typedef DWORD *PDWORD;
typedef uint16_t WORD;
typedef uint8_t BYTE;
typedef BYTE *PBYTE;
typedef int64_t LONGLONG;
typedef LONGLONG *PLONGLONG;
typedef uint64_t ULONGLONG;
typedef ULONGLONG *PULONGLONG;
typedef int64_t LONG64;
typedef uint64_t ULONG64;
typedef ULONG64 *PULONG64;
typedef uint64_t DWORD64;
typedef int64_t INT64;
typedef uint64_t UINT64;
typedef intptr_t LONG_PTR;
typedef uintptr_t ULONG_PTR;
typedef ULONG_PTR *PULONG_PTR;
typedef intptr_t INT_PTR;
typedef uintptr_t UINT_PTR;
typedef ULONG_PTR SIZE_T;
typedef SIZE_T *PSIZE_T;
typedef LONG_PTR SSIZE_T;
typedef ULONG_PTR DWORD_PTR;
typedef UCHAR BOOLEAN;
typedef BOOLEAN *PBOOLEAN;
typedef int BOOL;
typedef wchar_t WCHAR;
typedef WCHAR *PWCHAR;
typedef WCHAR *PWSTR;
typedef WCHAR *LPWSTR;
typedef const WCHAR *PCWSTR;
typedef const WCHAR *LPCWSTR;
typedef CHAR *PSTR;
typedef CHAR *LPSTR;
typedef const CHAR *PCSTR;
typedef const CHAR *LPCSTR;
typedef LONG NTSTATUS;
typedef NTSTATUS *PNTSTATUS;
typedef void *HANDLE;
typedef HANDLE *PHANDLE;
typedef ULONG ACCESS_MASK;
typedef ACCESS_MASK *PACCESS_MASK;
typedef ULONG LOGICAL;
typedef LONG KPRIORITY;
typedef UCHAR KIRQL;
typedef KIRQL *PKIRQL;
typedef CCHAR KPROCESSOR_MODE;

_Static_assert(sizeof(LONG) == 4 && sizeof(ULONG) == 4, "LONG/ULONG must be 32-bit");
_Static_assert(sizeof(WCHAR) == 2, "build drivers with -fshort-wchar: WCHAR is 16-bit");

#define TRUE  1
#define FALSE 0
#ifndef NULL
#define NULL ((void *)0)
#endif

#define MAXULONG  0xFFFFFFFFu
#define MAXLONG   0x7FFFFFFF
#define MINLONG   (-MAXLONG - 1)
#define MAXUSHORT 0xFFFFu
#define MAXUCHAR  0xFFu
#define MAXULONG_PTR (~(ULONG_PTR)0)
#define MAXSIZE_T    (~(SIZE_T)0)

typedef union _LARGE_INTEGER {
    struct { ULONG LowPart; LONG HighPart; };
    struct { ULONG LowPart; LONG HighPart; } u;
    LONGLONG QuadPart;
} LARGE_INTEGER, *PLARGE_INTEGER;

typedef union _ULARGE_INTEGER {
    struct { ULONG LowPart; ULONG HighPart; };
    struct { ULONG LowPart; ULONG HighPart; } u;
    ULONGLONG QuadPart;
} ULARGE_INTEGER, *PULARGE_INTEGER;

typedef struct _GUID {
    ULONG Data1;
    USHORT Data2;
    USHORT Data3;
    UCHAR Data4[8];
} GUID, *PGUID;
typedef const GUID *LPCGUID;

typedef struct _UNICODE_STRING {
    USHORT Length;        /* bytes, without the terminator */
    USHORT MaximumLength; /* bytes */
    PWCHAR Buffer;
} UNICODE_STRING, *PUNICODE_STRING;
typedef const UNICODE_STRING *PCUNICODE_STRING;

typedef struct _STRING {
    USHORT Length;
    USHORT MaximumLength;
    PCHAR Buffer;
} STRING, ANSI_STRING, *PSTRING, *PANSI_STRING;

typedef struct _LIST_ENTRY {
    struct _LIST_ENTRY *Flink;
    struct _LIST_ENTRY *Blink;
} LIST_ENTRY, *PLIST_ENTRY;

#define NT_SUCCESS(Status)     (((NTSTATUS)(Status)) >= 0)
#define NT_INFORMATION(Status) ((((ULONG)(Status)) >> 30) == 1)
#define NT_WARNING(Status)     ((((ULONG)(Status)) >> 30) == 2)
#define NT_ERROR(Status)       ((((ULONG)(Status)) >> 30) == 3)

#define UNREFERENCED_PARAMETER(P)          ((void)(P))
#define DBG_UNREFERENCED_PARAMETER(P)      ((void)(P))
#define DBG_UNREFERENCED_LOCAL_VARIABLE(V) ((void)(V))
#define ARGUMENT_PRESENT(p)                ((p) != NULL)

#define FIELD_OFFSET(type, field)  ((LONG)offsetof(type, field))
/* A variable-length array at the end of a structure, e.g. UCHAR Data[ANYSIZE_ARRAY] (ntdef.h, winnt.h). */
#define ANYSIZE_ARRAY 1
#define RTL_FIELD_SIZE(type, field) (sizeof(((type *)0)->field))
#define RTL_NUMBER_OF(a) (sizeof(a) / sizeof((a)[0]))
#define ARRAYSIZE(a) RTL_NUMBER_OF(a)

/* min and max as the WDK's headers give them to C drivers, unless NOMINMAX (Windows SDK minwindef.h:
   learn.microsoft.com, windows/win32/api/minwindef/nf-minwindef-min and nf-minwindef-max). */
#if !defined(NOMINMAX) && !defined(__cplusplus)
#ifndef min
#define min(a, b) (((a) < (b)) ? (a) : (b))
#endif
#ifndef max
#define max(a, b) (((a) > (b)) ? (a) : (b))
#endif
#endif
#define CONTAINING_RECORD(address, type, field) \
    ((type *)((PCHAR)(address) - (ULONG_PTR)(&((type *)0)->field)))
#define ALIGN_DOWN_BY(length, alignment) ((ULONG_PTR)(length) & ~((ULONG_PTR)(alignment) - 1))
#define ALIGN_UP_BY(length, alignment) ALIGN_DOWN_BY(((ULONG_PTR)(length) + (alignment) - 1), alignment)

#include "ntstatus.h"
#include "ntdef_objects.h"

#endif
