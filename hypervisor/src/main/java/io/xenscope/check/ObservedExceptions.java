package io.xenscope.check;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.exec.ExceptionDelivery;
import io.xenscope.cpu.fault.GuestFault;
import java.util.function.BiConsumer;

/**
 * An exception delivery that tells {@code seen} about each exception before {@code inner} delivers
 * it. PVH and HVM guests take their exceptions through their own IDT, which Xen never sees (no VM
 * exit), so no {@code MachineEvent.GuestFault} reports them; the boot check watches the CPU instead.
 * On entry the CPU state is the faulting instruction's (see {@link ExceptionDelivery}).
 */
record ObservedExceptions(ExceptionDelivery inner, BiConsumer<Cpu, GuestFault> seen) implements ExceptionDelivery {
    @Override
    public boolean deliverException(Cpu cpu, GuestFault fault) {
        seen.accept(cpu, fault);
        return inner.deliverException(cpu, fault);
    }

    @Override
    public boolean deliverInterrupt(Cpu cpu, int vector, boolean software) {
        return inner.deliverInterrupt(cpu, vector, software);
    }
}
