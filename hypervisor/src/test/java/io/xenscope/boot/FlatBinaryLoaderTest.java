package io.xenscope.boot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.CpuMode;
import io.xenscope.cpu.CpuModel;
import io.xenscope.cpu.decoder.CodeSize;
import io.xenscope.memory.IoBus;
import io.xenscope.memory.PhysicalMemory;
import io.xenscope.mmu.AccessType;
import org.junit.jupiter.api.Test;

class FlatBinaryLoaderTest {
    private static final byte[] IMAGE = {(byte) 0x90, (byte) 0xf4};
    private final Cpu cpu = new Cpu(new PhysicalMemory(64L << 20), new IoBus(), new CpuModel());

    @Test
    void loadCopiesTheImageToItsPhysicalAddress() {
        FlatBinaryLoader.load(cpu.memory, 0x100000, IMAGE);
        byte[] back = new byte[2];
        cpu.memory.readBytes(0x100000, back, 0, 2);
        assertArrayEquals(IMAGE, back);
    }

    @Test
    void longModeIs64BitCodeWithAnIdentityMapOfTheFirstGigabyte() {
        FlatBinaryLoader.enterLongMode(cpu, 0x100000, 0x90000);
        assertEquals(CpuMode.LONG_64, cpu.mode);
        assertEquals(CodeSize.BITS64, cpu.codeSize);
        assertEquals(0, cpu.cpl);
        assertTrue((cpu.efer & Cpu.EFER_LMA) != 0, "EFER.LMA");
        assertEquals(0x100000, cpu.rip);
        assertEquals(0x90000, cpu.gpr[4]);
        assertEquals(0x1234567L, cpu.mmu.translate(0x1234567L, AccessType.WRITE));
        assertEquals(0x3fff_f000L, cpu.mmu.translate(0x3fff_f000L, AccessType.EXECUTE));
    }

    @Test
    void theGdtInMemoryMatchesTheSegmentCaches() {
        FlatBinaryLoader.enterLongMode(cpu, 0x100000, 0x90000);
        var cs = new io.xenscope.cpu.SegmentRegister();
        cs.loadDescriptor(FlatGdt.CODE64, cpu.memory.read64(cpu.gdtrBase + FlatGdt.CODE64));
        assertEquals(cpu.seg[Cpu.CS].attributes, cs.attributes);
        var ds = new io.xenscope.cpu.SegmentRegister();
        ds.loadDescriptor(FlatGdt.DATA, cpu.memory.read64(cpu.gdtrBase + FlatGdt.DATA));
        assertEquals(cpu.seg[Cpu.DS].attributes, ds.attributes);
        assertEquals(0xffffffffL, ds.limit);
    }

    @Test
    void protectedModeIsFlat32BitCodeWithoutPaging() {
        FlatBinaryLoader.enterProtectedMode(cpu, 0x100000, 0x90000);
        assertEquals(CpuMode.PROTECTED, cpu.mode);
        assertEquals(CodeSize.BITS32, cpu.codeSize);
        assertEquals(0, cpu.cr0 & Cpu.CR0_PG);
        assertEquals(0, cpu.seg[Cpu.SS].base);
        assertTrue(cpu.seg[Cpu.SS].defaultBig(), "32-bit stack");
        assertEquals(0x90000, cpu.gpr[4]);
    }

    @Test
    void realModeSplitsEntryAndStackIntoSegmentAndOffset() {
        FlatBinaryLoader.enterRealMode(cpu, 0x7c00, 0x7000);
        assertEquals(CpuMode.REAL, cpu.mode);
        assertEquals(CodeSize.BITS16, cpu.codeSize);
        assertEquals(0x7c00, cpu.seg[Cpu.CS].base + cpu.rip);
        assertEquals(0x7000, cpu.seg[Cpu.SS].base + cpu.gpr[4]);
    }
}
