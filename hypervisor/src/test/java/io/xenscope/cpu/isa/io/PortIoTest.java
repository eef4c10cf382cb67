package io.xenscope.cpu.isa.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.xenscope.cpu.Flags;
import io.xenscope.cpu.exec.RunResult;
import io.xenscope.cpu.exec.StopReason;
import io.xenscope.cpu.isa.system.SystemMachine;
import io.xenscope.memory.IoPortHandler;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** in/out/ins/outs through the I/O bus with the permission rules of SDM Vol. 1 §19.5. */
class PortIoTest {
    /** A device that records writes and answers reads with port + size. */
    private static final class Recorder implements IoPortHandler {
        final List<String> log = new ArrayList<>();

        @Override
        public int in(int port, int size) {
            log.add("in " + Integer.toHexString(port) + "/" + size);
            return 0x11223344 >>> (32 - size * 8);
        }

        @Override
        public void out(int port, int size, int value) {
            log.add("out " + Integer.toHexString(port) + "/" + size + "=" + Integer.toHexString(value));
        }
    }

    private static Recorder attach(SystemMachine m) {
        Recorder r = new Recorder();
        m.io.register(0x60, 0x10, r);
        m.io.register(0x3f8, 8, r);
        return r;
    }

    private static void assertHalted(RunResult r) {
        assertEquals(StopReason.HALTED, r.reason(), () -> "stopped: " + r);
    }

    @Test
    void outWithAnImmediatePortWritesAl() {
        SystemMachine m = SystemMachine.long64();
        Recorder dev = attach(m);
        m.cpu.gpr[0] = 0xabcd;
        m.code64("out %al, $0x64\n hlt");
        assertHalted(m.run());
        assertEquals(List.of("out 64/1=cd"), dev.log);
    }

    @Test
    void inThroughDxReadsEax() {
        SystemMachine m = SystemMachine.long64();
        Recorder dev = attach(m);
        m.cpu.gpr[2] = 0x3f8;
        m.cpu.gpr[0] = -1L;
        m.code64("in (%dx), %eax\n hlt");
        assertHalted(m.run());
        assertEquals(0x11223344L, m.cpu.gpr[0], "a 32-bit in zero-extends into RAX");
        assertEquals(List.of("in 3f8/4"), dev.log);
    }

    @Test
    void inAxMergesIntoRax() {
        SystemMachine m = SystemMachine.long64();
        attach(m);
        m.cpu.gpr[0] = 0xffff_ffffL;
        m.code64("in $0x60, %ax\n hlt");
        assertHalted(m.run());
        assertEquals(0xffff_1122L, m.cpu.gpr[0]);
    }

    @Test
    void repOutsbWritesAStringFromMemory() {
        SystemMachine m = SystemMachine.long64();
        Recorder dev = attach(m);
        m.memory.write32(0x8000, 0x00636261); // "abc"
        m.cpu.gpr[6] = 0x8000;
        m.cpu.gpr[1] = 3;
        m.cpu.gpr[2] = 0x3f8;
        m.code64("rep outsb\n hlt");
        assertHalted(m.run());
        assertEquals(List.of("out 3f8/1=61", "out 3f8/1=62", "out 3f8/1=63"), dev.log);
        assertEquals(0x8003, m.cpu.gpr[6]);
        assertEquals(0, m.cpu.gpr[1]);
    }

    @Test
    void insbStoresAtEsDi() {
        SystemMachine m = SystemMachine.long64();
        attach(m);
        m.cpu.gpr[7] = 0x8000;
        m.cpu.gpr[2] = 0x60;
        m.code64("insb\n hlt");
        assertHalted(m.run());
        assertEquals(0x11, m.memory.read8(0x8000));
        assertEquals(0x8001, m.cpu.gpr[7]);
    }

    @Test
    void outAtCpl3AboveIoplIsDeniedByTheIoBitmap() {
        SystemMachine m = SystemMachine.protected32().user(false).stopOnFaults();
        attach(m);
        m.code32("out %al, $0x64");
        RunResult r = m.run();
        assertEquals("#GP", r.fault().mnemonic(), r::toString);
    }

    @Test
    void outAtCpl3IsAllowedWhenTheIoBitmapClearsThePort() {
        SystemMachine m = SystemMachine.protected32().user(false).stopOnFaults();
        Recorder dev = attach(m);
        m.memory.write8(SystemMachine.TSS + 0x68 + 0x64 / 8, 0xff & ~(1 << (0x64 % 8)));
        m.code32("out %al, $0x64\n int3");
        m.run();
        assertEquals(1, dev.log.size());
    }

    @Test
    void outAtCpl3WithIopl3NeedsNoBitmap() {
        SystemMachine m = SystemMachine.protected32().user(false).stopOnFaults();
        Recorder dev = attach(m);
        m.cpu.setRflags(Flags.IOPL | Flags.FIXED);
        m.code32("out %al, $0x64\n int3");
        m.run();
        assertEquals(1, dev.log.size());
    }

    @Test
    void wordAccessNeedsEveryPortClearInTheBitmap() {
        SystemMachine m = SystemMachine.protected32().user(false).stopOnFaults();
        attach(m);
        m.memory.write8(SystemMachine.TSS + 0x68 + 0x60 / 8, 0xfe); // only port 0x60 allowed
        m.code32("out %ax, $0x60");
        RunResult r = m.run();
        assertEquals("#GP", r.fault().mnemonic(), r::toString);
    }
}
