/*
 * rtl.c - run-time library routines and debug output.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include "simkernel_internal.h"

void SimWideToUtf8(const WCHAR *text, size_t chars, char *out, size_t capacity)
{
    size_t n = 0;
    for (size_t i = 0; i < chars && text[i] != 0 && n + 4 < capacity; i++) {
        uint32_t c = text[i];
        if (c < 0x80) {
            out[n++] = (char)c;
        } else if (c < 0x800) {
            out[n++] = (char)(0xC0 | (c >> 6));
            out[n++] = (char)(0x80 | (c & 0x3F));
        } else {
            out[n++] = (char)(0xE0 | (c >> 12));
            out[n++] = (char)(0x80 | ((c >> 6) & 0x3F));
            out[n++] = (char)(0x80 | (c & 0x3F));
        }
    }
    out[n] = '\0';
}

VOID RtlInitUnicodeString(PUNICODE_STRING DestinationString, PCWSTR SourceString)
{
    size_t length = 0;
    if (SourceString != NULL)
        while (SourceString[length] != 0)
            length++;
    DestinationString->Length = (USHORT)(length * sizeof(WCHAR));
    DestinationString->MaximumLength = (USHORT)(SourceString != NULL ? (length + 1) * sizeof(WCHAR) : 0);
    DestinationString->Buffer = (PWCHAR)SourceString;
}

BOOLEAN RtlEqualUnicodeString(PCUNICODE_STRING String1, PCUNICODE_STRING String2, BOOLEAN CaseInSensitive)
{
    if (String1->Length != String2->Length)
        return FALSE;
    for (USHORT i = 0; i < String1->Length / sizeof(WCHAR); i++) {
        WCHAR a = String1->Buffer[i], b = String2->Buffer[i];
        if (CaseInSensitive) {
            if (a >= 'a' && a <= 'z')
                a = (WCHAR)(a - 'a' + 'A');
            if (b >= 'a' && b <= 'z')
                b = (WCHAR)(b - 'a' + 'A');
        }
        if (a != b)
            return FALSE;
    }
    return TRUE;
}

SIZE_T RtlCompareMemory(const VOID *Source1, const VOID *Source2, SIZE_T Length)
{
    const UCHAR *a = Source1, *b = Source2;
    SIZE_T i = 0;
    while (i < Length && a[i] == b[i])
        i++;
    return i;
}

static int DbgPrintEnabled(void)
{
    static int enabled = -1;
    if (enabled < 0) {
        const char *value = getenv("SIMKERNEL_DBGPRINT");
        enabled = value != NULL && strcmp(value, "1") == 0;
    }
    return enabled;
}

static ULONG VDbgPrint(PCSTR Format, va_list arguments)
{
    if (!DbgPrintEnabled())
        return 0;
    /* Microsoft-only conversions (%ws, %wZ, %S) have no glibc equivalent with 16-bit WCHAR:
       print the format as is, marked, rather than guess. */
    if (strstr(Format, "%w") != NULL || strstr(Format, "%S") != NULL) {
        fprintf(stderr, "[driver] (unformatted) %s", Format);
        return 0;
    }
    fputs("[driver] ", stderr);
    vfprintf(stderr, Format, arguments);
    return 0;
}

ULONG DbgPrint(PCSTR Format, ...)
{
    va_list arguments;
    va_start(arguments, Format);
    ULONG r = VDbgPrint(Format, arguments);
    va_end(arguments);
    return r;
}

ULONG DbgPrintEx(ULONG ComponentId, ULONG Level, PCSTR Format, ...)
{
    (void)ComponentId;
    (void)Level;
    va_list arguments;
    va_start(arguments, Format);
    ULONG r = VDbgPrint(Format, arguments);
    va_end(arguments);
    return r;
}
