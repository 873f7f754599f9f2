/*
 * embedded_pointers_ioctl.h - control codes and request layouts of EmbeddedPointers, a test-only
 * WDM driver written the way public vulnerable-by-design teaching drivers are: each IOCTL takes a
 * pointer from inside its METHOD_NEITHER input and uses it (write-what-where, arbitrary read,
 * write-NULL, arbitrary increment), and each has a twin that does it right.
 *
 *   trusting twin: probes the request structure it reads, then dereferences the pointers found
 *                  inside it with no probe of their own. A caller aims them anywhere: at kernel
 *                  memory or at a bad user page.
 *   probed twin:   captures the structure once, then probes every embedded pointer (ProbeForRead
 *                  for what it reads, ProbeForWrite for what it writes) inside the same __try as
 *                  the access, so a kernel address raises STATUS_ACCESS_VIOLATION before any use.
 *
 * The suite aims the pointers with symbolic addresses in the scenarios beside this driver
 * (the scenarios/ folder): the trusting twins must be caught with the category that fits each bug,
 * the probed twins must give no finding at all.
 */
#ifndef EMBEDDED_POINTERS_IOCTL_H
#define EMBEDDED_POINTERS_IOCTL_H

#define EMBEDDED_POINTERS_DEVICE_TYPE 0x8C03
#define EMBEDDED_POINTERS_DEVICE_NAME L"\\Device\\EmbeddedPointers"
#define EMBEDDED_POINTERS_DOS_DEVICE_NAME L"\\DosDevices\\EmbeddedPointers"

/* Liveness: writes EP_PING_MAGIC into a 4-byte output. */
#define IOCTL_EP_PING CTL_CODE(EMBEDDED_POINTERS_DEVICE_TYPE, 0x800, METHOD_BUFFERED, FILE_ANY_ACCESS)

/* Input EP_WRITE_WHAT_WHERE: *Where = *What, one pointer-sized value. */
#define IOCTL_EP_WRITE_WHAT_WHERE        CTL_CODE(EMBEDDED_POINTERS_DEVICE_TYPE, 0x810, METHOD_NEITHER, FILE_ANY_ACCESS)
#define IOCTL_EP_WRITE_WHAT_WHERE_PROBED CTL_CODE(EMBEDDED_POINTERS_DEVICE_TYPE, 0x811, METHOD_NEITHER, FILE_ANY_ACCESS)

/* Input EP_READ_REQUEST: the output buffer receives OutputBufferLength bytes read at Source;
   Information is that length. */
#define IOCTL_EP_ARBITRARY_READ          CTL_CODE(EMBEDDED_POINTERS_DEVICE_TYPE, 0x820, METHOD_NEITHER, FILE_ANY_ACCESS)
#define IOCTL_EP_ARBITRARY_READ_PROBED   CTL_CODE(EMBEDDED_POINTERS_DEVICE_TYPE, 0x821, METHOD_NEITHER, FILE_ANY_ACCESS)

/* Input EP_WRITE_NULL: *Where = NULL ("clear the caller's handle slot"). */
#define IOCTL_EP_WRITE_NULL              CTL_CODE(EMBEDDED_POINTERS_DEVICE_TYPE, 0x830, METHOD_NEITHER, FILE_ANY_ACCESS)
#define IOCTL_EP_WRITE_NULL_PROBED       CTL_CODE(EMBEDDED_POINTERS_DEVICE_TYPE, 0x831, METHOD_NEITHER, FILE_ANY_ACCESS)

/* Input EP_INCREMENT: InterlockedIncrement(Target) ("bump the caller's reference count"). */
#define IOCTL_EP_ARBITRARY_INCREMENT        CTL_CODE(EMBEDDED_POINTERS_DEVICE_TYPE, 0x840, METHOD_NEITHER, FILE_ANY_ACCESS)
#define IOCTL_EP_ARBITRARY_INCREMENT_PROBED CTL_CODE(EMBEDDED_POINTERS_DEVICE_TYPE, 0x841, METHOD_NEITHER, FILE_ANY_ACCESS)

#define EP_PING_MAGIC 0x50504D45u /* "EMPP" */

typedef struct _EP_WRITE_WHAT_WHERE {
    PULONG_PTR What;
    PULONG_PTR Where;
} EP_WRITE_WHAT_WHERE, *PEP_WRITE_WHAT_WHERE;

typedef struct _EP_READ_REQUEST {
    PVOID Source;
} EP_READ_REQUEST, *PEP_READ_REQUEST;

typedef struct _EP_WRITE_NULL {
    PVOID *Where;
} EP_WRITE_NULL, *PEP_WRITE_NULL;

typedef struct _EP_INCREMENT {
    volatile LONG *Target;
} EP_INCREMENT, *PEP_INCREMENT;

#endif
