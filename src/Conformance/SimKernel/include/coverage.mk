# coverage.mk - the flags of a driver's coverage build (docs/coverage.md), for `run --coverage`.
# Driver Makefiles include it when COVERAGE=1 and add both variables; `build-driver` adds the same
# two things for clang (ClangCommand.CoverageFlags).
#
# --coverage                  gcov counters on every arc of the driver's own code, .gcno notes
#                             beside each object, .gcda data written there by the host.
# -include simkernel_coverage.h  defines SimDriverCoverageFlush in the driver: libgcov's dump and
#                             reset are hidden inside the driver's library, so the host reaches
#                             them through this export (after each case, and on a bugcheck).
SIMKERNEL_COVERAGE_CFLAGS := --coverage -include $(SIMKERNEL_INCLUDE)/simkernel_coverage.h
SIMKERNEL_COVERAGE_LDFLAGS := --coverage
