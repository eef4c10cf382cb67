package io.xenscope.cpu.isa.stack;

import static io.xenscope.cpu.isa.IsaMachine.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.Flags;
import io.xenscope.cpu.isa.IsaMachine;
import org.junit.jupiter.api.Test;

class PushfPopfTest {
    private final IsaMachine m = IsaMachine.protected32();

    private void ring3(IsaMachine x) {
        x.cpu.seg[Cpu.CS].selector |= 3;
        x.cpu.updateMode();
    }

    @Test
    void pushfStoresFlagsWithRfAndVmClear() {
        m.flags(Flags.CF | Flags.ZF | Flags.RF | Flags.IF).exec("pushfd");
        assertEquals(Flags.CF | Flags.ZF | Flags.IF | Flags.FIXED, m.peek(STACK - 4, 4));
    }

    @Test
    void popfAtCpl0ChangesIoplAndIf() {
        m.poke(STACK, 4, Flags.IOPL | Flags.IF | Flags.CF | Flags.AC | Flags.ID | Flags.VIP | Flags.VIF | Flags.VM | 0x8028)
                .flags(0).exec("popfd");
        assertEquals(Flags.IOPL | Flags.IF | Flags.CF | Flags.AC | Flags.ID | Flags.FIXED, m.rflags());
    }

    @Test
    void popfAtCpl3KeepsIoplAndIfWhenCplAboveIopl() {
        ring3(m);
        m.poke(STACK, 4, Flags.IOPL | Flags.IF | Flags.CF).flags(0).exec("popfd");
        assertEquals(Flags.CF | Flags.FIXED, m.rflags());
    }

    @Test
    void popfAtCpl3ChangesIfWhenIoplAllows() {
        ring3(m);
        m.poke(STACK, 4, Flags.IF | Flags.DF).flags(Flags.IOPL).exec("popfd");
        assertEquals(Flags.IOPL | Flags.IF | Flags.DF | Flags.FIXED, m.rflags());
    }

    @Test
    void popf16ChangesOnlyTheLowWord() {
        m.poke(STACK, 2, 0xfeff).flags(Flags.AC).exec("popfw"); // all low flags but TF
        assertEquals(Flags.AC | (0xfeff & PushfPopf.WRITABLE) | Flags.FIXED, m.rflags());
    }

    private IsaMachine virtual8086(long iopl) {
        IsaMachine v = IsaMachine.real16();
        v.cpu.setCr0(v.cpu.cr0 | Cpu.CR0_PE);
        v.cpu.setRflags(Flags.VM | Flags.IF | iopl);
        return v;
    }

    @Test
    void popfInRealModeChangesEverythingButTheVirtualBits() {
        IsaMachine r = IsaMachine.real16();
        r.poke(r.cpu.seg[Cpu.SS].base + r.reg(RSP), 4, Flags.IOPL | Flags.NT | Flags.CF | Flags.VIF | Flags.VM).exec("popfd");
        assertEquals(Flags.IOPL | Flags.NT | Flags.CF | Flags.FIXED, r.rflags());
    }

    @Test
    void popfInVirtual8086ModeWithIoplBelow3IsGeneralProtection() {
        IsaMachine v = virtual8086(0);
        assertEquals(io.xenscope.cpu.CpuMode.VIRTUAL_8086, v.cpu.mode);
        v.run("popf");
        org.junit.jupiter.api.Assertions.assertInstanceOf(io.xenscope.cpu.fault.GeneralProtection.class, v.fault());
        v.run("pushf");
        org.junit.jupiter.api.Assertions.assertInstanceOf(io.xenscope.cpu.fault.GeneralProtection.class, v.fault());
    }

    @Test
    void popfInVirtual8086ModeWithIopl3KeepsIoplAndVm() {
        IsaMachine v = virtual8086(Flags.IOPL);
        v.poke(v.cpu.seg[Cpu.SS].base + v.reg(RSP), 2, Flags.CF | Flags.DF).exec("popf");
        assertEquals(Flags.VM | Flags.IOPL | Flags.CF | Flags.DF | Flags.FIXED, v.rflags());
    }

    @Test
    void popfUnderVmeWith16BitOperandMovesIfToVif() {
        IsaMachine v = virtual8086(0);
        v.cpu.setCr4(v.cpu.cr4 | Cpu.CR4_VME);
        v.poke(v.cpu.seg[Cpu.SS].base + v.reg(RSP), 2, Flags.IF | Flags.ZF).flags(Flags.VM).exec("popf");
        assertEquals(Flags.VM | Flags.VIF | Flags.ZF | Flags.FIXED, v.rflags());
    }

    @Test
    void popfqIn64BitMode() {
        IsaMachine l = IsaMachine.long64();
        l.poke(STACK, 8, Flags.OF | Flags.SF | Flags.TF & 0).exec("popfq");
        assertEquals(Flags.OF | Flags.SF | Flags.FIXED, l.rflags());
        assertEquals(STACK + 8, l.reg(RSP));
    }
}
