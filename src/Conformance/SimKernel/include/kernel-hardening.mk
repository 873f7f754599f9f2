# kernel-hardening.mk - the compiler flags that make a driver's simulator build as strict as a
# hardened Windows build (README.md, "Stricter than a process"). Driver Makefiles include it next
# to access-trace.mk and add $(SIMKERNEL_HARDENING_CFLAGS), whether or not the access trace is on.
#
# -fstack-protector-strong   the /GS cookie: a guard word between each frame's arrays (or
#                            address-taken locals) and its return address, checked on return.
#                            A smashed one calls __stack_chk_fail, which <wdm.h> defines in each
#                            driver (hidden) as the WDK links its /GS library into each driver;
#                            it bugchecks 0x139 KERNEL_SECURITY_CHECK_FAILURE with parameter 1 = 2
#                            (FAST_FAIL_STACK_COOKIE_CHECK_FAILURE).
#                            __declspec(safebuffers) opts a function out (no_stack_protector).
SIMKERNEL_HARDENING_CFLAGS := -fstack-protector-strong
