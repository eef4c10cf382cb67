package io.xenscope.devices;

import io.xenscope.memory.IoBus;
import io.xenscope.memory.IoPortHandler;

/**
 * PCI configuration mechanism #1 (PCI Local Bus Specification 3.0 §3.2.2.3.2, QEMU's
 * hw/pci/pci_host.c): CONFIG_ADDRESS at 0xCF8, written and read as a dword only (enable bit 31,
 * bus, device, function, register); CONFIG_DATA at 0xCFC-0xCFF, byte, word or dword accesses at
 * the register plus the port's offset. Bus 0 only; functions nobody claims read all ones and
 * ignore writes (the master abort), as do accesses while the enable bit is clear. The byte at
 * 0xCF9 is the PIIX3 reset control register ({@link ResetControl}).
 */
public final class PciConfigSpace {
    public static final int CONFIG_ADDRESS = 0xcf8, CONFIG_DATA = 0xcfc;

    private final PciFunction[] functions = new PciFunction[32 * 8];
    private int address;

    public PciConfigSpace(IoBus io) {
        io.register(CONFIG_ADDRESS, 1, new IoPortHandler() {
            @Override
            public int in(int port, int size) {
                return size == 4 ? address : (1 << size * 8) - 1;
            }

            @Override
            public void out(int port, int size, int value) {
                if (size == 4) {
                    address = value & 0x80fffffc;
                }
            }
        });
        io.register(CONFIG_DATA, 4, new IoPortHandler() {
            @Override
            public int in(int port, int size) {
                PciFunction f = selected();
                int all = size == 4 ? -1 : (1 << size * 8) - 1;
                return f == null ? all : f.read((address & 0xfc) + (port & 3), size) & all;
            }

            @Override
            public void out(int port, int size, int value) {
                PciFunction f = selected();
                if (f != null) {
                    f.write((address & 0xfc) + (port & 3), size, value);
                }
            }
        });
    }

    /** Places {@code f} at bus 0, {@code device}.{@code function}. */
    public void attach(int device, int function, PciFunction f) {
        functions[device << 3 | function] = f;
    }

    private PciFunction selected() {
        if ((address & 0x80000000) == 0 || (address >> 16 & 0xff) != 0) {
            return null;
        }
        return functions[address >> 8 & 0xff];
    }
}
