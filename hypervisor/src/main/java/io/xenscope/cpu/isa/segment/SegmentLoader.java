package io.xenscope.cpu.isa.segment;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.CpuMode;
import io.xenscope.cpu.SegmentRegister;
import io.xenscope.cpu.fault.GeneralProtection;
import io.xenscope.cpu.fault.SegmentNotPresent;
import io.xenscope.cpu.fault.StackSegmentFault;

/**
 * Loading a data or stack segment register (mov, pop, lds/les/lfs/lgs/lss) with the checks of SDM
 * Vol. 2 MOV (segment register) and Vol. 3 §5.5-5.7: null selectors, table limits, type, DPL/RPL/CPL
 * and present, raising #GP/#SS/#NP with the selector as error code.
 */
public final class SegmentLoader {
    private SegmentLoader() {
    }

    /** Loads {@code selector} into data/stack segment register {@code sreg} (not CS) in the current mode. */
    public static void load(Cpu c, int sreg, int selector) {
        int sel = selector & 0xffff;
        SegmentRegister s = c.seg[sreg];
        if (!c.mode.isProtected()) {
            loadRealMode(c, s, sel);
            return;
        }
        int err = sel & 0xfffc;
        if (err == 0) {
            if (sreg == Cpu.SS && !(c.mode == CpuMode.LONG_64 && c.cpl != 3 && (sel & 3) == c.cpl)) {
                throw new GeneralProtection(0, "null selector loaded into SS");
            }
            loadNull(s, sel);
            return;
        }
        long address = Descriptors.address(c, sel, 8);
        if (address == Descriptors.NONE) {
            throw new GeneralProtection(err, String.format("selector %04x beyond the descriptor table limit", sel));
        }
        long d = Descriptors.read(c, address);
        if (sreg == Cpu.SS) {
            if ((sel & 3) != c.cpl || Descriptors.dpl(d) != c.cpl) {
                throw new GeneralProtection(err, String.format("SS selector %04x: RPL and DPL must equal CPL %d", sel, c.cpl));
            }
            if (!Descriptors.writableData(d)) {
                throw new GeneralProtection(err, String.format("SS selector %04x is not a writable data segment", sel));
            }
            if (!Descriptors.present(d)) {
                throw new StackSegmentFault(err, String.format("stack segment %04x not present", sel));
            }
        } else {
            if (!Descriptors.readable(d)) {
                throw new GeneralProtection(err, String.format("selector %04x is not a data or readable code segment", sel));
            }
            if (!Descriptors.conforming(d) && ((sel & 3) > Descriptors.dpl(d) || c.cpl > Descriptors.dpl(d))) {
                throw new GeneralProtection(err, String.format("selector %04x: RPL %d / CPL %d above DPL %d", sel,
                        sel & 3, c.cpl, Descriptors.dpl(d)));
            }
            if (!Descriptors.present(d)) {
                throw new SegmentNotPresent(err, String.format("segment %04x not present", sel));
            }
        }
        Descriptors.setAccessed(c, address, d);
        s.loadDescriptor(sel, d | (1L << 40));
    }

    /** Real mode changes only the selector and base; the hidden limit and attributes stay ("unreal" mode). */
    static void loadRealMode(Cpu c, SegmentRegister s, int sel) {
        if (c.mode == CpuMode.VIRTUAL_8086) {
            s.set(sel, (long) sel << 4, 0xffff, SegmentRegister.P | SegmentRegister.S | SegmentRegister.TYPE_RW
                    | SegmentRegister.TYPE_ACCESSED | (3 << SegmentRegister.DPL_SHIFT));
            return;
        }
        s.selector = sel;
        s.base = (long) sel << 4;
        s.attributes = (s.attributes & ~SegmentRegister.UNUSABLE) | SegmentRegister.P;
    }

    /** A null selector: the register becomes unusable (SDM Vol. 3 §3.4.2); accesses through it #GP outside 64-bit mode. */
    public static void loadNull(SegmentRegister s, int sel) {
        s.set(sel, 0, 0, SegmentRegister.UNUSABLE);
    }

    /**
     * After a return to an outer privilege level: data segment registers whose DPL is below the new
     * CPL (and that are not conforming code) are loaded with null (SDM Vol. 2 RET, IRET).
     */
    public static void nullInaccessibleDataSegments(Cpu c) {
        for (int r : new int[] {Cpu.ES, Cpu.DS, Cpu.FS, Cpu.GS}) {
            SegmentRegister s = c.seg[r];
            if ((s.attributes & SegmentRegister.UNUSABLE) != 0) {
                continue;
            }
            boolean conformingCode = (s.attributes & (SegmentRegister.TYPE_CODE | SegmentRegister.TYPE_DC))
                    == (SegmentRegister.TYPE_CODE | SegmentRegister.TYPE_DC);
            if (s.dpl() < c.cpl && !conformingCode) {
                loadNull(s, 0);
            }
        }
    }

    /** Loads CS from a validated descriptor with RPL = the new CPL, and recomputes the mode. */
    public static void loadCode(Cpu c, int selector, long descriptor, int cpl, long descriptorAddress) {
        Descriptors.setAccessed(c, descriptorAddress, descriptor);
        SegmentRegister cs = c.seg[Cpu.CS];
        cs.loadDescriptor((selector & 0xfffc) | cpl, descriptor | (1L << 40));
        c.updateMode();
    }

    /** Loads SS from a validated descriptor (or null in 64-bit mode) during a privilege change. */
    public static void loadStack(Cpu c, int selector, long descriptor, long descriptorAddress) {
        if ((selector & 0xfffc) == 0) {
            loadNull(c.seg[Cpu.SS], selector);
            // a null SS in 64-bit mode keeps a usable 64-bit stack; DPL = RPL (SDM Vol. 3 §6.14.4)
            c.seg[Cpu.SS].attributes = SegmentRegister.UNUSABLE | SegmentRegister.S | SegmentRegister.TYPE_RW
                    | SegmentRegister.P | ((selector & 3) << SegmentRegister.DPL_SHIFT) | SegmentRegister.DB;
            return;
        }
        Descriptors.setAccessed(c, descriptorAddress, descriptor);
        c.seg[Cpu.SS].loadDescriptor(selector, descriptor | (1L << 40));
    }
}
