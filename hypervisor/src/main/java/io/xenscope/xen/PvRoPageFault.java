package io.xenscope.xen;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.Flags;
import io.xenscope.cpu.decoder.CodeSize;
import io.xenscope.cpu.decoder.Decoder;
import io.xenscope.cpu.decoder.Instruction;
import io.xenscope.cpu.decoder.Mnemonic;
import io.xenscope.cpu.decoder.Operand;
import io.xenscope.cpu.decoder.Register;
import io.xenscope.cpu.exec.EffectiveAddress;
import io.xenscope.cpu.fault.PageFault;
import io.xenscope.xen.mm.FrameTable;
import io.xenscope.xen.mm.FrameType;
import io.xenscope.xen.mm.MmuResult;
import io.xenscope.xen.mm.Pte;

/**
 * Writable page tables (ptwr) for a 64-bit PV guest, as Xen 4.17 does them: a write fault of the
 * guest kernel on a present, read-only mapping of one of its own L1 tables is taken by Xen, which
 * emulates the writing instruction, validates the new entry as get_page_from_l1e does and stores it
 * (xen/arch/x86/traps.c fixup_page_fault, pv/ro-page-fault.c pv_ro_page_fault, ptwr_do_page_fault,
 * ptwr_emulated_update). The instruction retires as if the store had hit memory. Only with
 * VMASST_TYPE_writable_pagetables; L2-L4 tables are never writable (the guest gets the #PF).
 * Anything Xen would refuse (a bad entry, a misaligned or page-crossing store) leaves the entry
 * untouched and the original #PF goes to the guest, with a refusal naming the rule.
 *
 * <p>Xen runs its full x86 emulator; this one emulates the stores guests use on page-table entries:
 * mov/movnti, xchg, cmpxchg, add/sub/and/or/xor with a memory destination and bts/btr/btc (Linux's
 * set_bit / test_and_clear_bit on a PTE). Any other
 * instruction leaves the #PF to the guest with a hint that XenScope does not emulate it.
 */
final class PvRoPageFault {
    private static final int PAGE_SIZE = 4096;

    private final Vcpu v;
    private String last = "";

    PvRoPageFault(Vcpu v) {
        this.v = v;
    }

    /** What the last successful emulation did, for the event log. */
    String lastEmulated() {
        return last;
    }

    /** fixup_page_fault's ptwr case: true when the write was emulated and the instruction retired. */
    boolean fixup(Cpu cpu, PageFault pf) {
        int ec = pf.errorCode();
        if (!v.domain.vmAssist(Domain.VMASST_TYPE_WRITABLE_PAGETABLES) || !v.kernelMode
                || (ec & (PageFault.RSVD | PageFault.I)) != 0 || (ec & (PageFault.W | PageFault.P))
                != (PageFault.W | PageFault.P)) {
            return false;
        }
        long cr2 = pf.linearAddress();
        if (!GuestMemory.addressOk(cr2)) {
            return false;
        }
        long pte = kernelL1e(cpu, cr2);
        if ((pte & (Pte.PRESENT | Pte.RW)) != Pte.PRESENT) {
            return false;
        }
        long l1mfn = Pte.mfn(pte);
        FrameTable ft = v.domain.frames;
        if (!ft.isValid(l1mfn) || ft.owner(l1mfn) != v.domain.domid || ft.type(l1mfn) != FrameType.L1
                || ft.typeCount(l1mfn) == 0 || !ft.isValidated(l1mfn)) {
            return false;
        }
        Instruction insn;
        try {
            insn = Decoder.decode(a -> v.guest.read8(a), cpu.rip, CodeSize.BITS64);
        } catch (GuestFaultOnCopy e) {
            return false;
        }
        return emulate(cpu, insn, cr2, l1mfn);
    }

    /** guest_get_eff_kern_l1e(): the L1 entry mapping {@code va} in the current tables, 0 if none. */
    private long kernelL1e(Cpu cpu, long va) {
        long table = (cpu.cr3 & Pte.ADDR_MASK) >>> 12;
        for (int level = 4; level >= 1; level--) {
            long e = cpu.memory.read64((table << 12) + ((va >>> (12 + 9 * (level - 1))) & 511) * 8);
            if (!Pte.present(e) || level > 1 && (Pte.flags(e) & Pte.PSE) != 0) {
                return 0;
            }
            if (level == 1) {
                return e;
            }
            table = Pte.mfn(e);
        }
        return 0;
    }

    private boolean emulate(Cpu cpu, Instruction insn, long cr2, long l1mfn) {
        Mnemonic m = insn.mnemonic();
        int memIdx = memOperand(insn);
        boolean bitOp = m == Mnemonic.BTS || m == Mnemonic.BTR || m == Mnemonic.BTC;
        if (memIdx < 0 || !(m == Mnemonic.MOV || m == Mnemonic.MOVNTI || m == Mnemonic.XCHG
                || m == Mnemonic.CMPXCHG || m == Mnemonic.ADD || m == Mnemonic.SUB || m == Mnemonic.AND
                || m == Mnemonic.OR || m == Mnemonic.XOR || bitOp) || m != Mnemonic.XCHG && memIdx != 0) {
            v.domain.emit(new MachineEvent.Hint(cpu.instructionCount, v.id, cpu.rip, String.format(
                    "write to 0x%x, an L1 page table (mfn 0x%x), by %s: Xen would emulate it (writable page"
                    + " tables), XenScope emulates only mov, xchg, cmpxchg, add, sub, and, or, xor, bts, btr"
                    + " and btc there, so the guest gets the #PF", cr2, l1mfn, m.name().toLowerCase())));
            return false;
        }
        Operand.Mem mem = (Operand.Mem) insn.operand(memIdx);
        Operand src = insn.operand(1 - memIdx);
        int bytes = mem.size();
        long addr = EffectiveAddress.of(mem, insn).compute(cpu) + segmentBase(cpu, mem.segment());
        long mask = bytes == 8 ? -1L : (1L << (bytes * 8)) - 1;
        long value = read(cpu, src) & mask;
        if (bitOp) {
            // SDM BT: a register bit offset on a memory operand is signed and may leave the operand
            long offset = src instanceof Operand.Reg ? value << (64 - bytes * 8) >> (64 - bytes * 8) : value;
            if (src instanceof Operand.Reg) {
                addr += (offset >> Integer.numberOfTrailingZeros(bytes * 8)) * bytes;
            }
            value = 1L << (offset & (bytes * 8 - 1));
        }
        int offset = (int) (addr & (PAGE_SIZE - 1));
        if (((addr ^ cr2) & ~(long) (PAGE_SIZE - 1)) != 0 || (addr & (bytes - 1)) != 0 || bytes > 8) {
            v.domain.mmu.ptwrBadAccess(l1mfn, offset, value, String.format(
                    "%s writes %d bytes at 0x%x (fault at 0x%x): Xen emulates only naturally aligned stores of"
                    + " 1, 2, 4 or 8 bytes within the faulting L1 page", m.name().toLowerCase(), bytes, addr, cr2));
            return false;
        }
        long entryMa = (l1mfn << 12) + (offset & ~7);
        int shift = (offset & 7) * 8;
        long full = cpu.memory.read64(entryMa);
        long current = (full >>> shift) & mask;
        long result = value;
        Long exchangedWith = null;
        switch (m) {
            case ADD -> result = (current + value) & mask;
            case SUB -> result = (current - value) & mask;
            case AND -> result = current & value;
            case OR -> result = current | value;
            case XOR -> result = current ^ value;
            case CMPXCHG -> exchangedWith = cpu.gpr[0] & mask;
            case BTS -> result = current | value;
            case BTR -> result = current & ~value;
            case BTC -> result = current ^ value;
            default -> { }
        }
        long merged = full & ~(mask << shift) | result << shift;
        long expected = exchangedWith == null ? 0 : full & ~(mask << shift) | exchangedWith << shift;
        MmuResult r = v.domain.mmu.ptwrEmulatedUpdate(v.domain.domid, l1mfn, offset & ~7, merged,
                exchangedWith != null, expected);
        if (r.rc() != 0) {
            return false; // nothing of the instruction happened: the guest gets the #PF
        }
        int size = Flags.sizeCode(bytes);
        switch (m) {
            case ADD -> Flags.setAdd(cpu, size, current, value, result);
            case SUB -> Flags.setSub(cpu, size, current, value, result);
            case AND, OR, XOR -> Flags.setLogic(cpu, size, result);
            case BTS, BTR, BTC -> Flags.setFlag(cpu, Flags.CF, (current & value) != 0); // OF SF AF PF ZF kept
            case XCHG -> write(cpu, (Operand.Reg) src, current);
            case CMPXCHG -> {
                Flags.setSub(cpu, size, exchangedWith, current, (exchangedWith - current) & mask);
                if (r.done() == 0) {
                    cpu.writeGpr(0, bytes, false, current);
                }
            }
            default -> { }
        }
        last = String.format("writable page tables: %s of L1 entry 0x%x (mfn 0x%x slot %d) = 0x%x",
                m.name().toLowerCase(), addr, l1mfn, offset / 8, cpu.memory.read64(entryMa));
        cpu.rip = insn.nextAddress();
        cpu.instructionCount++;
        return true;
    }

    private static int memOperand(Instruction insn) {
        if (insn.operands().size() != 2) {
            return -1;
        }
        for (int i = 0; i < 2; i++) {
            if (insn.operand(i) instanceof Operand.Mem) {
                Operand other = insn.operand(1 - i);
                return other instanceof Operand.Reg r && r.register().isGpr() || other instanceof Operand.Imm ? i : -1;
            }
        }
        return -1;
    }

    private static long segmentBase(Cpu cpu, Register segment) {
        return segment == Register.FS || segment == Register.GS ? cpu.seg[segment.number].base : 0;
    }

    private static long read(Cpu cpu, Operand o) {
        if (o instanceof Operand.Imm imm) {
            return imm.value();
        }
        Register r = ((Operand.Reg) o).register();
        return cpu.readGpr(r.number, r.size, r.highByte);
    }

    private static void write(Cpu cpu, Operand.Reg o, long value) {
        Register r = o.register();
        cpu.writeGpr(r.number, r.size, r.highByte, value);
    }
}
