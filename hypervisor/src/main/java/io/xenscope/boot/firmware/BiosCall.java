package io.xenscope.boot.firmware;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.Flags;
import io.xenscope.memory.PhysicalMemory;

/**
 * One BIOS service call as its Java handler sees it, stopped at the stub's {@code out}: the stub
 * has pushed the caller's AX (so AL could carry the vector), on top of the interrupt's return frame
 * (IP, CS, FLAGS). AX is read and written in that stack slot (the stub's {@code pop %ax} returns
 * it); the other registers are the live ones; results in CF and ZF go into the saved FLAGS that
 * {@code iret} restores. Real mode, paging off: linear addresses are physical ones.
 */
public final class BiosCall {
    private final Cpu cpu;
    private final int vector;
    private final long slot;

    BiosCall(Cpu cpu, int vector) {
        this.cpu = cpu;
        this.vector = vector;
        this.slot = cpu.seg[Cpu.SS].base + (cpu.gpr[4] & 0xffff);
    }

    public int vector() {
        return vector;
    }

    public Cpu cpu() {
        return cpu;
    }

    public PhysicalMemory memory() {
        return cpu.memory;
    }

    public int ax() {
        return cpu.memory.read16(slot);
    }

    public void setAx(int v) {
        cpu.memory.write16(slot, v);
    }

    public int ah() {
        return ax() >>> 8;
    }

    public int al() {
        return ax() & 0xff;
    }

    public void setAh(int v) {
        setAx((ax() & 0xff) | (v & 0xff) << 8);
    }

    public void setAl(int v) {
        setAx((ax() & 0xff00) | (v & 0xff));
    }

    /** The caller's EAX: the high half is live (the stub only saved AX). */
    public long eax() {
        return (cpu.gpr[0] & 0xffff0000L) | ax();
    }

    public void setEax(long v) {
        cpu.gpr[0] = (cpu.gpr[0] & ~0xffffffffL) | (v & 0xffff0000L) | (cpu.gpr[0] & 0xffff);
        setAx((int) v & 0xffff);
    }

    public long reg32(int n) {
        return cpu.gpr[n] & 0xffffffffL;
    }

    public int reg16(int n) {
        return (int) cpu.gpr[n] & 0xffff;
    }

    public void setReg16(int n, int v) {
        cpu.writeGpr(n, 2, false, v);
    }

    public void setReg32(int n, long v) {
        cpu.writeGpr(n, 4, false, v);
    }

    public int bx() {
        return reg16(3);
    }

    public int cx() {
        return reg16(1);
    }

    public int dx() {
        return reg16(2);
    }

    public int dl() {
        return dx() & 0xff;
    }

    public int dh() {
        return dx() >>> 8;
    }

    public int cl() {
        return cx() & 0xff;
    }

    public int ch() {
        return cx() >>> 8;
    }

    public int si() {
        return reg16(6);
    }

    public int di() {
        return reg16(7);
    }

    public int bp() {
        return reg16(5);
    }

    public int bh() {
        return bx() >>> 8;
    }

    public int es() {
        return cpu.seg[Cpu.ES].selector;
    }

    public int ds() {
        return cpu.seg[Cpu.DS].selector;
    }

    /** Linear address of seg:off. */
    public static long linear(int seg, int off) {
        return ((long) (seg & 0xffff) << 4) + (off & 0xffff);
    }

    // ---- results in the saved FLAGS ---------------------------------------------------------------

    private long flagsAddress() {
        return slot + 6;
    }

    public int savedFlags() {
        return cpu.memory.read16(flagsAddress());
    }

    private void setSavedFlag(long bit, boolean on) {
        int f = savedFlags();
        cpu.memory.write16(flagsAddress(), on ? f | (int) bit : f & ~(int) bit);
    }

    public void setCarry(boolean on) {
        setSavedFlag(Flags.CF, on);
    }

    public void setZero(boolean on) {
        setSavedFlag(Flags.ZF, on);
    }

    /** CF clear, AH = 0: SeaBIOS's set_success / set_code_success. */
    public void success() {
        setAh(0);
        setCarry(false);
    }

    /** CF set, AH = {@code code}: set_code_fail. */
    public void fail(int code) {
        setAh(code);
        setCarry(true);
    }

    /** The return address of the INT (the caller's next instruction), for reports. */
    public String callerAddress() {
        int ip = cpu.memory.read16(slot + 2), cs = cpu.memory.read16(slot + 4);
        return String.format("%04x:%04x", cs, ip);
    }
}
