package io.xenscope.xen;

/**
 * A copy to or from guest memory failed (copy_from_guest / copy_to_guest returned non-zero): the
 * hypercall answers -EFAULT. Control flow, never seen outside the hypervisor.
 */
public final class GuestFaultOnCopy extends RuntimeException {
    private final long address;

    public GuestFaultOnCopy(long address, String why) {
        super(String.format("guest address 0x%x: %s", address, why), null, false, false);
        this.address = address;
    }

    public long address() {
        return address;
    }
}
