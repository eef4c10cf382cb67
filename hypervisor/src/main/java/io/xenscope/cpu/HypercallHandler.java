package io.xenscope.cpu;

/**
 * What vmcall/vmmcall do: the hypervisor's hypercall entry. Called with {@link Cpu#rip} already at
 * the next instruction; may change any state (registers, RIP, mode) or throw a guest fault.
 */
@FunctionalInterface
public interface HypercallHandler {
    void vmcall(Cpu cpu);
}
