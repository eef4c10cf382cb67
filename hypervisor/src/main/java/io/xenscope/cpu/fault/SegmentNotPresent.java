package io.xenscope.cpu.fault;

/** #NP segment not present (vector 11). The error code is a segment selector index (SDM Vol. 3 §6.13), or 0. */
public final class SegmentNotPresent extends GuestFault {
    public SegmentNotPresent(int errorCode) {
        this(errorCode, "");
    }

    public SegmentNotPresent(int errorCode, String detail) {
        super(11, "#NP", errorCode, true, detail);
    }
}
