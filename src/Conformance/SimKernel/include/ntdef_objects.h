/*
 * ntdef_objects.h - object attributes, the part of the DDK's ntdef.h that names an object for the
 * routines that open handles (ZwCreateFile, ZwOpenFile, ...). Included by ntdef.h; drivers never
 * include it themselves.
 */
#ifndef SIM_NTDEF_OBJECTS_H
#define SIM_NTDEF_OBJECTS_H

/* Object handle attributes. Names and meanings: learn.microsoft.com, windows/win32/api/ntdef/
   nf-ntdef-initializeobjectattributes; values as Microsoft's metadata publishes them (windows-sys,
   Win32::System::Kernel: OBJ_CASE_INSENSITIVE = 64, OBJ_KERNEL_HANDLE = 512, ...). */
#define OBJ_INHERIT                       0x00000002
#define OBJ_PERMANENT                     0x00000010
#define OBJ_EXCLUSIVE                     0x00000020
#define OBJ_CASE_INSENSITIVE              0x00000040
#define OBJ_OPENIF                        0x00000080
#define OBJ_OPENLINK                      0x00000100
#define OBJ_KERNEL_HANDLE                 0x00000200
#define OBJ_FORCE_ACCESS_CHECK            0x00000400
#define OBJ_IGNORE_IMPERSONATED_DEVICEMAP 0x00000800
#define OBJ_DONT_REPARSE                  0x00001000
#define OBJ_VALID_ATTRIBUTES              0x00001FF2

/* learn.microsoft.com, windows/win32/api/ntdef/ns-ntdef-_object_attributes: Length is
   sizeof(OBJECT_ATTRIBUTES); RootDirectory NULL means ObjectName is fully qualified. */
typedef struct _OBJECT_ATTRIBUTES {
    ULONG Length;
    HANDLE RootDirectory;
    PUNICODE_STRING ObjectName;
    ULONG Attributes;
    PVOID SecurityDescriptor;
    PVOID SecurityQualityOfService;
} OBJECT_ATTRIBUTES, *POBJECT_ATTRIBUTES;
typedef const OBJECT_ATTRIBUTES *PCOBJECT_ATTRIBUTES;

typedef PVOID PSECURITY_DESCRIPTOR;

/* A macro in the DDK too, so drivers may pass any expression; it always clears
   SecurityQualityOfService (nf-ntdef-initializeobjectattributes, Remarks). */
#define InitializeObjectAttributes(p, n, a, r, s)      \
    do {                                               \
        (p)->Length = sizeof(OBJECT_ATTRIBUTES);       \
        (p)->RootDirectory = (r);                      \
        (p)->Attributes = (a);                         \
        (p)->ObjectName = (n);                         \
        (p)->SecurityDescriptor = (s);                 \
        (p)->SecurityQualityOfService = NULL;          \
    } while (0)

/* RTL_CONSTANT_OBJECT_ATTRIBUTES(n, a): the static form, for a name known at compile time. */
#define RTL_CONSTANT_OBJECT_ATTRIBUTES(n, a) \
    { sizeof(OBJECT_ATTRIBUTES), NULL, (PUNICODE_STRING)(n), (a), NULL, NULL }

#endif
