package io.xenscope.testing;

import static io.xenscope.testing.NativeCpu.CODE_BASE;
import static io.xenscope.testing.NativeCpu.DATA_BASE;
import static io.xenscope.testing.NativeCpu.DATA_SIZE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.CpuMode;
import io.xenscope.cpu.fault.PageFault;
import io.xenscope.cpu.fault.Vectors;
import io.xenscope.mmu.AccessType;
import org.junit.jupiter.api.Test;

class SnippetMachineTest {
    private static final byte[] CODE = {0x48, 0x01, (byte) 0xd8}; // add %rbx,%rax
    private final NativeCpu.Case c = new NativeCpu.Case(CODE, NativeCpu.gprs(0, 1, 3, 2), 0x1 | 0x400 | 0x100, new byte[] {7});

    @Test
    void theVcpuStartsAtTheCodeIn64BitModeWithTheCaseState() {
        Cpu cpu = SnippetMachine.create(c);
        assertEquals(CpuMode.LONG_64, cpu.mode);
        assertEquals(CODE_BASE, cpu.rip);
        assertEquals(1, cpu.gpr[0]);
        assertEquals(2, cpu.gpr[3]);
        assertEquals(0x1 | 0x400, SnippetMachine.userFlags(cpu), "TF is not a user flag");
        assertEquals(0xf4, cpu.memory.read8(CODE_BASE + CODE.length), "hlt after the snippet");
        assertEquals(CODE_BASE + CODE.length + 1, SnippetMachine.endAddress(c));
        assertEquals(7, SnippetMachine.data(cpu)[0]);
    }

    @Test
    void onlyTheCodeAndDataPagesAreMapped() {
        Cpu cpu = SnippetMachine.create(c);
        assertEquals(DATA_BASE + 8, cpu.mmu.translate(DATA_BASE + 8, AccessType.WRITE));
        assertEquals(CODE_BASE + 0xfff0, cpu.mmu.translate(CODE_BASE + 0xfff0, AccessType.EXECUTE));
        assertThrows(PageFault.class, () -> cpu.mmu.translate(DATA_BASE + DATA_SIZE, AccessType.READ));
        assertThrows(PageFault.class, () -> cpu.mmu.translate(DATA_BASE - 1, AccessType.READ));
    }

    @Test
    void exceptionVectorsMapToTheSignalsLinuxSends() {
        assertEquals(NativeCpu.SIGFPE, SnippetMachine.signalFor(Vectors.DE));
        assertEquals(NativeCpu.SIGILL, SnippetMachine.signalFor(Vectors.UD));
        assertEquals(NativeCpu.SIGSEGV, SnippetMachine.signalFor(Vectors.PF));
        assertEquals(NativeCpu.SIGSEGV, SnippetMachine.signalFor(Vectors.GP));
        assertEquals(NativeCpu.SIGTRAP, SnippetMachine.signalFor(Vectors.BP));
    }

    @Test
    void theDataBlockReadsBackWhatTheCaseGave() {
        assertArrayEquals(java.util.Arrays.copyOf(new byte[] {7}, DATA_SIZE), SnippetMachine.data(SnippetMachine.create(c)));
    }
}
