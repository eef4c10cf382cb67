/**
 * System instructions: control and debug registers with the checks of the mode transitions (SDM
 * Vol. 3 §9.8-9.9; {@link io.xenscope.cpu.isa.system.ControlRegisters}), MSRs
 * ({@link io.xenscope.cpu.isa.system.Msrs}), the virtual TSC ({@link io.xenscope.cpu.isa.system.VirtualTsc}:
 * the one place that fixes the TSC ratio), syscall/sysenter ({@link io.xenscope.cpu.isa.system.FastSystemCalls}),
 * cli/sti, cpuid, hlt, invlpg, int n, vmcall (through {@link io.xenscope.cpu.Cpu#vmcallHandler}),
 * xgetbv/xsetbv and the fs/gs base instructions.
 */
package io.xenscope.cpu.isa.system;
