package io.xenscope.cpu.fault;

/** #XM SIMD floating-point exception (vector 19, no error code). */
public final class SimdFloatingPointException extends GuestFault {
    public SimdFloatingPointException() {
        this("");
    }

    public SimdFloatingPointException(String detail) {
        super(19, "#XM", 0, false, detail);
    }
}
