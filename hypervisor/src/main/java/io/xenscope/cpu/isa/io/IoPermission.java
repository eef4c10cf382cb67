package io.xenscope.cpu.isa.io;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.CpuMode;
import io.xenscope.cpu.SegmentRegister;
import io.xenscope.cpu.fault.GeneralProtection;

/**
 * I/O privilege (SDM Vol. 1 §19.5, §19.5.2): in protected mode at CPL > IOPL, and always in
 * virtual-8086 mode, every port of the access must be clear in the TSS I/O permission bitmap;
 * a 16-bit TSS or a bitmap beyond the TSS limit means no access.
 */
public final class IoPermission {
    private IoPermission() {
    }

    public static void check(Cpu c, int port, int size) {
        if (c.mode == CpuMode.REAL) {
            return;
        }
        int iopl = (int) (c.rflags >>> 12) & 3;
        if (c.mode != CpuMode.VIRTUAL_8086 && c.cpl <= iopl) {
            return;
        }
        SegmentRegister tr = c.tr;
        int type = tr.attributes & 0xf;
        if ((type != 9 && type != 11) || tr.limit < 0x67) {
            throw denied(port, "no 32/64-bit TSS with an I/O bitmap");
        }
        int bitmap = (int) c.mmu.readSupervisor(tr.base + 0x66, 2);
        long byteOffset = bitmap + (port >>> 3);
        if (byteOffset + 1 > tr.limit) {
            throw denied(port, "the I/O bitmap does not cover the port");
        }
        int bits = (int) c.mmu.readSupervisor(tr.base + byteOffset, 2);
        int mask = ((1 << size) - 1) << (port & 7);
        if ((bits & mask) != 0) {
            throw denied(port, "the TSS I/O bitmap denies it");
        }
    }

    private static GeneralProtection denied(int port, String why) {
        return new GeneralProtection(0, String.format("I/O to port 0x%x at CPL > IOPL: %s", port, why));
    }
}
