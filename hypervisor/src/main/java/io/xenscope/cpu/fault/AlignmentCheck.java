package io.xenscope.cpu.fault;

/** #AC alignment check (vector 17). The error code is a segment selector index (SDM Vol. 3 §6.13), or 0. */
public final class AlignmentCheck extends GuestFault {
    public AlignmentCheck(int errorCode) {
        this(errorCode, "");
    }

    public AlignmentCheck(int errorCode, String detail) {
        super(17, "#AC", errorCode, true, detail);
    }
}
