package io.xenscope.devices;

/** One interrupt request line from a device to the interrupt controllers. */
@FunctionalInterface
public interface IrqLine {
    void set(boolean asserted);

    /**
     * An edge, as Xen's virtual platform timers deliver one (vpt.c pt_update_irq:
     * hvm_isa_irq_deassert then hvm_isa_irq_assert): the line ends asserted.
     */
    default void pulse() {
        set(false);
        set(true);
    }
}
