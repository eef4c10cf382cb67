package io.xenscope.cpu.exec;

/**
 * Thrown by int n, int3, int1 and into (when taken) after the instruction completed: the engine
 * sets RIP to {@link #returnAddress} and hands the vector to the {@link ExceptionDelivery}.
 * (int3 and into are traps, so the saved RIP is the next instruction; SDM Vol. 3 §6.5.)
 */
public final class SoftwareInterrupt extends RuntimeException {
    public final int vector;
    public final long returnAddress;
    /** int1 (icebp) is delivered as a #DB trap without the gate DPL check (SDM Vol. 3 §6.12.1.1). */
    public final boolean privilegedSoftware;

    public SoftwareInterrupt(int vector, long returnAddress, boolean privilegedSoftware) {
        super("int " + vector, null, false, false);
        this.vector = vector;
        this.returnAddress = returnAddress;
        this.privilegedSoftware = privilegedSoftware;
    }
}
