package io.xenscope.cpu.fault;

/** #NM device not available: x87/SSE with CR0.TS or CR0.EM set (vector 7, no error code). */
public final class DeviceNotAvailable extends GuestFault {
    public DeviceNotAvailable() {
        this("");
    }

    public DeviceNotAvailable(String detail) {
        super(7, "#NM", 0, false, detail);
    }
}
