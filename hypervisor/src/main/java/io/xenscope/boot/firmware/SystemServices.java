package io.xenscope.boot.firmware;

import io.xenscope.memory.PhysicalMemory;

/**
 * int 15h as SeaBIOS's system.c answers it (E820h with the SMAP signature and a continuation value
 * in EBX, E801h, 88h, 24h A20 gate, 87h block move, C0h configuration table), and int 11h/12h from the BDA.
 * Unknown functions: CF set, AH = 86h (RET_EUNSUPPORTED).
 */
final class SystemServices implements BiosService {
    static final long SMAP = 0x534D4150L;
    static final int EUNSUPPORTED = 0x86;
    private final Bios bios;
    private final E820Map map;
    private boolean a20 = true;

    SystemServices(Bios bios, E820Map map) {
        this.bios = bios;
        this.map = map;
    }

    @Override
    public void call(BiosCall c) {
        switch (c.vector()) {
            case 0x11 -> c.setAx(c.memory().read16(BiosDataArea.BDA + BiosDataArea.EQUIPMENT));
            case 0x12 -> c.setAx(c.memory().read16(BiosDataArea.BDA + BiosDataArea.MEMORY_KIB));
            default -> int15(c);
        }
    }

    private void int15(BiosCall c) {
        long ram = map.ramSize();
        switch (c.ah()) {
            case 0x24 -> a20Gate(c);
            case 0x87 -> blockMove(c);
            case 0x88 -> { // KiB above 1 MiB, at most 63 MiB
                c.setAx(ram > 64L << 20 ? 63 * 1024 : (int) ((ram - (1 << 20)) / 1024));
                c.setCarry(false);
            }
            case 0xc0 -> {
                c.cpu().seg[io.xenscope.cpu.Cpu.ES].loadReal(BiosRom.SEGMENT);
                c.setReg16(3, BiosRom.CONFIG_TABLE);
                c.success();
            }
            case 0xe8 -> {
                if (c.al() == 0x01) {
                    e801(c, ram);
                } else if (c.al() == 0x20) {
                    e820(c);
                } else {
                    c.fail(EUNSUPPORTED);
                }
            }
            default -> {
                bios.unsupported(c, String.format("int 15h AH=%02Xh", c.ah()));
                c.fail(EUNSUPPORTED);
            }
        }
    }

    /** AX=2400h-2403h. The gate's state is kept, but memory never wraps at 1 MiB: A20 masking is not emulated. */
    private void a20Gate(BiosCall c) {
        switch (c.al()) {
            case 0x00 -> {
                a20 = false;
                bios.note("int 15h AX=2400h disables A20: XenScope does not emulate the A20 mask (addresses never wrap at 1 MiB)");
                c.success();
            }
            case 0x01 -> {
                a20 = true;
                c.success();
            }
            case 0x02 -> {
                c.setAl(a20 ? 1 : 0);
                c.success();
            }
            case 0x03 -> {
                c.setReg16(3, 3); // keyboard controller and port 92h
                c.success();
            }
            default -> c.fail(EUNSUPPORTED);
        }
    }

    /**
     * AH=87h: copies CX words between the bases of the source and destination descriptors of the
     * GDT at ES:SI (entries 2 and 3, offsets 10h and 18h), as SeaBIOS's handle_1587 does by
     * entering protected mode; here the copy is physical (A20 is never masked).
     */
    private static void blockMove(BiosCall c) {
        PhysicalMemory m = c.memory();
        long gdt = BiosCall.linear(c.es(), c.si());
        byte[] words = new byte[2 * c.cx()];
        m.readBytes(descriptorBase(m, gdt + 0x10), words, 0, words.length);
        m.writeBytes(descriptorBase(m, gdt + 0x18), words, 0, words.length);
        c.success();
    }

    private static long descriptorBase(PhysicalMemory m, long descriptor) {
        return m.read16(descriptor + 2) | (long) m.read8(descriptor + 4) << 16 | (long) m.read8(descriptor + 7) << 24;
    }

    /** AX=E801h: CX/AX = KiB from 1 to 16 MiB (at most 15 MiB), DX/BX = 64 KiB blocks above 16 MiB. */
    private static void e801(BiosCall c, long ram) {
        int low, high;
        if (ram > 16L << 20) {
            low = 15 * 1024;
            high = (int) ((ram - (16L << 20)) / (64 * 1024));
        } else {
            low = (int) ((ram - (1 << 20)) / 1024);
            high = 0;
        }
        c.setAx(low);
        c.setReg16(1, low);
        c.setReg16(3, high);
        c.setReg16(2, high);
        c.setCarry(false);
    }

    /** EAX=E820h, EDX='SMAP': entry EBX to ES:DI; EBX = next entry, 0 after the last; EAX='SMAP', ECX=20. */
    /**
     * AX=E820h as SeaBIOS's handle_15e820: the entry index is BX (16 bits of the continuation), a
     * buffer (ECX) smaller than an entry is refused, the next continuation is EBX + 1 (0 after the last).
     */
    private void e820(BiosCall c) {
        long index = c.reg32(3) & 0xffff;
        if (c.reg32(2) != SMAP || index >= map.entries().size() || (c.reg32(1) & 0xffffffffL) < 20) {
            c.fail(EUNSUPPORTED);
            return;
        }
        E820Map.Entry e = map.entries().get((int) index);
        PhysicalMemory m = c.memory();
        long at = BiosCall.linear(c.es(), c.di());
        m.write64(at, e.base());
        m.write64(at + 8, e.length());
        m.write32(at + 16, e.type());
        c.setReg32(3, index == map.entries().size() - 1 ? 0 : c.reg32(3) + 1);
        c.setEax(SMAP);
        c.setReg32(1, 20);
        c.setCarry(false);
    }
}
