# edge-coverage.mk - the compiler flag of the edge coverage (docs/fuzz.md, "Edge coverage"), for a
# driver's simulator build. Driver Makefiles include it next to access-trace.mk; libsimkernel
# (src/cov.c) implements the callback.
#
# -fsanitize-coverage=trace-pc  a call to __sanitizer_cov_trace_pc() at the start of every basic
#                               block of the driver's own code; libsimkernel turns consecutive
#                               blocks into edges. gcc 12 knows only trace-pc and trace-cmp;
#                               clang 14 knows trace-pc too (and trace-pc-guard, which gcc lacks),
#                               so trace-pc is the one scheme both builds share (build-driver's
#                               clang command adds the same flag).
SIMKERNEL_EDGE_COVERAGE_CFLAGS := -fsanitize-coverage=trace-pc
