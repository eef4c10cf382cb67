package io.xenscope.devices;

/**
 * The PIIX3 PCI-to-ISA bridge at 00:01.0 (QEMU hw/isa/piix.c: 8086:7000, class 0x0601, a
 * multi-function device) with its PIRQ route control registers 0x60-0x63 (PIRQA-D: bits 3:0 the
 * ISA IRQ, bit 7 disables the route; 0x80 at reset). Xen's QEMU passes each route to Xen
 * (xen_set_pci_link_route), which then also asserts that ISA IRQ for the link's INTx lines;
 * {@link PciIntxRouter} is told here when a route changes.
 */
public final class Piix3IsaBridge extends PciFunction {
    public static final int PIRQ_ROUTE = 0x60;
    private static final int ROUTE_DISABLED = 0x80;
    private Runnable routeChanged = () -> { };

    public Piix3IsaBridge() {
        super(0x8086, 0x7000, 0x00, 0x060100, 0x80);
        put32(PIRQ_ROUTE, 0x80808080);
        writable(PIRQ_ROUTE, 4, 0x8f8f8f8fL);
    }

    void onRouteChange(Runnable routeChanged) {
        this.routeChanged = routeChanged;
    }

    /** The ISA IRQ PCI link {@code link} (0-3 = PIRQA-D) is routed to, or 0 when the route is disabled. */
    public int route(int link) {
        int v = config[PIRQ_ROUTE + link] & 0xff;
        return (v & ROUTE_DISABLED) != 0 ? 0 : v & 0x0f;
    }

    @Override
    protected void written(int offset, int size) {
        if (offset < PIRQ_ROUTE + 4 && offset + size > PIRQ_ROUTE) {
            routeChanged.run();
        }
    }
}
