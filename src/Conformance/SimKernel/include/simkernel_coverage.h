/*
 * simkernel_coverage.h - force-included into every source of a driver's coverage build
 * (coverage.mk, build-driver with coverage; docs/coverage.md).
 *
 * libgcov (gcc) and compiler-rt's profile runtime (clang) are linked into the driver's library with
 * their dump and reset routines hidden, so dlsym cannot find them; this export calls them from
 * inside. Weak: every source defines it and the link keeps one. Not instrumented itself, so it adds
 * no counters of its own.
 */
#ifndef SIMKERNEL_COVERAGE_H
#define SIMKERNEL_COVERAGE_H

void __gcov_dump(void);
void __gcov_reset(void);

/* Write the counters into the .gcda files (summed with what earlier hosts wrote), then zero them. */
__attribute__((weak, visibility("default"), no_profile_instrument_function, no_sanitize_address))
void SimDriverCoverageFlush(void)
{
    __gcov_dump();
    __gcov_reset();
}

#endif
