package io.xenscope.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.CpuMode;
import org.junit.jupiter.api.Test;

class BenchWorkloadTest {
    private final BenchWorkload workload = BenchWorkload.load();

    @Test
    void theBuildShipsTheFlatBinaryAndTheNativeSmokeChecksum() {
        assertTrue(workload.imageSize() > 100, "image size " + workload.imageSize());
        assertEquals(0x100000, workload.loadAddress());
        assertNotEquals(0, workload.smokeChecksum());
    }

    @Test
    void aNewMachineStartsAtTheEntryIn64BitModeWithTheArgumentsInRdiAndRsi() {
        Cpu cpu = workload.newMachine(3, 1024);
        assertEquals(CpuMode.LONG_64, cpu.mode);
        assertEquals(workload.loadAddress(), cpu.rip);
        assertEquals(3, cpu.gpr[7]);
        assertEquals(1024, cpu.gpr[6]);
        assertEquals(0xe8, cpu.memory.read8(cpu.rip), "entry begins with call bench_main");
    }
}
