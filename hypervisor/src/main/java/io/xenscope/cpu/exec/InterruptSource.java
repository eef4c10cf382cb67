package io.xenscope.cpu.exec;

import io.xenscope.cpu.Cpu;

/**
 * The vCPU's INTR line: the interrupt controller (PIC / local APIC, or Xen's event-channel upcall
 * vector) behind it. Polled at block boundaries.
 */
public interface InterruptSource {
    /** An interrupt is waiting for the vCPU (whether or not IF lets it in). */
    boolean pending(Cpu cpu);

    /** Takes the highest-priority pending interrupt; returns its vector, or -1 if none is left. */
    int acknowledge(Cpu cpu);

    InterruptSource NONE = new InterruptSource() {
        @Override
        public boolean pending(Cpu cpu) {
            return false;
        }

        @Override
        public int acknowledge(Cpu cpu) {
            return -1;
        }
    };
}
