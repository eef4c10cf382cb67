package io.xenscope.cpu.fault;

/** #BP breakpoint (vector 3): int3, a trap. */
public final class Breakpoint extends GuestFault {
    public Breakpoint() {
        super(3, "#BP", 0, false, "int3");
    }

    @Override
    public boolean isTrap() {
        return true;
    }
}
