package io.xenscope.cpu.fault;

/** #TS invalid TSS (vector 10). The error code is a segment selector index (SDM Vol. 3 §6.13), or 0. */
public final class InvalidTss extends GuestFault {
    public InvalidTss(int errorCode) {
        this(errorCode, "");
    }

    public InvalidTss(int errorCode, String detail) {
        super(10, "#TS", errorCode, true, detail);
    }
}
