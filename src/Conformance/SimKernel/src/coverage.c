/*
 * coverage.c - writing out the counters of a driver's coverage build (docs/coverage.md).
 *
 * A driver built with the shim's coverage.mk (or `build-driver` for `run --coverage`) carries gcov
 * counters and exports SimDriverCoverageFlush (simkernel_coverage.h), which writes them into the
 * build's .gcda files (adding to what earlier hosts wrote) and zeroes them. A host dies in ways that
 * skip the exit-time dump: a bugcheck ends it with _exit, a hang with SIGKILL. So the host flushes
 * after every case (a killed host loses at most the case in flight), and the bugcheck path flushes
 * once more after its record is on disk, to keep the crashing case's counters up to the crash.
 */
#include <dlfcn.h>
#include <unistd.h>
#include "simkernel_internal.h"

/* Seconds the bugcheck path gives the dump: it is not async-signal-safe (libgcov uses stdio), so a
   lock held by the interrupted code could block it; SIGALRM's default action then ends the host. */
#define BUGCHECK_FLUSH_SECONDS 5u

typedef void (*SIM_COVERAGE_FLUSH)(void);

static SIM_COVERAGE_FLUSH DriverCoverageFlush;

void SimCoverageAttach(void *driverLibrary)
{
    DriverCoverageFlush = (SIM_COVERAGE_FLUSH)dlsym(driverLibrary, "SimDriverCoverageFlush");
}

int SimCoverageEnabled(void) { return DriverCoverageFlush != NULL; }

void SimCoverageFlush(void)
{
    if (DriverCoverageFlush != NULL)
        DriverCoverageFlush();
}

void SimCoverageFlushOnBugcheck(void)
{
    if (DriverCoverageFlush == NULL)
        return;
    alarm(BUGCHECK_FLUSH_SECONDS);
    DriverCoverageFlush();
}
