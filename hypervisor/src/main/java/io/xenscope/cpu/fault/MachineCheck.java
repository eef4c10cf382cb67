package io.xenscope.cpu.fault;

/** #MC machine check (vector 18, no error code). */
public final class MachineCheck extends GuestFault {
    public MachineCheck() {
        this("");
    }

    public MachineCheck(String detail) {
        super(18, "#MC", 0, false, detail);
    }
}
