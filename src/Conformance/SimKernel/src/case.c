/*
 * case.c - one case end to end, so the managed side pays one transition per case:
 * build the user buffers (placed, the pointers they carry written, then protected), start the
 * racer, make the call through the I/O manager, read the buffers back, check the kernel canary,
 * release the buffers.
 */
#include <errno.h>
#include <time.h>
#include "simkernel_internal.h"

static uint64_t NowNs(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (uint64_t)now.tv_sec * 1000000000ull + (uint64_t)now.tv_nsec;
}

static int RacerAllowed(const SIM_BUFFER_SPEC *buffer, uint32_t kind)
{
    if (kind == SimRacerFlipBytes)
        return buffer->State == SimMemoryReadWrite || buffer->State == SimMemoryGuardTail;
    return buffer->State != SimMemoryNull && buffer->State != SimMemoryKernel &&
           buffer->State != SimMemoryKernelInvalid;
}

int SimExecuteCase(const SIM_CASE *simCase, SIM_CASE_RESULT *result)
{
    void *input = NULL, *output = NULL;
    result->Flags = 0;
    result->Status = 0;
    result->Information = 0;

    int rc = SimUserBufferPlace(&simCase->Input, 0, &input);
    if (rc == 0)
        rc = SimUserBufferPlace(&simCase->Output, 1, &output);
    if (rc == 0)
        rc = SimPointersWrite(simCase, input, output, result->PointerValues);
    if (rc == 0)
        rc = SimUserBufferSeal(&simCase->Input, input);
    if (rc == 0)
        rc = SimUserBufferSeal(&simCase->Output, output);
    const SIM_BUFFER_SPEC *racedBuffer = simCase->Racer.Target == 1 ? &simCase->Output : &simCase->Input;
    if (rc == 0 && simCase->Racer.Kind != SimRacerNone && !RacerAllowed(racedBuffer, simCase->Racer.Kind))
        rc = -EINVAL;
    if (rc != 0) {
        SimUserBuffersReleaseAll();
        return rc;
    }
    result->InputAddress = (uint64_t)(uintptr_t)input;
    result->OutputAddress = (uint64_t)(uintptr_t)output;

    SimAccessTraceReset();
    SimEdgeCoverageReset();
    SimBugcheckSetCase(simCase->CaseId, simCase->IoControlCode);
    SimTraceSetCase(simCase->CaseId);
    SIM_RACER *racer = NULL;
    if (simCase->Racer.Kind != SimRacerNone) {
        racer = SimRacerStart(&simCase->Racer, racedBuffer, simCase->Racer.Target == 1 ? output : input);
        if (racer == NULL) {
            SimUserBuffersReleaseAll();
            return -EAGAIN;
        }
    }

    SIM_IO_RESULT io;
    uint64_t start = NowNs();
    SimSehEnterDriver(SimInSystemService);
    SimNtDeviceIoControlFile(simCase->IoControlCode, simCase->GrantedAccess, input, simCase->Input.DeclaredLength,
                             output, simCase->Output.DeclaredLength, &io);
    SimSehLeaveDriver();
    result->ElapsedNs = NowNs() - start;
    SimRacerStop(racer);

    result->Status = io.Status;
    result->Information = io.Information;
    if (io.ReachedDriver)
        result->Flags |= SIM_RESULT_REACHED_DRIVER;
    if (io.InformationObserved)
        result->Flags |= SIM_RESULT_INFORMATION_OBSERVED;
    if (io.ReachedDriver && !io.Completed)
        result->Flags |= SIM_RESULT_IRP_NOT_COMPLETED;
    if (io.ReachedDriver && SimAccessTraceComplete())
        result->Flags |= SIM_RESULT_ACCESS_TRACED;
    if (io.ReachedDriver && SimEdgeCoverageRead(NULL, NULL))
        result->Flags |= SIM_RESULT_EDGES_TRACED;
    if (SimUserBufferReadBack(&simCase->Input, input, result->InputAfter, result->InputAfterCapacity))
        result->Flags |= SIM_RESULT_INPUT_READBACK;
    if (SimUserBufferReadBack(&simCase->Output, output, result->OutputAfter, result->OutputAfterCapacity))
        result->Flags |= SIM_RESULT_OUTPUT_READBACK;
    if (SimKernelCanaryIntact()) {
        result->Flags |= SIM_RESULT_CANARY_INTACT;
    } else {
        SimKernelCanaryRestore(); /* report once, start the next case clean */
    }
    SimUserBuffersReleaseAll();
    SimTraceSetCase(NULL);
    return 0;
}
