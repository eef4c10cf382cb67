package io.xenscope.xen;

/**
 * What the machine reports while a guest runs: the typed events a front end (CLI, debug adapter,
 * language server) consumes. {@code instruction} is the vCPU's retired-instruction count when the
 * event happened.
 */
public sealed interface MachineEvent {
    long instruction();

    /**
     * Bytes the guest wrote to a console: {@code source} is "console ring" or "console_io" (Xen's),
     * "com1" or "port 0xe9" (an HVM guest's devices), or "bios": text an HVM guest put on the
     * screen through int 10h, which is no console (not in {@link RunReport#console()}).
     */
    record ConsoleOutput(long instruction, String source, byte[] bytes) implements MachineEvent {
        public static final String BIOS_SCREEN = "bios";

        public String text() {
            return new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
        }
    }

    /** A hypercall and its result (rax on return). */
    record HypercallEvent(long instruction, int vcpu, long rip, int number, String name, long[] args, long result)
            implements MachineEvent {
    }

    /** A hypercall number Xen does not have (or we do not model): -ENOSYS, a porting hint. */
    record UnknownHypercall(long instruction, int vcpu, long rip, int number, String name) implements MachineEvent {
    }

    /** A page-table update real Xen would refuse, with the rule and the guest RIP. */
    record PageTableUpdateRejected(long instruction, io.xenscope.xen.mm.PageTableUpdateRejected rejection)
            implements MachineEvent {
    }

    /**
     * A guest exception taken by Xen: bounced to the guest's handler ({@code bounced}), emulated
     * by Xen ({@code emulated}, e.g. mov %cr3), or fatal (no handler: the domain crashes).
     */
    record GuestFault(long instruction, int vcpu, long rip, int vector, int errorCode, long cr2, String description,
                      boolean bounced, boolean emulated) implements MachineEvent {
    }

    /** The domain shut down (SCHEDOP_shutdown, or a crash Xen imposed: {@code detail} says why). */
    record Shutdown(long instruction, int reason, String reasonName, String detail) implements MachineEvent {
    }

    /** Something a porter should know that is not an error Xen reports (e.g. a deprecated interface). */
    record Hint(long instruction, int vcpu, long rip, String text) implements MachineEvent {
    }

    /** The guest wrote {@code value} to isa-debug-exit: the machine ends with status (value << 1) | 1. */
    record DebugExit(long instruction, int status) implements MachineEvent {
    }

    /**
     * A vCPU that can never run again: hlt with IF=0 (Xen takes it down), or blocked with no timer
     * or interrupt source armed. {@code text} says which, where, and what follows.
     */
    record VcpuHung(long instruction, int vcpu, long rip, String text) implements MachineEvent {
    }

    /** A vCPU came online (VCPUOP_up, VGCF_online) or went down (VCPUOP_down, hlt with IF=0): a debugger's thread starts or exits. */
    record VcpuOnline(long instruction, int vcpu, boolean online) implements MachineEvent {
    }
}
