package io.xenscope.cpu.fault;

/** #GP general protection (vector 13). The error code is a segment selector index (SDM Vol. 3 §6.13), or 0. */
public final class GeneralProtection extends GuestFault {
    public GeneralProtection(int errorCode) {
        this(errorCode, "");
    }

    public GeneralProtection(int errorCode, String detail) {
        super(13, "#GP", errorCode, true, detail);
    }
}
