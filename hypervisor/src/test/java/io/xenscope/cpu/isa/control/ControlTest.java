package io.xenscope.cpu.isa.control;

import static io.xenscope.cpu.isa.IsaMachine.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.Flags;
import io.xenscope.cpu.fault.GeneralProtection;
import io.xenscope.cpu.isa.IsaMachine;
import org.junit.jupiter.api.Test;

class ControlTest {
    private final IsaMachine m = IsaMachine.long64();

    @Test
    void jmpSkipsCode() {
        m.set(RAX, 1).exec("jmp 1f", "mov rax, 2", "1:");
        assertEquals(1, m.reg(RAX));
    }

    @Test
    void jccTakenAndNotTaken() {
        m.flags(Flags.ZF).exec("mov eax, 0", "je 1f", "mov eax, 1", "1: jne 2f", "mov ebx, 3", "2:");
        assertEquals(0, m.reg(RAX));
        assertEquals(3, m.reg(RBX));
    }

    @Test
    void callPushesReturnAddressAndRetPopsIt() {
        m.exec("call 1f", "jmp 2f", "1: mov rcx, [rsp]", "ret", "2:");
        assertEquals(CODE + 5, m.reg(RCX));
        assertEquals(STACK, m.reg(RSP));
    }

    @Test
    void retImmReleasesArguments() {
        m.exec("push 1", "push 2", "call 1f", "jmp 2f", "1: ret 16", "2:");
        assertEquals(STACK, m.reg(RSP));
    }

    @Test
    void indirectCallThroughMemoryReadsTargetBeforePushing() {
        m.exec("lea rax, [rip+1f]", "push rax", "call qword ptr [rsp]", "jmp 2f", "1: mov rbx, 7", "ret", "2: pop rcx");
        assertEquals(7, m.reg(RBX));
        assertEquals(STACK, m.reg(RSP));
    }

    @Test
    void jmpToNonCanonicalTargetFaultsAtTheJump() {
        m.set(RAX, 0x0000_8000_0000_0000L).run("nop", "jmp rax");
        assertInstanceOf(GeneralProtection.class, m.fault());
        assertEquals(1, m.ripOffset());
    }

    @Test
    void callToNonCanonicalTargetFaultsWithRspUnchanged() {
        m.set(RAX, 0xffff_0000_0000_0000L).run("call rax");
        assertInstanceOf(GeneralProtection.class, m.fault());
        assertEquals(STACK, m.reg(RSP));
        assertEquals(0, m.ripOffset());
        assertEquals(CODE + 2, m.peek(STACK - 8, 8), "Intel hardware has stored the return address below RSP");
    }

    @Test
    void retToNonCanonicalAddressLeavesRspAlone() {
        m.poke(STACK - 8, 8, 0x1234_0000_0000_0000L).set(RSP, STACK - 8).run("ret");
        assertInstanceOf(GeneralProtection.class, m.fault());
        assertEquals(STACK - 8, m.reg(RSP));
    }

    @Test
    void loopCountsRcxDown() {
        m.set(RCX, 5).set(RAX, 0).exec("1: lea rax, [rax+1]", "loop 1b");
        assertEquals(5, m.reg(RAX));
        assertEquals(0, m.reg(RCX));
    }

    @Test
    void loopWithAddressSize32UsesEcx() {
        m.set(RCX, 0x7_0000_0002L).exec("1: addr32 loop 1b");
        assertEquals(0, m.reg(RCX), "ECX counted down; the write zero-extends");
    }

    @Test
    void loopeStopsWhenZfClear() {
        m.set(RCX, 5).flags(0).exec("1: loope 1b");
        assertEquals(4, m.reg(RCX));
    }

    @Test
    void loopneContinuesWhileZfClear() {
        m.set(RCX, 5).flags(0).exec("1: loopne 1b");
        assertEquals(0, m.reg(RCX));
    }

    @Test
    void jrcxzAndJecxz() {
        m.set(RCX, 0x1_0000_0000L).set(RAX, 0).exec("jrcxz 1f", "mov eax, 1", "1: jecxz 2f", "mov eax, 2", "2:");
        assertEquals(1, m.reg(RAX));
    }

    @Test
    void jumpBeyondCsLimitIsGeneralProtection() {
        IsaMachine p = IsaMachine.protected32();
        p.cpu.seg[Cpu.CS].limit = 0x100fff;
        p.set(RAX, 0x101000).run("jmp eax");
        assertInstanceOf(GeneralProtection.class, p.fault());
        assertEquals(0, p.ripOffset());
    }

    @Test
    void sixteenBitIpWrapsAround() {
        IsaMachine r = IsaMachine.real16();
        r.poke(REAL_CODE + 0xfff3, 1, 0xf4).run(".byte 0xe9", ".word 0xfff0");
        assertEquals(0xfff4, r.cpu.rip, "halted at CS:0xfff3");
    }

    @Test
    void operandSize16JumpTruncatesTheTarget() {
        IsaMachine p = IsaMachine.protected32();
        p.poke(0x5678, 1, 0xf4).set(RAX, 0x1234_5678).run("jmp ax");
        assertEquals(0x5679, p.cpu.rip, "halted at 0x5678");
    }

    @Test
    void realModeCallAndReturn() {
        IsaMachine r = IsaMachine.real16();
        r.exec("call 1f", "jmp 2f", "1: mov bx, sp", "ret", "2:");
        assertEquals(REAL_STACK - r.cpu.seg[Cpu.SS].base - 2, r.reg(RBX) & 0xffff);
    }
}
