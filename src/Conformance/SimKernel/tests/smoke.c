/* smoke.c - a developer's quick check of libsimkernel without .NET: boot, load a driver, run one case
   given on the command line, print its result, access trace and event count. The real tests are the
   NUnit ones.

   Build: gcc -std=gnu11 -o smoke tests/smoke.c -Lbuild -lsimkernel -Wl,-rpath,$PWD/build
   Run:   smoke [-r Name=Value]... DRIVER DEVICE IOCTL OUTSTATE [OUTLEN] [WORD...]
          -r seeds a REG_DWORD of the driver's service key (e.g. -r DefectVariant=17);
          OUTSTATE is a SIM_MEMORY_STATE number; the WORDs (u32) are the input's bytes, at least 16. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../include/simkernel.h"

#define MAX_REGISTRY 8
#define MAX_WORDS 64

/* Where a touch landed, relative to the case's buffers (addresses differ per boot). */
static void PrintPlace(uint64_t address, const SIM_CASE_RESULT *r, uint32_t inSize, uint32_t outSize)
{
    if (r->InputAddress != 0 && address >= r->InputAddress && address < r->InputAddress + inSize + 4096)
        printf("in+%-6lu", (unsigned long)(address - r->InputAddress));
    else if (r->OutputAddress != 0 && address >= r->OutputAddress && address < r->OutputAddress + outSize + 4096)
        printf("out+%-5lu", (unsigned long)(address - r->OutputAddress));
    else
        printf("%#lx", (unsigned long)address);
}

int main(int argc, char **argv)
{
    const char *registryNames[MAX_REGISTRY];
    uint32_t registryValues[MAX_REGISTRY];
    char registryText[MAX_REGISTRY][64];
    uint32_t registryCount = 0;
    int arg = 1;
    while (arg + 1 < argc && strcmp(argv[arg], "-r") == 0) {
        const char *equals = strchr(argv[arg + 1], '=');
        if (equals == NULL || registryCount == MAX_REGISTRY || (size_t)(equals - argv[arg + 1]) >= sizeof(registryText[0])) {
            fprintf(stderr, "smoke: -r needs Name=Value (at most %d)\n", MAX_REGISTRY);
            return 2;
        }
        memcpy(registryText[registryCount], argv[arg + 1], (size_t)(equals - argv[arg + 1]));
        registryText[registryCount][equals - argv[arg + 1]] = '\0';
        registryNames[registryCount] = registryText[registryCount];
        registryValues[registryCount++] = (uint32_t)strtoul(equals + 1, NULL, 0);
        arg += 2;
    }
    if (argc - arg < 4) {
        fprintf(stderr, "usage: smoke [-r Name=Value]... DRIVER DEVICE IOCTL OUTSTATE [OUTLEN] [WORD...]\n");
        return 2;
    }
    const char *driver = argv[arg], *device = argv[arg + 1];
    uint32_t code = (uint32_t)strtoul(argv[arg + 2], NULL, 0);
    uint32_t outState = (uint32_t)strtoul(argv[arg + 3], NULL, 0);
    uint32_t outLen = argc - arg > 4 ? (uint32_t)strtoul(argv[arg + 4], NULL, 0) : 16;
    uint32_t words[MAX_WORDS] = { 0 };
    uint32_t wordCount = 0;
    for (int i = arg + 5; i < argc && wordCount < MAX_WORDS; i++)
        words[wordCount++] = (uint32_t)strtoul(argv[i], NULL, 0);
    uint32_t inLen = wordCount * 4 > 16 ? wordCount * 4 : 16;

    SIM_KERNEL_INFO info;
    int rc = SimKernelBoot(2, NULL, 0, &info);
    printf("boot=%d user=%#lx probe=%#lx canary=%#lx secret=%#lx\n", rc, (unsigned long)info.UserRegionStart,
           (unsigned long)info.MmUserProbeAddress, (unsigned long)info.KernelCanaryAddress,
           (unsigned long)info.KernelSecretAddress);
    printf("load=%#x %s\n", (unsigned)SimLoadDriver(driver, registryNames, registryValues, registryCount), SimLastError());
    printf("open=%#x\n", (unsigned)SimOpenDevice(device));
    SIM_CASE c = { 0 };
    c.IoControlCode = code;
    c.GrantedAccess = 3;
    c.Input = (SIM_BUFFER_SPEC){ 0, inLen, 0, inLen, (const uint8_t *)words, inLen, 0 };
    c.Output = (SIM_BUFFER_SPEC){ outState, outLen, 0, outLen, NULL, 0, 0x11 };
    c.CaseId = "smoke";
    static uint8_t in[4 * MAX_WORDS], out[65536];
    SIM_CASE_RESULT r = { 0 };
    r.InputAfter = in;
    r.InputAfterCapacity = sizeof(in);
    r.OutputAfter = out;
    r.OutputAfterCapacity = sizeof(out);
    rc = SimExecuteCase(&c, &r);
    printf("rc=%d status=%#x info=%lu flags=%#x out0=%#x\n", rc, (unsigned)r.Status, (unsigned long)r.Information,
           r.Flags, out[0]);
    printf("out[0..%u):", outLen < 16 ? outLen : 16);
    for (uint32_t i = 0; i < outLen && i < 16; i++)
        printf(" %02x", out[i]);
    printf("\n");
    static SIM_ACCESS_RECORD touches[SIM_ACCESS_TRACE_CAPACITY];
    uint64_t dropped = 0;
    uint32_t touchCount = SimAccessTraceRead(touches, SIM_ACCESS_TRACE_CAPACITY, &dropped);
    printf("user touches=%u dropped=%lu\n", touchCount, (unsigned long)dropped);
    for (uint32_t i = 0; i < touchCount && i < 64; i++) {
        printf("  %s ", (touches[i].Flags & SIM_ACCESS_WRITE) ? "write" : "read ");
        PrintPlace(touches[i].Address, &r, inLen, outLen);
        printf(" size=%-5u %s %s code=%#lx\n", touches[i].Size,
               (touches[i].Flags & SIM_ACCESS_IN_TRY) ? "try   " : "no-try",
               (touches[i].Flags & SIM_ACCESS_PROBED) ? "probed  " : "unprobed",
               (unsigned long)touches[i].ReturnAddress);
    }
    if (touchCount > 64)
        printf("  ... %u more\n", touchCount - 64);
    static uint8_t events[65536];
    uint32_t eventBytes = SimTraceDrain(events, sizeof(events));
    uint32_t eventCount = 0;
    for (uint32_t at = 0; at + 4 <= eventBytes; eventCount++) {
        uint32_t size;
        memcpy(&size, events + at, sizeof(size));
        if (size == 0)
            break;
        /* The event name follows the header (u32, u32, u64, u64) and the provider name. */
        const char *provider = (const char *)events + at + 24;
        printf("  event %s\n", provider + strlen(provider) + 1);
        at += size;
    }
    printf("events=%u (%u bytes) lost=%lu\n", eventCount, eventBytes, (unsigned long)SimTraceLostCount());
    return 0;
}
