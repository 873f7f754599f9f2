/* smoke.c - a developer's quick check of libsimkernel without .NET: boot, load the exerciser,
   run one case given on the command line. The real tests are the NUnit ones. */
#include <stdio.h>
#include <stdlib.h>
#include "../include/simkernel.h"

int main(int argc, char **argv)
{
    if (argc < 5) {
        fprintf(stderr, "usage: smoke DRIVER DEVICE IOCTL OUTSTATE [OUTLEN] [PARAM0 PARAM1 PARAM2 PARAM3]\n");
        return 2;
    }
    SIM_KERNEL_INFO info;
    int rc = SimKernelBoot(2, NULL, 0, &info);
    printf("boot=%d user=%#lx probe=%#lx canary=%#lx secret=%#lx\n", rc, (unsigned long)info.UserRegionStart,
           (unsigned long)info.MmUserProbeAddress, (unsigned long)info.KernelCanaryAddress,
           (unsigned long)info.KernelSecretAddress);
    printf("load=%#x %s\n", (unsigned)SimLoadDriver(argv[1], NULL, NULL, 0), SimLastError());
    printf("open=%#x\n", (unsigned)SimOpenDevice(argv[2]));
    uint32_t params[4] = { 0 };
    for (int i = 0; i < 4 && 6 + i < argc; i++)
        params[i] = (uint32_t)strtoul(argv[6 + i], NULL, 0);
    uint32_t outLen = argc > 5 ? (uint32_t)strtoul(argv[5], NULL, 0) : 16;
    SIM_CASE c = { 0 };
    c.IoControlCode = (uint32_t)strtoul(argv[3], NULL, 0);
    c.GrantedAccess = 3;
    c.Input = (SIM_BUFFER_SPEC){ 0, 16, 0, 16, (const uint8_t *)params, 16, 0 };
    c.Output = (SIM_BUFFER_SPEC){ (uint32_t)atoi(argv[4]), outLen, 0, outLen, NULL, 0, 0x11 };
    c.CaseId = "smoke";
    uint8_t in[16], out[65536];
    SIM_CASE_RESULT r = { 0 };
    r.InputAfter = in;
    r.InputAfterCapacity = sizeof(in);
    r.OutputAfter = out;
    r.OutputAfterCapacity = sizeof(out);
    rc = SimExecuteCase(&c, &r);
    printf("rc=%d status=%#x info=%lu flags=%#x out0=%#x\n", rc, (unsigned)r.Status, (unsigned long)r.Information,
           r.Flags, out[0]);
    SIM_ACCESS_RECORD touches[64];
    uint64_t dropped = 0;
    uint32_t touchCount = SimAccessTraceRead(touches, 64, &dropped);
    printf("user touches=%u dropped=%lu\n", touchCount, (unsigned long)dropped);
    for (uint32_t i = 0; i < touchCount; i++)
        printf("  %s in+%ld size=%u flags=%#x code=%#lx\n", (touches[i].Flags & SIM_ACCESS_WRITE) ? "write" : "read ",
               (long)(touches[i].Address - r.InputAddress), touches[i].Size, touches[i].Flags,
               (unsigned long)touches[i].ReturnAddress);
    uint8_t events[65536];
    printf("events=%u bytes lost=%lu\n", SimTraceDrain(events, sizeof(events)), (unsigned long)SimTraceLostCount());
    return 0;
}
