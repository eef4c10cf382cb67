package io.xenscope.cpu.fault;

/** #UD invalid opcode (vector 6, no error code). */
public final class InvalidOpcode extends GuestFault {
    public InvalidOpcode() {
        this("");
    }

    public InvalidOpcode(String detail) {
        super(6, "#UD", 0, false, detail);
    }
}
