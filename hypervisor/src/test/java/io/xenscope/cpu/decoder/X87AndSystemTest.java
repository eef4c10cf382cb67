package io.xenscope.cpu.decoder;

import static io.xenscope.cpu.decoder.Bytes.*;
import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** x87 escapes (SDM Tables A-7..A-22) and system instructions of the 0F map. */
class X87AndSystemTest {

    @Test
    void x87MemoryFormsCarryTheirOperandSize() {
        assertEquals(Mnemonic.FLD, d64("d9 00").mnemonic());
        assertEquals(4, d64("d9 00").operand(0).size());
        assertEquals(8, d64("dd 00").operand(0).size());
        assertEquals(10, d64("db 28").operand(0).size());  // fld tbyte
        assertEquals(Mnemonic.FILD, d64("df 28").mnemonic()); // fild qword
        assertEquals(Mnemonic.FNSTCW, d64("d9 38").mnemonic());
    }

    @Test
    void x87RegisterFormsNameStackRegisters() {
        Instruction i = d64("d8 c1");
        assertEquals(Mnemonic.FADD, i.mnemonic());
        assertEquals(reg(Register.ST0), i.operand(0));
        assertEquals(reg(Register.ST1), i.operand(1));
        assertEquals(Mnemonic.FSUBP, d64("de e9").mnemonic());
        assertEquals(Mnemonic.FNSTSW, d64("df e0").mnemonic());
        assertEquals(Mnemonic.FSIN, d64("d9 fe").mnemonic());
        assertEquals(Mnemonic.FUCOMPP, d64("da e9").mnemonic());
        assertEquals(Mnemonic.FNINIT, d64("db e3").mnemonic());
    }

    @Test
    void group7SystemInstructions() {
        assertEquals(Mnemonic.LGDT, d64("0f 01 10").mnemonic());
        assertEquals(10, d64("0f 01 10").operand(0).size());
        assertEquals(6, d32("0f 01 10").operand(0).size());
        assertEquals(Mnemonic.VMCALL, d64("0f 01 c1").mnemonic());
        assertEquals(Mnemonic.VMMCALL, d64("0f 01 d9").mnemonic());
        assertEquals(Mnemonic.XGETBV, d64("0f 01 d0").mnemonic());
        assertEquals(Mnemonic.RDTSCP, d64("0f 01 f9").mnemonic());
        assertEquals(Mnemonic.INVLPG, d64("0f 01 38").mnemonic());
    }

    @Test
    void group15FencesAndStateSaves() {
        assertEquals(Mnemonic.LFENCE, d64("0f ae e8").mnemonic());
        assertEquals(Mnemonic.MFENCE, d64("0f ae f0").mnemonic());
        assertEquals(Mnemonic.SFENCE, d64("0f ae f8").mnemonic());
        assertEquals(Mnemonic.FXSAVE, d64("0f ae 00").mnemonic());
        assertEquals(512, d64("0f ae 00").operand(0).size());
        assertEquals(Mnemonic.LDMXCSR, d64("0f ae 10").mnemonic());
        assertEquals(Mnemonic.CLFLUSH, d64("0f ae 38").mnemonic());
        assertEquals(Mnemonic.RDFSBASE, d64("f3 48 0f ae c0").mnemonic());
        assertEquals(Mnemonic.WRGSBASE, d64("f3 0f ae d8").mnemonic());
    }

    @Test
    void simpleSystemOpcodes() {
        assertEquals(Mnemonic.SYSCALL, d64("0f 05").mnemonic());
        assertEquals(Mnemonic.CPUID, d64("0f a2").mnemonic());
        assertEquals(Mnemonic.RDMSR, d64("0f 32").mnemonic());
        assertEquals(Mnemonic.WRMSR, d64("0f 30").mnemonic());
        assertEquals(Mnemonic.UD2, d64("0f 0b").mnemonic());
        assertEquals(Mnemonic.HLT, d64("f4").mnemonic());
        assertEquals(Mnemonic.INT3, d64("cc").mnemonic());
        assertEquals(Mnemonic.INT1, d64("f1").mnemonic());
        assertEquals(Mnemonic.BSWAP, d64("49 0f c8").mnemonic());
        assertEquals(reg(Register.R8), d64("49 0f c8").operand(0));
        assertEquals(Mnemonic.CRC32, d64("f2 48 0f 38 f1 c1").mnemonic());
        assertEquals(Mnemonic.MOVBE, d64("0f 38 f0 00").mnemonic());
    }
}
