package io.xenscope.cpu.fault;

/** #BR BOUND range exceeded (vector 5, no error code). */
public final class BoundRangeExceeded extends GuestFault {
    public BoundRangeExceeded() {
        this("");
    }

    public BoundRangeExceeded(String detail) {
        super(5, "#BR", 0, false, detail);
    }
}
