package io.xenscope.cpu.exec;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.fault.GuestFault;

/**
 * What happens when the guest raises an exception or an interrupt is accepted. Bare-metal guests
 * get the hardware's behaviour (IVT in real mode, IDT gates otherwise); a PV guest's exceptions are
 * taken by Xen and bounced to the guest's trap table; tests may simply stop.
 *
 * <p>On entry {@code cpu.rip} is the address the fault reports (the faulting instruction, or the
 * next one for traps). Implementations change the CPU state to enter the handler, or ask the engine
 * to stop through the returned value.
 */
public interface ExceptionDelivery {
    /** Delivers {@code fault}; returns false to stop the engine with {@link StopReason#GUEST_FAULT}. */
    boolean deliverException(Cpu cpu, GuestFault fault);

    /**
     * Delivers external interrupt or software interrupt {@code vector}; {@code software} is true
     * for int n / int3 / into (their gate DPL is checked against CPL). Returns false to stop the
     * engine (the interrupt is then not delivered). May throw a {@link GuestFault} raised during
     * delivery (e.g. #GP for a gate whose DPL is below CPL), which the engine delivers in turn.
     */
    boolean deliverInterrupt(Cpu cpu, int vector, boolean software);

    /** A policy that never delivers: every fault stops the engine (tests, fuzzing). */
    ExceptionDelivery STOP = new ExceptionDelivery() {
        @Override
        public boolean deliverException(Cpu cpu, GuestFault fault) {
            return false;
        }

        @Override
        public boolean deliverInterrupt(Cpu cpu, int vector, boolean software) {
            return false;
        }
    };
}
