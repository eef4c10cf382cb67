package io.xenscope.xen;

/**
 * One hypercall handler: do_&lt;name&gt;(args) as Xen's pv_hypercall_table has it. Arguments are the
 * raw 64-bit register values (rdi, rsi, rdx, r10, r8, r9); the result goes to rax. Guest pointers
 * are read through {@link Vcpu#guest()}; a bad pointer throws {@link GuestFaultOnCopy}, which the
 * dispatcher answers with -EFAULT.
 */
@FunctionalInterface
public interface Hypercall {
    long call(Vcpu v, long a1, long a2, long a3, long a4, long a5, long a6);
}
