package io.xenscope.cpu.isa.segment;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.SegmentRegister;
import io.xenscope.cpu.decoder.Instruction;
import io.xenscope.cpu.decoder.Mnemonic;
import io.xenscope.cpu.decoder.Operand;
import io.xenscope.cpu.exec.Location;
import io.xenscope.cpu.exec.Locations;
import io.xenscope.cpu.exec.Op;
import io.xenscope.cpu.exec.OpTable;
import io.xenscope.cpu.fault.GeneralProtection;
import io.xenscope.cpu.fault.InvalidOpcode;
import io.xenscope.cpu.fault.SegmentNotPresent;

/**
 * The descriptor-table registers and selector inspection: lgdt/lidt/sgdt/sidt, lldt/sldt, ltr/str,
 * lar/lsl/verr/verw and arpl (SDM Vol. 2; Vol. 3 §2.4, §2.6, §5.10.x).
 */
final class DescriptorTableInstructions {
    void register(OpTable t) {
        t.addBlockEnd(Mnemonic.LGDT, (i, x) -> loadTableRegister(i, true));
        t.addBlockEnd(Mnemonic.LIDT, (i, x) -> loadTableRegister(i, false));
        t.add(Mnemonic.SGDT, (i, x) -> storeTableRegister(i, true));
        t.add(Mnemonic.SIDT, (i, x) -> storeTableRegister(i, false));
        t.addBlockEnd(Mnemonic.LLDT, DescriptorTableInstructions::lldt);
        t.addBlockEnd(Mnemonic.LTR, DescriptorTableInstructions::ltr);
        t.add(Mnemonic.SLDT, (i, x) -> storeSelector(i, false));
        t.add(Mnemonic.STR, (i, x) -> storeSelector(i, true));
        t.add(Mnemonic.LAR, (i, x) -> accessRights(i, false));
        t.add(Mnemonic.LSL, (i, x) -> accessRights(i, true));
        t.add(Mnemonic.VERR, (i, x) -> verify(i, false));
        t.add(Mnemonic.VERW, (i, x) -> verify(i, true));
        t.add(Mnemonic.ARPL, DescriptorTableInstructions::arpl);
    }

    static void requirePrivileged(Cpu c, String what) {
        if (c.cpl != 0) {
            throw new GeneralProtection(0, what + " at CPL " + c.cpl);
        }
    }

    // ---- lgdt / lidt / sgdt / sidt --------------------------------------------------------------

    private static Op loadTableRegister(Instruction i, boolean gdt) {
        if (!(i.operand(0) instanceof Operand.Mem m)) {
            return c -> {
                throw new InvalidOpcode("lgdt/lidt with a register operand");
            };
        }
        boolean bits64 = SegmentFamily.is64(i);
        int baseSize = bits64 ? 8 : 4;
        boolean op16 = !bits64 && i.operandSize() == 2;
        Locations.MemoryLocation whole = Locations.memory(m, i, 2 + baseSize);
        long next = i.nextAddress();
        String name = gdt ? "lgdt" : "lidt";
        return c -> {
            requirePrivileged(c, name);
            long la = whole.linear(c, false);
            int limit = c.mmu.read16(la);
            long base = c.mmu.read(la + 2, baseSize);
            if (op16) {
                base &= 0xffffff; // SDM LGDT: a 16-bit operand size loads 24 bits of base
            }
            if (bits64 && (base << 16) >> 16 != base) {
                throw new GeneralProtection(0, String.format("%s with non-canonical base 0x%x", name, base));
            }
            if (gdt) {
                c.gdtrBase = base;
                c.gdtrLimit = limit;
            } else {
                c.idtrBase = base;
                c.idtrLimit = limit;
            }
            c.rip = next;
        };
    }

    private static Op storeTableRegister(Instruction i, boolean gdt) {
        if (!(i.operand(0) instanceof Operand.Mem m)) {
            return c -> {
                throw new InvalidOpcode("sgdt/sidt with a register operand");
            };
        }
        int baseSize = SegmentFamily.is64(i) ? 8 : 4;
        Locations.MemoryLocation whole = Locations.memory(m, i, 2 + baseSize);
        return c -> {
            umip(c);
            long la = whole.linear(c, true);
            c.mmu.probeWrite(la, 2 + baseSize);
            c.mmu.write16(la, gdt ? c.gdtrLimit : c.idtrLimit);
            c.mmu.write(la + 2, baseSize, gdt ? c.gdtrBase : c.idtrBase);
        };
    }

    /** CR4.UMIP: sgdt, sidt, sldt, smsw and str #GP(0) at CPL > 0 (SDM Vol. 3 §2.5). */
    static void umip(Cpu c) {
        if ((c.cr4 & Cpu.CR4_UMIP) != 0 && c.cpl > 0 && c.mode.isProtected()) {
            throw new GeneralProtection(0, "user-mode instruction prevention");
        }
    }

    // ---- lldt / ltr / sldt / str ----------------------------------------------------------------

    private static Op lldt(Instruction i, io.xenscope.cpu.exec.TranslationContext x) {
        Location src = word(i);
        long next = i.nextAddress();
        return c -> {
            SegmentFamily.requireProtected(c, "lldt");
            requirePrivileged(c, "lldt");
            int sel = (int) src.read(c) & 0xffff;
            if ((sel & 0xfffc) == 0) {
                SegmentLoader.loadNull(c.ldtr, sel);
                c.rip = next;
                return;
            }
            long[] d = systemDescriptor(c, sel, "lldt");
            if (Descriptors.isCodeOrData(d[0]) || Descriptors.type(d[0]) != Descriptors.LDT) {
                throw new GeneralProtection(sel & 0xfffc, String.format("lldt: selector %04x is not an LDT descriptor", sel));
            }
            if (!Descriptors.present(d[0])) {
                throw new SegmentNotPresent(sel & 0xfffc, String.format("LDT %04x not present", sel));
            }
            loadSystem(c.ldtr, sel, d);
            c.rip = next;
        };
    }

    private static Op ltr(Instruction i, io.xenscope.cpu.exec.TranslationContext x) {
        Location src = word(i);
        long next = i.nextAddress();
        return c -> {
            SegmentFamily.requireProtected(c, "ltr");
            requirePrivileged(c, "ltr");
            int sel = (int) src.read(c) & 0xffff;
            if ((sel & 0xfffc) == 0) {
                throw new GeneralProtection(0, "ltr with a null selector");
            }
            long[] d = systemDescriptor(c, sel, "ltr");
            int type = Descriptors.type(d[0]);
            boolean ok = !Descriptors.isCodeOrData(d[0])
                    && (type == Descriptors.TSS_AVAILABLE || type == Descriptors.TSS16_AVAILABLE && !c.mode.isLongMode());
            if (!ok) {
                throw new GeneralProtection(sel & 0xfffc, String.format("ltr: selector %04x is not an available TSS", sel));
            }
            if (!Descriptors.present(d[0])) {
                throw new SegmentNotPresent(sel & 0xfffc, String.format("TSS %04x not present", sel));
            }
            // the TSS becomes busy (SDM Vol. 3 §8.2.4): type 9 -> 11, 1 -> 3
            c.mmu.writeSupervisor(d[2] + 5, 1, ((d[0] >>> 40) & 0xff) | 2);
            loadSystem(c.tr, sel, new long[] {d[0] | (2L << 40), d[1], d[2]});
            c.rip = next;
        };
    }

    /** LDT/TSS descriptors are in the GDT (TI = 0), 16 bytes in IA-32e mode: {low, high, address}. */
    private static long[] systemDescriptor(Cpu c, int sel, String what) {
        int err = sel & 0xfffc;
        boolean longMode = c.mode.isLongMode();
        long a = (sel & 4) != 0 ? Descriptors.NONE : Descriptors.address(c, sel, longMode ? 16 : 8);
        if (a == Descriptors.NONE) {
            throw new GeneralProtection(err, String.format("%s: selector %04x is not in the GDT or beyond its limit", what, sel));
        }
        long lo = Descriptors.read(c, a);
        long hi = 0;
        if (longMode) {
            hi = Descriptors.read(c, a + 8);
            if (((hi >>> 40) & 0x1f) != 0) {
                throw new GeneralProtection(err, what + ": upper half of a 16-byte descriptor has a non-zero type");
            }
        }
        return new long[] {lo, hi, a};
    }

    private static void loadSystem(SegmentRegister r, int sel, long[] d) {
        r.loadDescriptor(sel, d[0]);
        r.base |= (d[1] & 0xffffffffL) << 32;
    }

    private static Op storeSelector(Instruction i, boolean task) {
        Operand o = i.operand(0);
        Location dst = o instanceof Operand.Mem m ? Locations.memory(m, i, 2) : Locations.of(o, i);
        return c -> {
            SegmentFamily.requireProtected(c, task ? "str" : "sldt");
            umip(c);
            dst.write(c, task ? c.tr.selector : c.ldtr.selector);
        };
    }

    private static Location word(Instruction i) {
        Operand o = i.operand(0);
        return o instanceof Operand.Mem m ? Locations.memory(m, i, 2) : Locations.of(o, i);
    }

    // ---- lar / lsl / verr / verw ----------------------------------------------------------------

    /**
     * The descriptor a selector names if it is visible at CPL/RPL for lar/lsl/verr/verw, or null
     * (those instructions report failure in ZF rather than faulting).
     */
    private static long[] visible(Cpu c, int sel, boolean limitValid) {
        if ((sel & 0xfffc) == 0) {
            return null;
        }
        long a = Descriptors.address(c, sel, 8);
        if (a == Descriptors.NONE) {
            return null;
        }
        long d = Descriptors.read(c, a);
        boolean longMode = c.mode.isLongMode();
        if (!Descriptors.isCodeOrData(d)) {
            int type = Descriptors.type(d);
            boolean ok = switch (type) {
                case Descriptors.LDT, Descriptors.TSS_AVAILABLE, Descriptors.TSS_BUSY -> true;
                case Descriptors.TSS16_AVAILABLE, Descriptors.TSS16_BUSY -> !longMode;
                case Descriptors.CALL_GATE -> !limitValid;
                case Descriptors.CALL_GATE16, Descriptors.TASK_GATE -> !limitValid && !longMode;
                default -> false;
            };
            if (!ok) {
                return null;
            }
        }
        if (!Descriptors.conforming(d)) {
            int dpl = Descriptors.dpl(d);
            if (dpl < c.cpl || dpl < (sel & 3)) {
                return null;
            }
        }
        return new long[] {d, a};
    }

    private static Op accessRights(Instruction i, boolean limit) {
        Location src = word(i.operand(1), i);
        Location dst = Locations.of(i.operand(0), i);
        int size = i.operandSize();
        return c -> {
            SegmentFamily.requireProtected(c, limit ? "lsl" : "lar");
            int sel = (int) src.read(c) & 0xffff;
            long[] d = visible(c, sel, limit);
            if (d == null) {
                SegmentFamily.setZf(c, false);
                return;
            }
            long v = limit ? Descriptors.limit(d[0]) : (d[0] >>> 32) & 0x00ffff00L;
            dst.write(c, v & Locations.mask(size));
            SegmentFamily.setZf(c, true);
        };
    }

    private static Location word(Operand o, Instruction i) {
        return o instanceof Operand.Mem m ? Locations.memory(m, i, 2) : Locations.of(o, i);
    }

    private static Op verify(Instruction i, boolean write) {
        Location src = word(i);
        return c -> {
            SegmentFamily.requireProtected(c, write ? "verw" : "verr");
            int sel = (int) src.read(c) & 0xffff;
            long[] d = visible(c, sel, true);
            boolean ok = d != null && Descriptors.isCodeOrData(d[0])
                    && (write ? Descriptors.writableData(d[0]) : Descriptors.readable(d[0]));
            SegmentFamily.setZf(c, ok);
        };
    }

    // ---- arpl -----------------------------------------------------------------------------------

    private static Op arpl(Instruction i, io.xenscope.cpu.exec.TranslationContext x) {
        Location dst = word(i.operand(0), i);
        Location src = Locations.of(i.operand(1), i);
        return c -> {
            SegmentFamily.requireProtected(c, "arpl");
            long la = dst.resolve(c);
            int d = (int) dst.readAt(c, la) & 0xffff;
            int s = (int) src.read(c) & 0xffff;
            if ((d & 3) < (s & 3)) {
                dst.writeAt(c, la, (d & ~3) | (s & 3));
                SegmentFamily.setZf(c, true);
            } else {
                SegmentFamily.setZf(c, false);
            }
        };
    }
}
