package io.xenscope.cpu.fault;

/** #SS stack-segment fault (vector 12). The error code is a segment selector index (SDM Vol. 3 §6.13), or 0. */
public final class StackSegmentFault extends GuestFault {
    public StackSegmentFault(int errorCode) {
        this(errorCode, "");
    }

    public StackSegmentFault(int errorCode, String detail) {
        super(12, "#SS", errorCode, true, detail);
    }
}
