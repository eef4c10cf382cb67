package io.xenscope.cpu.fault;

/**
 * An exception the guest CPU raises (Intel SDM Vol. 3 §6.3, Table 6-1). Thrown by the execution
 * engine, caught by it, and delivered to the guest (IDT/IVT, or Xen's trap table for PV); it never
 * escapes the machine as anything but a guest event. No stack trace: faults are control flow.
 *
 * <p>Faults leave the machine as it was before the faulting instruction (RIP points at it); traps
 * ({@link #isTrap()}) are reported after the instruction completed.
 */
public abstract sealed class GuestFault extends RuntimeException
        permits DivideError, DebugException, Breakpoint, Overflow, BoundRangeExceeded, InvalidOpcode,
        DeviceNotAvailable, DoubleFault, InvalidTss, SegmentNotPresent, StackSegmentFault,
        GeneralProtection, PageFault, FloatingPointError, AlignmentCheck, MachineCheck,
        SimdFloatingPointException {

    private final int vector;
    private final int errorCode;
    private final boolean hasErrorCode;

    protected GuestFault(int vector, String mnemonic, int errorCode, boolean hasErrorCode, String detail) {
        super(mnemonic + (hasErrorCode ? "(0x" + Integer.toHexString(errorCode) + ")" : "")
                + (detail == null || detail.isEmpty() ? "" : ": " + detail), null, false, false);
        this.vector = vector;
        this.errorCode = errorCode;
        this.hasErrorCode = hasErrorCode;
    }

    /** The exception vector, 0..31. */
    public int vector() {
        return vector;
    }

    public int errorCode() {
        return errorCode;
    }

    public boolean hasErrorCode() {
        return hasErrorCode;
    }

    /** Traps (#BP, #OF, and #DB for single-step/data breakpoints) report the address after the instruction. */
    public boolean isTrap() {
        return false;
    }

    /**
     * Contributory exceptions: a second one while delivering the first gives #DF
     * (Intel SDM Vol. 3 §6.15, Table 6-5).
     */
    public boolean isContributory() {
        return switch (vector) {
            case 0, 10, 11, 12, 13 -> true;
            default -> false;
        };
    }

    /** The short name Intel uses: "#PF", "#GP", ... */
    public String mnemonic() {
        return Vectors.mnemonic(vector);
    }
}
