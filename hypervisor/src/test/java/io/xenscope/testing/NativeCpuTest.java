package io.xenscope.testing;

import static io.xenscope.testing.NativeCpu.DATA_BASE;
import static io.xenscope.testing.NativeCpu.DATA_SIZE;
import static io.xenscope.testing.NativeCpu.gprs;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.xenscope.testing.NativeCpu.Case;
import io.xenscope.testing.NativeCpu.Result;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class NativeCpuTest {
    private static final int RAX = 0, RCX = 1, RDX = 2, RBX = 3, RSP = 4;
    private static final long CF = 0x1, PF = 0x4, AF = 0x10, ZF = 0x40, SF = 0x80, OF = 0x800, DF = 0x400;
    private static final byte[] NO_DATA = new byte[0];
    private static final GnuAssembler AS = GnuAssembler.inTarget();
    private static NativeCpu cpu;

    @BeforeAll
    static void start() {
        assumeTrue(NativeCpu.isSupported(), "needs an x86-64 Linux host");
        cpu = NativeCpu.start();
    }

    @AfterAll
    static void stop() {
        if (cpu != null) {
            cpu.close();
        }
    }

    private static Result run(String asm, long[] gprs, long flags, byte[] data) {
        return cpu.run(AS.assemble64(asm), gprs, flags, data);
    }

    @Test
    void addGivesTheSumAndTheArithmeticFlags() {
        Result r = run("add %rbx, %rax", gprs(RAX, -1, RBX, 1), 0, NO_DATA);
        assertFalse(r.faulted());
        assertEquals(0, r.gpr(RAX));
        assertEquals(CF | PF | AF | ZF, r.userFlags());
    }

    @Test
    void signedOverflowSetsOfAndSf() {
        Result r = run("add %ebx, %eax", gprs(RAX, 0x7fffffff, RBX, 1), 0, NO_DATA);
        assertEquals(0x80000000L, r.gpr(RAX));
        assertEquals(OF | SF | AF | PF, r.userFlags());
    }

    @Test
    void anEmptySnippetHandsBackEveryRegisterAndFlagUnchanged() {
        long[] in = new long[16];
        for (int i = 0; i < 16; i++) {
            in[i] = 0x0101_0101_0101_0101L * (i + 1);
        }
        long flags = CF | PF | AF | ZF | SF | OF | DF;
        Result r = cpu.run(new byte[0], in, flags, NO_DATA);
        assertArrayEquals(in, r.gprs());
        assertEquals(flags, r.userFlags());
    }

    @Test
    void storesLandInTheDataBlock() {
        byte[] data = new byte[16];
        data[0] = 5;
        Result r = run("movabs $0x10000000, %rbx\n mov (%rbx), %eax\n add $1, %eax\n mov %eax, 8(%rbx)", gprs(), 0, data);
        assertEquals(6, r.gpr(RAX));
        assertEquals(6, r.data()[8]);
        assertEquals(DATA_SIZE, r.data().length);
    }

    @Test
    void theStackMayLiveInTheDataBlock() {
        long top = DATA_BASE + DATA_SIZE;
        Result r = run("push %rax\n push %rbx\n pop %rcx", gprs(RAX, 0x1122334455667788L, RBX, 7, RSP, top), 0, NO_DATA);
        assertEquals(7, r.gpr(RCX));
        assertEquals(top - 8, r.gpr(RSP));
        assertEquals(0x1122334455667788L, ByteBuffer.wrap(r.data()).order(ByteOrder.LITTLE_ENDIAN).getLong(DATA_SIZE - 8));
    }

    @Test
    void divideByZeroIsSigfpeAtTheDivide() {
        Result r = run("nop\n div %rcx", gprs(RAX, 5, RCX, 0), 0, NO_DATA);
        assertEquals(NativeCpu.SIGFPE, r.signal());
        assertEquals(1, r.faultOffset());
        assertEquals(5, r.gpr(RAX));
    }

    @Test
    void otherFaultsReportTheirSignals() {
        assertEquals(NativeCpu.SIGILL, run("ud2", gprs(), 0, NO_DATA).signal());
        assertEquals(NativeCpu.SIGTRAP, run("int3", gprs(), 0, NO_DATA).signal());
        Result segv = run("mov (%rax), %rbx", gprs(RAX, DATA_BASE + DATA_SIZE), 0, NO_DATA);
        assertEquals(NativeCpu.SIGSEGV, segv.signal());
        assertEquals(DATA_BASE + DATA_SIZE, segv.faultAddress());
        assertEquals(NativeCpu.SIGSEGV, run("hlt", gprs(), 0, NO_DATA).signal(), "privileged in user mode");
    }

    @Test
    void theHarnessSurvivesAFaultAndRunsTheNextCase() {
        run("ud2", gprs(RSP, 0), DF, NO_DATA);
        assertEquals(3, run("lea 1(%rax,%rax), %rax", gprs(RAX, 1), 0, NO_DATA).gpr(RAX));
    }

    @Test
    void aSnippetThatKillsTheHarnessFailsAloneAndTheNextCaseRunsInAFreshOne() {
        // exit_group(7) ends the process: not allowed in a snippet, and exactly why recovery exists.
        byte[] exit = AS.assemble64("mov $231, %eax\n mov $7, %edi\n syscall");
        org.junit.jupiter.api.Assertions.assertThrows(java.io.UncheckedIOException.class,
                () -> cpu.run(exit, gprs(), 0, NO_DATA));
        assertEquals(2, run("inc %rax", gprs(RAX, 1), 0, NO_DATA).gpr(RAX));
    }

    @Test
    void aSnippetThatChangesMxcsrDoesNotAffectTheNextCase() {
        run("movabs $0x10000000, %rax\n movl $0x7fc0, (%rax)\n ldmxcsr (%rax)", gprs(), 0, NO_DATA);
        Result r = run("movabs $0x10000000, %rax\n stmxcsr (%rax)", gprs(), 0, NO_DATA);
        assertEquals(0x1f80, ByteBuffer.wrap(r.data()).order(ByteOrder.LITTLE_ENDIAN).getInt(0));
    }

    @Test
    void manyCasesRunQuicklyInOneBatch() {
        byte[] code = AS.assemble64("imul %rbx, %rax\n sbb %rcx, %rdx");
        List<Case> cases = new ArrayList<>();
        java.util.Random random = new java.util.Random(1);
        for (int i = 0; i < 100_000; i++) {
            cases.add(new Case(code, gprs(RAX, random.nextLong(), RBX, random.nextLong(), RCX, random.nextLong()),
                    random.nextLong(), NO_DATA));
        }
        long t0 = System.nanoTime();
        List<Result> results = cpu.runAll(cases);
        long ns = System.nanoTime() - t0;
        assertEquals(cases.size(), results.size());
        for (int i = 0; i < cases.size(); i++) {
            long[] in = cases.get(i).gprs();
            assertEquals(in[RAX] * in[RBX], results.get(i).gpr(RAX));
        }
        // A figure, not an assertion: speed is measured, never asserted (DESIGN.md, Tests).
        System.out.printf("nativecpu: %d cases in %.1f ms (%.1f µs/case)%n", cases.size(), ns / 1e6, ns / 1e3 / cases.size());
    }
}
