package io.xenscope.devices;

/**
 * PCI INTx lines to interrupt controllers as Xen's hvm/irq.c wires them for an HVM domain: INTx
 * {@code intx} (0-3 = A-D) of device {@code d} drives GSI ((d << 2) + (d >> 3) + intx) % 32 + 16
 * on the I/O APIC (hvm_pci_intx_gsi) and PCI link (d + intx) % 4 (hvm_pci_intx_link), and a link
 * the PIIX3 routes to an ISA IRQ drives that IRQ while any INTx on it is asserted. An ISA IRQ that
 * a link shares with an ISA device follows the link (no such device here).
 */
public final class PciIntxRouter {
    /** How a routed line reaches the controllers (PcPlatform.setIrq). */
    @FunctionalInterface
    interface Lines {
        void set(int irqOrGsi, boolean level);
    }

    private final Piix3IsaBridge piix3;
    private final Lines lines;
    /** Asserted INTx lines, at {@code device * 4 + intx}. */
    private final boolean[] asserted = new boolean[32 * 4];
    private final int[] routedIsaIrq = new int[4];

    PciIntxRouter(Piix3IsaBridge piix3, Lines lines) {
        this.piix3 = piix3;
        this.lines = lines;
        piix3.onRouteChange(this::routesChanged);
    }

    public static int gsi(int device, int intx) {
        return ((device << 2) + (device >> 3) + intx) % 32 + 16;
    }

    public static int link(int device, int intx) {
        return (device + intx) & 3;
    }

    /** Device {@code device} drives its INTx line {@code intx} (0 = INTA). */
    public void set(int device, int intx, boolean level) {
        if (device < 0 || device > 31 || intx < 0 || intx > 3 || asserted[device * 4 + intx] == level) {
            return;
        }
        asserted[device * 4 + intx] = level;
        int gsi = gsi(device, intx);
        lines.set(gsi, anyAsserted(d -> gsi(d / 4, d % 4) == gsi));
        int isa = piix3.route(link(device, intx));
        if (isa != 0) {
            lines.set(isa, isaLevel(isa));
        }
    }

    private interface LinePredicate {
        boolean test(int line);
    }

    private boolean anyAsserted(LinePredicate p) {
        for (int i = 0; i < asserted.length; i++) {
            if (asserted[i] && p.test(i)) {
                return true;
            }
        }
        return false;
    }

    private boolean isaLevel(int isa) {
        return anyAsserted(i -> piix3.route(link(i / 4, i % 4)) == isa);
    }

    /** A PIRQ route changed (hvm_set_pci_link_route): the old ISA IRQ lets go, the new one follows the link. */
    private void routesChanged() {
        for (int link = 0; link < 4; link++) {
            int old = routedIsaIrq[link];
            int now = piix3.route(link);
            if (old == now) {
                continue;
            }
            routedIsaIrq[link] = now;
            if (old != 0) {
                lines.set(old, isaLevel(old));
            }
            if (now != 0) {
                lines.set(now, isaLevel(now));
            }
        }
    }
}
