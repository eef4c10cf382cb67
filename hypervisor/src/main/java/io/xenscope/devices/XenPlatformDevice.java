package io.xenscope.devices;

import io.xenscope.memory.IoBus;
import io.xenscope.memory.IoPortHandler;

/**
 * Xen's platform PCI device 5853:0001 at 00:02.0, as QEMU's hw/i386/xen/xen_platform.c: class
 * 0xFF80 (other), revision 1, subsystem 5853:0001, command I/O|memory enabled, interrupt pin A,
 * BAR0 256 bytes of I/O, BAR1 16 MiB of prefetchable memory (where PV drivers place grant-table
 * and shared-info frames; the memory itself reads 0 in QEMU and is not decoded here).
 *
 * <p>The fixed I/O ports 0x10-0x1F (platform_fixed_ioport) are what Linux's
 * xen_unplug_emulated_devices and the Windows PV drivers talk to: word 0x10 reads the magic
 * 0x49D2, byte 0x12 the protocol version 1, byte 0x10 the platform flags; a word write to 0x10
 * unplugs emulated devices (bit 0 IDE disks, 1 NICs, 2 auxiliary IDE disks — there are none here,
 * the mask is recorded), a word write to 0x12 gives the PV driver product number, a dword write to
 * 0x10 its build number, a byte write to 0x12 a log byte. While I/O decoding is enabled, BAR0's
 * first byte reads the flags and byte 8 is the same log port.
 */
public final class XenPlatformDevice extends PciFunction {
    public static final int VENDOR_XEN = 0x5853, DEVICE_PLATFORM = 0x0001;
    public static final int FIXED_IOPORT = 0x10;
    public static final int MAGIC = 0x49d2;
    public static final int DEVICE = 2;

    private final IoBus io;
    private int flags, unplugMask, productNumber, buildNumber;
    private int mappedIoBase = -1;
    private final StringBuilder log = new StringBuilder();
    private final PlatformSink sink;

    public XenPlatformDevice(IoBus io, PlatformSink sink) {
        super(VENDOR_XEN, DEVICE_PLATFORM, 1, 0xff8000, 0x00);
        this.io = io;
        this.sink = sink;
        put16(SUBSYSTEM_VENDOR_ID, VENDOR_XEN);
        put16(SUBSYSTEM_ID, DEVICE_PLATFORM);
        put16(COMMAND, COMMAND_IO | COMMAND_MEMORY);
        config[INTERRUPT_PIN] = 1;
        bar(0, 0x100, BAR_IO);
        bar(1, 0x1000000, BAR_MEM_PREFETCH);
        io.register(FIXED_IOPORT, 16, new IoPortHandler() {
            @Override
            public int in(int port, int size) {
                int at = port - FIXED_IOPORT;
                return switch (size) {
                    case 1 -> at == 0 ? flags : at == 2 ? 1 : 0xff;
                    case 2 -> at == 0 ? MAGIC : 0xffff;
                    default -> -1;
                };
            }

            @Override
            public void out(int port, int size, int value) {
                int at = port - FIXED_IOPORT;
                switch (size) {
                    case 1 -> {
                        if (at == 0) {
                            flags = value & 1; // PFFLAG_ROM_LOCK
                        } else if (at == 2) {
                            log(value);
                        }
                    }
                    case 2 -> {
                        if (at == 0) {
                            unplugMask |= value & 0xffff;
                        } else if (at == 2) {
                            productNumber = value & 0xffff;
                        }
                    }
                    default -> {
                        if (at == 0) {
                            buildNumber = value;
                        }
                    }
                }
            }
        });
    }

    /** The GSI Xen wires this device's INTA to (hvm_pci_intx_gsi): 24. */
    public static int intxGsi() {
        return PciIntxRouter.gsi(DEVICE, 0);
    }

    public int unplugMask() {
        return unplugMask;
    }

    public int productNumber() {
        return productNumber;
    }

    public int buildNumber() {
        return buildNumber;
    }

    /** The PV drivers' log port: a line at a time to the console as "xen-platform". */
    private void log(int b) {
        if (b == '\n' || log.length() == 4095) {
            log.append('\n');
            sink.consoleOutput("xen-platform", log.toString().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            log.setLength(0);
        } else {
            log.append((char) (b & 0xff));
        }
    }

    @Override
    protected void written(int offset, int size) {
        long base = bar(0) & 0xfffffffcL;
        // unmapped while I/O decoding is off, at 0, or beyond the 64 KiB port space (a BAR being sized)
        int wanted = (command() & COMMAND_IO) != 0 && base != 0 && base + 0x100 <= 0x10000 ? (int) base : -1;
        if (wanted == mappedIoBase) {
            return;
        }
        if (mappedIoBase >= 0) {
            io.register(mappedIoBase, 0x100, null);
        }
        mappedIoBase = wanted;
        if (wanted >= 0) {
            io.register(wanted, 0x100, new IoPortHandler() {
                @Override
                public int in(int port, int size) {
                    return port - wanted == 0 ? flags : size == 4 ? -1 : (1 << size * 8) - 1;
                }

                @Override
                public void out(int port, int size, int value) {
                    if (port - wanted == 0) {
                        flags = value & 1;
                    } else if (port - wanted == 8) {
                        log(value);
                    }
                }
            });
        }
    }
}
