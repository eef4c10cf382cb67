package io.xenscope.cpu.fault;

/** #DE divide error: div/idiv by zero or quotient overflow (vector 0, no error code). */
public final class DivideError extends GuestFault {
    public DivideError() {
        this("");
    }

    public DivideError(String detail) {
        super(0, "#DE", 0, false, detail);
    }
}
