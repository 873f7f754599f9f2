/*
 * sal.h - the SAL annotations a WDM driver uses, as no-ops.
 * They matter to the MSVC code analyzer only; the simulator build just has to accept them.
 */
#ifndef SIM_SAL_H
#define SIM_SAL_H

#define _In_
#define _In_opt_
#define _In_z_
#define _In_opt_z_
#define _Out_
#define _Out_opt_
#define _Inout_
#define _Inout_opt_
#define _In_reads_(n)
#define _In_reads_opt_(n)
#define _In_reads_bytes_(n)
#define _In_reads_bytes_opt_(n)
#define _Out_writes_(n)
#define _Out_writes_opt_(n)
#define _Out_writes_bytes_(n)
#define _Out_writes_bytes_opt_(n)
#define _Out_writes_bytes_to_(n, c)
#define _Out_writes_bytes_all_(n)
#define _Out_writes_to_(n, c)
#define _Inout_updates_(n)
#define _Inout_updates_bytes_(n)
#define _Inout_updates_bytes_opt_(n)
#define _Outptr_
#define _Outptr_opt_
#define _Outptr_result_maybenull_
#define _Outptr_result_buffer_(n)
#define _Outptr_result_bytebuffer_(n)
#define _Ret_maybenull_
#define _Ret_notnull_
#define _Ret_z_
#define _Result_nullonfailure_
#define _Must_inspect_result_
#define _Check_return_
#define _Success_(e)
#define _Use_decl_annotations_
#define _When_(c, a)
#define _At_(t, a)
#define _Pre_satisfies_(e)
#define _Post_satisfies_(e)
#define _Pre_notnull_
#define _Post_writable_byte_size_(n)
#define _Post_invalid_
#define _Post_ptr_invalid_
#define _Printf_format_string_
#define _Analysis_assume_(e)
#define _Analysis_mode_(m)
#define _Field_size_(n)
#define _Field_size_bytes_(n)
#define _Field_size_bytes_part_(n, c)
#define _Field_range_(a, b)
#define _In_range_(a, b)
#define _Out_range_(a, b)
#define _Frees_ptr_
#define _Frees_ptr_opt_
#define _Reserved_
#define _Null_terminated_
#define _Dispatch_type_(t)
#define _Function_class_(c)
#define _IRQL_requires_(i)
#define _IRQL_requires_max_(i)
#define _IRQL_requires_min_(i)
#define _IRQL_requires_same_
#define _IRQL_raises_(i)
#define _IRQL_saves_
#define _IRQL_restores_
#define _IRQL_always_function_max_(i)
#define _Kernel_float_saved_
#define _Kernel_float_restored_
#define _Kernel_requires_resource_held_(r)
#define _Requires_lock_held_(l)
#define _Requires_lock_not_held_(l)
#define _Acquires_lock_(l)
#define _Releases_lock_(l)
#define _Guarded_by_(l)
#define _Interlocked_
#define _Interlocked_operand_
#define __drv_aliasesMem
#define __drv_allocatesMem(k)
#define __drv_freesMem(k)
#define __drv_dispatchType(t)
#define __drv_maxIRQL(i)
#define __drv_requiresIRQL(i)
#define __drv_when(c, a)
#define __drv_strictTypeMatch(m)
#define __drv_reportError(m)
#define __in
#define __in_opt
#define __out
#define __out_opt
#define __inout
#define __inout_opt
#define __in_bcount(n)
#define __out_bcount(n)
#define IN
#define OUT
#define OPTIONAL
#define UNALIGNED
#define RESTRICTED_POINTER
#define POINTER_ALIGNMENT

#endif
