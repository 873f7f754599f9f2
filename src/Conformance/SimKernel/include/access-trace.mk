# access-trace.mk - the compiler flags of the access trace (README.md, "The access trace"), for a
# driver's simulator build. Driver Makefiles include it so the flags are written once; it lives next
# to the headers because <wdm.h> switches the driver's memcpy family to the shim's recording copies
# on the macro these flags define (__SANITIZE_ADDRESS__).
#
# -fsanitize=kernel-address   gcc calls __asan_{load,store}{1,2,4,8,16,N}_noabort before each load
#                             and store of the driver's own code; libsimkernel records the touches
#                             of user memory (DESIGN.md section 4).
# call threshold 0            calls only, never inline shadow checks: there is no shadow memory.
# asan-stack=0, asan-globals=0 no stack redzones, no global registration: libsimkernel then defines
#                             every __asan_* symbol the objects import.
SIMKERNEL_ACCESS_TRACE_CFLAGS := -fsanitize=kernel-address \
                                 --param asan-instrumentation-with-call-threshold=0 \
                                 --param asan-stack=0 --param asan-globals=0
