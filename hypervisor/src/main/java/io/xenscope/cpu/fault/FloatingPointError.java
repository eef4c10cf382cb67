package io.xenscope.cpu.fault;

/** #MF x87 floating-point error (vector 16, no error code). */
public final class FloatingPointError extends GuestFault {
    public FloatingPointError() {
        this("");
    }

    public FloatingPointError(String detail) {
        super(16, "#MF", 0, false, detail);
    }
}
