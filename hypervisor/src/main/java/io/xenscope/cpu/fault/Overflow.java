package io.xenscope.cpu.fault;

/** #OF overflow (vector 4): into with OF set, a trap. */
public final class Overflow extends GuestFault {
    public Overflow() {
        super(4, "#OF", 0, false, "into");
    }

    @Override
    public boolean isTrap() {
        return true;
    }
}
