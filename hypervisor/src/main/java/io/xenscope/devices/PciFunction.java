package io.xenscope.devices;

/**
 * The 256-byte type 0 configuration space of one PCI function (PCI Local Bus Specification 3.0
 * §6.1): identity registers, a command register with the bits QEMU lets software write (I/O,
 * memory, bus master, parity and SERR response, INTx disable), cache line size, latency timer and
 * interrupt line read/write, and BARs sized as hardware does: writing all ones reads back the
 * size mask with the type bits. Function-specific writable bytes are declared with
 * {@link #writable}.
 */
public class PciFunction {
    public static final int VENDOR_ID = 0x00, DEVICE_ID = 0x02, COMMAND = 0x04, STATUS = 0x06, REVISION = 0x08,
            CLASS_PROG = 0x09, CLASS_DEVICE = 0x0a, CACHE_LINE_SIZE = 0x0c, LATENCY_TIMER = 0x0d, HEADER_TYPE = 0x0e,
            BAR0 = 0x10, SUBSYSTEM_VENDOR_ID = 0x2c, SUBSYSTEM_ID = 0x2e, INTERRUPT_LINE = 0x3c, INTERRUPT_PIN = 0x3d;
    public static final int COMMAND_IO = 1, COMMAND_MEMORY = 2, COMMAND_MASTER = 4;
    public static final int BAR_IO = 1, BAR_MEM_PREFETCH = 8;
    /** QEMU's default subsystem ids for devices that set none (PCI_SUBVENDOR_ID_REDHAT_QUMRANET, PCI_SUBDEVICE_ID_QEMU). */
    public static final int QEMU_SUBSYSTEM_VENDOR = 0x1af4, QEMU_SUBSYSTEM = 0x1100;

    protected final byte[] config = new byte[256];
    private final byte[] writeMask = new byte[256];

    public PciFunction(int vendor, int device, int revision, int classCode, int headerType) {
        put16(VENDOR_ID, vendor);
        put16(DEVICE_ID, device);
        config[REVISION] = (byte) revision;
        config[CLASS_PROG] = (byte) classCode;
        put16(CLASS_DEVICE, classCode >> 8);
        config[HEADER_TYPE] = (byte) headerType;
        put16(SUBSYSTEM_VENDOR_ID, QEMU_SUBSYSTEM_VENDOR);
        put16(SUBSYSTEM_ID, QEMU_SUBSYSTEM);
        writable(COMMAND, 2, 0x0547);
        writable(CACHE_LINE_SIZE, 1, 0xff);
        writable(LATENCY_TIMER, 1, 0xff);
        writable(INTERRUPT_LINE, 1, 0xff);
    }

    protected final void put16(int at, int v) {
        config[at] = (byte) v;
        config[at + 1] = (byte) (v >> 8);
    }

    protected final void put32(int at, int v) {
        put16(at, v);
        put16(at + 2, v >>> 16);
    }

    /** Declares which bits of the {@code length}-byte register at {@code at} software may write. */
    protected final void writable(int at, int length, long mask) {
        for (int i = 0; i < length; i++) {
            writeMask[at + i] = (byte) (mask >>> (8 * i));
        }
    }

    /** Declares BAR {@code n}: {@code size} bytes (a power of two), type bits {@code flags}. */
    protected final void bar(int n, int size, int flags) {
        put32(BAR0 + 4 * n, flags);
        writable(BAR0 + 4 * n, 4, ~(size - 1L) & 0xffffffffL);
    }

    public int read(int offset, int size) {
        int v = 0;
        for (int i = 0; i < size; i++) {
            v |= (config[(offset + i) & 0xff] & 0xff) << (8 * i);
        }
        return v;
    }

    public void write(int offset, int size, int value) {
        for (int i = 0; i < size; i++) {
            int at = (offset + i) & 0xff;
            int mask = writeMask[at] & 0xff;
            config[at] = (byte) (config[at] & ~mask | (value >>> (8 * i)) & mask);
        }
        written(offset, size);
    }

    /** Called after a configuration write (a device that decodes its BARs re-maps them here). */
    protected void written(int offset, int size) {
    }

    public int bar(int n) {
        return read(BAR0 + 4 * n, 4);
    }

    public int command() {
        return read(COMMAND, 2);
    }

    /** The i440FX host bridge at 00:00.0 (QEMU hw/pci-host/i440fx.c: revision 2, class 0x0600). */
    public static PciFunction i440fxHostBridge() {
        return new PciFunction(0x8086, 0x1237, 0x02, 0x060000, 0x00);
    }
}
