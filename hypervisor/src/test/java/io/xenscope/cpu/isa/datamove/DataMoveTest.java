package io.xenscope.cpu.isa.datamove;

import static io.xenscope.cpu.isa.IsaMachine.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenscope.cpu.Flags;
import io.xenscope.cpu.fault.GeneralProtection;
import io.xenscope.cpu.fault.PageFault;
import io.xenscope.cpu.isa.IsaMachine;
import org.junit.jupiter.api.Test;

class DataMoveTest {
    private final IsaMachine m = IsaMachine.long64();

    @Test
    void movImm64LoadsAllSixtyFourBits() {
        m.exec("mov rax, 0x123456789abcdef0");
        assertEquals(0x123456789abcdef0L, m.reg(RAX));
    }

    @Test
    void movRm64Imm32SignExtends() {
        m.exec("mov rax, -2");
        assertEquals(-2L, m.reg(RAX));
    }

    @Test
    void mov32BitRegisterZeroExtends() {
        m.set(RAX, -1L).set(RBX, 0x1_2345_6789L).exec("mov eax, ebx");
        assertEquals(0x2345_6789L, m.reg(RAX));
    }

    @Test
    void mov8And16BitRegistersMerge() {
        m.set(RAX, 0x1111_1111_1111_1111L).set(RBX, 0xaabbL).exec("mov ah, bl", "mov cx, 0x7777", "mov al, bh");
        assertEquals(0x1111_1111_1111_bbaaL, m.reg(RAX));
        assertEquals(0x7777L, m.reg(RCX) & 0xffff);
    }

    @Test
    void movStoresAndLoadsMemory() {
        m.set(RBX, DATA).set(RAX, 0x1122334455667788L).exec("mov [rbx+8], rax", "mov ecx, [rbx+12]", "mov dl, [rbx+8]");
        assertEquals(0x1122334455667788L, m.peek(DATA + 8, 8));
        assertEquals(0x11223344L, m.reg(RCX));
        assertEquals(0x88L, m.reg(RDX) & 0xff);
    }

    @Test
    void movMoffsFormsUseAbsoluteAddresses() {
        m.poke(DATA, 8, 0xfeedfacecafebeefL).exec("movabs rax, [0x200000]", "movabs [0x200010], eax");
        assertEquals(0xfeedfacecafebeefL, m.reg(RAX));
        assertEquals(0xcafebeefL, m.peek(DATA + 0x10, 4));
    }

    @Test
    void movToNonCanonicalAddressIsGeneralProtection() {
        m.set(RBX, 0x8000_0000_0000_0000L).run("mov [rbx], eax");
        assertInstanceOf(GeneralProtection.class, m.fault());
        assertEquals(0, m.ripOffset());
    }

    @Test
    void movzxAndMovsx() {
        m.set(RBX, 0x80f0L).exec("movzx eax, bl", "movsx rcx, bl", "movsx edx, bx", "movzx rsi, bx");
        assertEquals(0xf0L, m.reg(RAX));
        assertEquals(-16L, m.reg(RCX));
        assertEquals(0xffff80f0L, m.reg(RDX));
        assertEquals(0x80f0L, m.reg(RSI));
    }

    @Test
    void movsxdSignExtendsTheDoubleword() {
        m.set(RBX, 0x8000_0000L).exec("movsxd rax, ebx");
        assertEquals(0xffff_ffff_8000_0000L, m.reg(RAX));
    }

    @Test
    void xchgSwapsRegistersAndMemory() {
        m.set(RAX, 1).set(RBX, 2).set(RCX, 3).set(RDI, DATA).poke(DATA, 8, 9).exec("xchg rax, rbx", "xchg [rdi], rcx");
        assertEquals(2, m.reg(RAX));
        assertEquals(1, m.reg(RBX));
        assertEquals(9, m.reg(RCX));
        assertEquals(3, m.peek(DATA, 8));
    }

    @Test
    void xchgEaxEaxEncodedAs87ZeroExtends() {
        m.set(RAX, 0xffff_ffff_0000_0001L).exec(".byte 0x87, 0xc0");
        assertEquals(1, m.reg(RAX));
    }

    @Test
    void nop90DoesNotZeroExtendRax() {
        m.set(RAX, 0xffff_ffff_0000_0001L).exec("nop", "xchg ax, ax", ".byte 0x0f, 0x1f, 0x44, 0, 0", "pause");
        assertEquals(0xffff_ffff_0000_0001L, m.reg(RAX));
    }

    @Test
    void multiByteNopNeverAccessesItsMemoryOperand() {
        m.set(RAX, 0x8000_0000_0000_0000L).exec("nop dword ptr [rax]", "prefetcht0 [rax]", "lfence", "mfence", "sfence", "endbr64");
    }

    @Test
    void cmpxchgEqualStoresSource() {
        m.set(RAX, 5).set(RCX, 7).set(RDI, DATA).poke(DATA, 4, 5).exec("cmpxchg [rdi], ecx");
        assertEquals(7, m.peek(DATA, 4));
        assertTrue(m.flag(Flags.ZF));
    }

    @Test
    void cmpxchgNotEqualLoadsAccumulatorAndZeroExtendsIt() {
        m.set(RAX, 0xffff_ffff_0000_0005L).set(RCX, 7).set(RDI, DATA).poke(DATA, 4, 6).exec("cmpxchg [rdi], ecx");
        assertEquals(6, m.reg(RAX));
        assertEquals(6, m.peek(DATA, 4));
        assertFalse(m.flag(Flags.ZF));
        assertTrue(m.flag(Flags.CF), "flags as cmp 5, 6");
    }

    @Test
    void cmpxchgRegisterFailureLeavesTheDestinationAlone() {
        m.set(RAX, 1).set(RBX, 0xffff_ffff_0000_0002L).set(RCX, 7).exec("cmpxchg ebx, ecx");
        assertEquals(2, m.reg(RAX));
        assertEquals(0xffff_ffff_0000_0002L, m.reg(RBX), "not zero-extended (Intel hardware)");
    }

    @Test
    void cmpxchgOnReadOnlyPageFaultsEvenWhenNotEqual() {
        m.set(RAX, 1).set(RDI, 0x400000).readOnly2M(0x400000).run("cmpxchg [rdi], ecx");
        assertInstanceOf(PageFault.class, m.fault());
    }

    @Test
    void cmpxchg8bCompareSucceeds() {
        m.poke(DATA, 8, 0x0000000200000001L).set(RAX, 1).set(RDX, 2).set(RBX, 3).set(RCX, 4).set(RDI, DATA)
                .exec("cmpxchg8b [rdi]");
        assertEquals(0x0000000400000003L, m.peek(DATA, 8));
        assertTrue(m.flag(Flags.ZF));
    }

    @Test
    void cmpxchg8bCompareFailsLoadsEdxEax() {
        m.poke(DATA, 8, 0x0000000900000008L).set(RAX, -1L).set(RDX, -1L).set(RDI, DATA).exec("cmpxchg8b [rdi]");
        assertEquals(8, m.reg(RAX));
        assertEquals(9, m.reg(RDX));
        assertFalse(m.flag(Flags.ZF));
    }

    @Test
    void cmpxchg16bSwapsAlignedPair() {
        m.poke(DATA, 8, 1).poke(DATA + 8, 8, 2).set(RAX, 1).set(RDX, 2).set(RBX, 30).set(RCX, 40).set(RDI, DATA)
                .exec("cmpxchg16b [rdi]");
        assertEquals(30, m.peek(DATA, 8));
        assertEquals(40, m.peek(DATA + 8, 8));
        assertTrue(m.flag(Flags.ZF));
    }

    @Test
    void cmpxchg16bMisalignedIsGeneralProtection() {
        m.set(RDI, DATA + 8).run("cmpxchg16b [rdi]");
        assertInstanceOf(GeneralProtection.class, m.fault());
        assertEquals(0, m.ripOffset());
    }

    @Test
    void xaddExchangesAndAdds() {
        m.set(RAX, 3).set(RDI, DATA).poke(DATA, 8, 10).exec("xadd [rdi], rax");
        assertEquals(13, m.peek(DATA, 8));
        assertEquals(10, m.reg(RAX));
    }

    @Test
    void xaddSameRegisterLeavesTheSum() {
        m.set(RAX, 0xff).exec("xadd al, al");
        assertEquals(0xfe, m.reg(RAX));
        assertTrue(m.flag(Flags.CF));
    }

    @Test
    void leaComputesWithoutAccessingMemory() {
        m.set(RBX, 0x8000_0000_0000_0000L).set(RSI, 3).exec("lea rax, [rbx+rsi*8+5]");
        assertEquals(0x8000_0000_0000_001dL, m.reg(RAX));
    }

    @Test
    void leaTruncatesToOperandSize() {
        m.set(RAX, -1L).set(RCX, -1L).set(RBX, 0x1_0000_fff0L).exec("lea eax, [rbx+0x20]", "lea cx, [rbx+0x20]");
        assertEquals(0x0001_0010L, m.reg(RAX));
        assertEquals(0xffff_ffff_ffff_0010L, m.reg(RCX));
    }

    @Test
    void leaWithAddressSize32WrapsTheAddress() {
        m.set(RBX, 0xffff_fff0L).exec("lea rax, [ebx+0x20]");
        assertEquals(0x10L, m.reg(RAX));
    }

    @Test
    void cmov32FalseStillZeroExtends() {
        m.set(RAX, 0xffff_ffff_0000_0001L).set(RBX, 2).flags(Flags.ZF).exec("cmovnz eax, ebx");
        assertEquals(1, m.reg(RAX));
    }

    @Test
    void cmov64FalseLeavesDestination() {
        m.set(RAX, 0xffff_ffff_0000_0001L).set(RBX, 2).flags(Flags.ZF).exec("cmovne rax, rbx");
        assertEquals(0xffff_ffff_0000_0001L, m.reg(RAX));
    }

    @Test
    void cmovTrueMoves() {
        m.set(RAX, 1).set(RBX, 2).flags(Flags.SF).exec("cmovl rax, rbx");
        assertEquals(2, m.reg(RAX));
    }

    @Test
    void cmovMemorySourceFaultsEvenWhenFalse() {
        m.set(RBX, 0x8000_0000_0000_0000L).flags(Flags.ZF).run("cmovne rax, [rbx]");
        assertInstanceOf(GeneralProtection.class, m.fault());
    }

    @Test
    void setccWritesOneOrZero() {
        m.flags(Flags.CF | Flags.OF).exec("setb cl", "seta dl", "setl byte ptr [0x200000]");
        assertEquals(1, m.reg(RCX) & 0xff);
        assertEquals(0, m.reg(RDX) & 0xff);
        assertEquals(1, m.peek(DATA, 1));
    }

    @Test
    void accumulatorSignExtensions() {
        m.set(RAX, 0x80).exec("cbw");
        assertEquals(0xff80L, m.reg(RAX));
        m.set(RAX, 0x8000).exec("cwde");
        assertEquals(0xffff8000L, m.reg(RAX));
        m.set(RAX, 0x8000_0000L).exec("cdqe");
        assertEquals(0xffff_ffff_8000_0000L, m.reg(RAX));
    }

    @Test
    void signIntoDx() {
        m.set(RAX, -5L).set(RDX, 0).exec("cqo");
        assertEquals(-1L, m.reg(RDX));
        m.set(RAX, 0x8000_0000L).set(RDX, -1L).exec("cdq");
        assertEquals(0xffff_ffffL, m.reg(RDX));
        m.set(RAX, 0x7fff).set(RDX, 0x1_ffffL).exec("cwd");
        assertEquals(0x1_0000L, m.reg(RDX));
    }

    @Test
    void xlatLooksUpAl() {
        m.poke(DATA + 0x42, 1, 0x99).set(RBX, DATA).set(RAX, 0x1142).exec("xlatb");
        assertEquals(0x1199, m.reg(RAX));
    }

    @Test
    void xlatHonoursTheSegmentOverride() {
        m.cpu.seg[io.xenscope.cpu.Cpu.FS].base = 0x1000;
        m.poke(DATA + 0x1000 + 2, 1, 0x77).set(RBX, DATA).set(RAX, 2).exec("xlat byte ptr fs:[rbx]");
        assertEquals(0x77, m.reg(RAX));
    }

    @Test
    void lahfAndSahf() {
        m.set(RAX, 0).exec("stc", "lahf");
        assertEquals(0x03, (m.reg(RAX) >> 8) & 0xff);
        m.set(RAX, 0xd5 << 8).exec("sahf");
        assertTrue(m.flag(Flags.SF) && m.flag(Flags.ZF) && m.flag(Flags.AF) && m.flag(Flags.PF) && m.flag(Flags.CF));
    }

    @Test
    void lahfIn64BitModeNeedsTheCpuidFeature() {
        IsaMachine without = IsaMachine.long64(new io.xenscope.cpu.CpuModel() {
            @Override
            public int[] cpuid(int leaf, int subleaf) {
                int[] r = super.cpuid(leaf, subleaf);
                if (leaf == 0x80000001) {
                    r[2] &= ~1; // no LAHF-SAHF
                }
                return r;
            }
        });
        without.run("lahf");
        assertInstanceOf(io.xenscope.cpu.fault.InvalidOpcode.class, without.fault());
        IsaMachine.protected32().exec("lahf", "sahf"); // always there outside 64-bit mode
    }

    @Test
    void carryAndDirectionFlagInstructions() {
        m.exec("stc", "cmc");
        assertFalse(m.flag(Flags.CF));
        m.exec("clc", "cmc", "std");
        assertTrue(m.flag(Flags.CF));
        assertTrue(m.flag(Flags.DF));
        m.exec("cld");
        assertFalse(m.flag(Flags.DF));
    }

    @Test
    void clflushChecksTheAddressLikeALoad() {
        m.set(RAX, DATA).exec("clflush [rax]");
        m.set(RAX, 0x8000_0000_0000_0000L).run("clflush [rax]");
        assertInstanceOf(GeneralProtection.class, m.fault());
    }
}
