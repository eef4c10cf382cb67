package io.xenscope.cpu.fault;

/**
 * #DB debug exception (vector 1). A trap for single-step, data breakpoints and int1 (icebp); a fault
 * for instruction breakpoints (SDM Vol. 3 §17.3.1). The DR6 bits to set travel with it.
 */
public final class DebugException extends GuestFault {
    private final long dr6Bits;
    private final boolean trap;

    public DebugException(long dr6Bits, boolean trap, String detail) {
        super(1, "#DB", 0, false, detail);
        this.dr6Bits = dr6Bits;
        this.trap = trap;
    }

    public long dr6Bits() {
        return dr6Bits;
    }

    @Override
    public boolean isTrap() {
        return trap;
    }
}
