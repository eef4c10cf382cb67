package io.xenscope.xen;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.Flags;
import io.xenscope.cpu.HypercallHandler;

/**
 * Xen's LSTAR entry for a 64-bit PV vCPU (x86_64/entry.S lstar_enter / syscall_enter): a syscall
 * from the guest kernel is a hypercall (dispatched by number in rax); from guest user mode it is
 * bounced to the syscall callback the kernel registered (switch_to_kernel), with the user's
 * rcx/r11 (return RIP and RFLAGS) in the frame.
 */
final class PvSyscallEntry implements HypercallHandler {
    private final Vcpu v;
    private final HypercallDispatcher dispatcher;

    PvSyscallEntry(Vcpu v, HypercallDispatcher dispatcher) {
        this.v = v;
        this.dispatcher = dispatcher;
    }

    @Override
    public void vmcall(Cpu cpu) {
        if (v.kernelMode) {
            dispatcher.enter(v);
            return;
        }
        if (v.syscallCallback == 0) {
            v.domain.crash(String.format("syscall from guest user mode at rip 0x%x with no syscall callback"
                    + " registered (CALLBACKTYPE_syscall)", cpu.rip));
            cpu.rip -= 2;
            return;
        }
        if (v.domain.traps(v).createBounceFrame(v.syscallCallback,
                v.syscallDisablesEvents ? PvTraps.TBF_INTERRUPT : 0, 0)) {
            cpu.setRflags(Flags.read(cpu) & ~Flags.DF);
        }
    }
}
