package io.xenscope.debug;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.exec.ExceptionDelivery;
import io.xenscope.cpu.fault.GuestFault;

/**
 * The exception delivery of a debugged PVH or HVM guest: {@code stop} sees each exception first and,
 * when a debugger's fault filter wants it, keeps it from being delivered (the engine is asked to
 * stop; the faulting instruction runs again on resume); otherwise {@code inner} delivers it.
 */
record IdtFaultStops(ExceptionDelivery inner, Interceptor stop) implements ExceptionDelivery {
    @FunctionalInterface
    interface Interceptor {
        /** True when the debugger stops here instead of delivering {@code fault}. */
        boolean intercept(Cpu cpu, GuestFault fault);
    }

    @Override
    public boolean deliverException(Cpu cpu, GuestFault fault) {
        return stop.intercept(cpu, fault) || inner.deliverException(cpu, fault);
    }

    @Override
    public boolean deliverInterrupt(Cpu cpu, int vector, boolean software) {
        return inner.deliverInterrupt(cpu, vector, software);
    }
}
