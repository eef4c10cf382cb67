package io.xenscope.cpu.exec;

import static io.xenscope.cpu.isa.IsaMachine.DATA;
import static io.xenscope.cpu.isa.IsaMachine.RAX;
import static io.xenscope.cpu.isa.IsaMachine.RCX;
import static io.xenscope.cpu.isa.IsaMachine.RDI;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenscope.boot.FlatBinaryLoader;
import io.xenscope.cpu.isa.IsaMachine;
import io.xenscope.mmu.WatchHit;
import io.xenscope.mmu.Watchpoint;
import io.xenscope.mmu.Watchpoint.Kind;
import io.xenscope.mmu.Watchpoints;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Data breakpoints in the engine, on assembled 64-bit snippets (code at {@link IsaMachine#CODE},
 * data at {@link IsaMachine#DATA}, identity-mapped with 2 MiB pages): the access completes, the
 * instruction retires, and the run stops right after it with the hit.
 */
class WatchpointTest {
    /** {@code mov rbx, DATA} (48 c7 c3 imm32) is 7 bytes: the snippets' second instruction starts here. */
    private static final long SECOND = IsaMachine.CODE + 7;
    private static final String DATA_IN_RBX = "mov rbx, " + DATA;

    private static IsaMachine watching(Watchpoint... watches) {
        IsaMachine m = IsaMachine.long64();
        m.engine.setWatchpoints(Watchpoints.of(List.of(watches)));
        return m;
    }

    private static WatchHit hit(IsaMachine m) {
        assertEquals(StopReason.WATCHPOINT, m.result().reason(), () -> "expected a watchpoint stop: " + m.result());
        return m.engine.watchHit();
    }

    @Test
    void aWriteWatchStopsAfterTheWritingInstructionWithOldAndNewValues() {
        IsaMachine m = watching(Watchpoint.linear(Kind.WRITE, DATA + 0x10, 4));
        m.poke(DATA + 0x10, 4, 0x11111111);
        m.run(DATA_IN_RBX, "mov dword ptr [rbx + 0x10], 0x1234", "mov eax, 1");

        WatchHit h = hit(m);
        assertTrue(h.write());
        assertEquals(0x11111111L, h.oldValue());
        assertEquals(0x1234L, h.newValue());
        assertEquals(DATA + 0x10, h.linear());
        assertEquals(4, h.size());
        assertEquals(SECOND, h.rip(), "the accessing instruction");
        assertEquals(SECOND + 7, m.cpu.rip, "stopped right after it");
        assertEquals(0x1234L, m.peek(DATA + 0x10, 4), "the write completed");
        assertEquals(0, m.reg(RAX), "the next instruction has not run");
    }

    @Test
    void aReadWatchStopsAfterTheReadingInstruction() {
        IsaMachine m = watching(Watchpoint.linear(Kind.READ, DATA + 0x10, 4));
        m.poke(DATA + 0x10, 4, 0xcafe);
        m.run(DATA_IN_RBX, "mov eax, [rbx + 0x10]", "mov ecx, 1");

        WatchHit h = hit(m);
        assertFalse(h.write());
        assertEquals(0xcafeL, h.newValue());
        assertEquals(SECOND, h.rip());
        assertEquals(0xcafeL, m.reg(RAX), "the read completed");
        assertEquals(0, m.reg(RCX));
    }

    @Test
    void aReadWatchIgnoresWrites() {
        IsaMachine m = watching(Watchpoint.linear(Kind.READ, DATA + 0x10, 4));
        m.exec(DATA_IN_RBX, "mov dword ptr [rbx + 0x10], 5");
    }

    @Test
    void anAccessWatchCatchesAReadModifyWriteOnce() {
        IsaMachine m = watching(Watchpoint.linear(Kind.ACCESS, DATA + 0x10, 1));
        m.poke(DATA + 0x10, 1, 7);
        m.run(DATA_IN_RBX, "add byte ptr [rbx + 0x10], 1", "mov ecx, 1");

        WatchHit h = hit(m);
        assertFalse(h.write(), "the read comes first");
        assertEquals(8L, m.peek(DATA + 0x10, 1));
        assertEquals(0, m.reg(RCX));
    }

    @Test
    void aWriteToAnotherPartOfTheWatchedPageDoesNotStop() {
        IsaMachine m = watching(Watchpoint.linear(Kind.WRITE, DATA + 0x10, 4));
        m.exec(DATA_IN_RBX, "mov dword ptr [rbx + 0x14], 1", "mov dword ptr [rbx + 0xc], 2", "mov eax, [rbx + 0x10]");
        assertEquals(1L, m.peek(DATA + 0x14, 4));
    }

    @Test
    void aWatchOfAnyLengthCatchesAWriteToItsLastByte() {
        IsaMachine m = watching(Watchpoint.linear(Kind.WRITE, DATA + 0x100, 13));
        m.run(DATA_IN_RBX, "mov byte ptr [rbx + 0x10c], 9");
        assertEquals(DATA + 0x10c, hit(m).linear());
    }

    @Test
    void aWatchSpanningTwoPagesCatchesAWriteInItsSecondPage() {
        IsaMachine m = watching(Watchpoint.linear(Kind.WRITE, DATA + 0xffc, 8));
        m.run(DATA_IN_RBX, "mov word ptr [rbx + 0x1002], 0x4242");

        WatchHit h = hit(m);
        assertEquals(DATA + 0x1002, h.linear());
        assertEquals(0x4242L, h.newValue());
    }

    @Test
    void anAccessCrossingIntoAWatchedPageIsCaught() {
        IsaMachine m = watching(Watchpoint.linear(Kind.WRITE, DATA + 0x1000, 1));
        m.run(DATA_IN_RBX, "mov qword ptr [rbx + 0xffc], -1");

        WatchHit h = hit(m);
        assertEquals(DATA + 0xffc, h.linear());
        assertEquals(8, h.size());
    }

    @Test
    void repStosStopsAfterTheIterationThatWroteTheWatchedByte() {
        IsaMachine m = watching(Watchpoint.linear(Kind.WRITE, DATA + 0x800, 4));
        m.poke(DATA + 0x800, 1, 0x55);
        m.run("mov rdi, " + DATA, "mov ecx, 4096", "mov eax, 0xab", "rep stosb");

        WatchHit h = hit(m);
        assertEquals(DATA + 0x800, h.linear());
        assertEquals(0x55L, h.oldValue());
        assertEquals(0xabL, h.newValue());
        assertEquals(DATA + 0x801, m.reg(RDI), "0x801 iterations done");
        assertEquals(4096 - 0x801, m.reg(RCX));
        assertEquals(h.rip(), m.cpu.rip, "iterations remain: RIP stays on rep stos");
        assertEquals(0L, m.peek(DATA + 0x801, 1), "nothing written past the hit");
    }

    @Test
    void repMovsReadingAWatchedSourceStopsAfterThatIteration() {
        IsaMachine m = watching(Watchpoint.linear(Kind.READ, DATA + 0x2100, 8));
        m.poke(DATA + 0x2100, 8, 0x0123456789abcdefL);
        m.run("mov rsi, " + (DATA + 0x2000), "mov rdi, " + DATA, "mov ecx, 512", "rep movsq");

        WatchHit h = hit(m);
        assertEquals(DATA + 0x2100, h.linear());
        assertEquals(0x0123456789abcdefL, h.newValue());
        assertEquals(512 - 0x21, m.reg(RCX));
        assertEquals(0x0123456789abcdefL, m.peek(DATA + 0x100, 8), "the hitting element was copied");
    }

    @Test
    void aPhysicalWatchCatchesAWriteThroughAnotherVirtualAlias() {
        long alias = 0x3000_0000L; // within the identity-mapped first GiB, beyond the 64 MiB of RAM
        IsaMachine m = watching(Watchpoint.physical(Kind.WRITE, DATA + 0x20, 8));
        // a second 2 MiB mapping of the data page: PDE for `alias` -> DATA (P|RW|PS)
        m.cpu.memory.write64(FlatBinaryLoader.PAGE_TABLES + 0x2000 + 8 * (alias >>> 21), DATA | 0x83);
        m.run("mov rbx, " + alias, "mov qword ptr [rbx + 0x20], 77");

        WatchHit h = hit(m);
        assertEquals(alias + 0x20, h.linear());
        assertEquals(DATA + 0x20, h.physical());
        assertEquals(77L, h.newValue());
    }

    @Test
    void aPhysicalWatchCatchesAWriteIntoAPageHoldingTranslatedCode() {
        IsaMachine m = watching(Watchpoint.physical(Kind.WRITE, IsaMachine.CODE, 64));
        // the write goes through the MMU's code-write path (the page holds the running block)
        m.run("lea rbx, [rip + 2f]", "mov byte ptr [rbx], 5", "jmp 3f", "2: .byte 0", "3:");

        WatchHit h = hit(m);
        assertEquals(m.reg(3), h.physical(), "rbx");
        assertEquals(5L, m.peek(h.physical(), 1));
    }

    @Test
    void aHitInsideACompiledBlockStopsRightAfterTheAccessingInstruction() {
        IsaMachine m = watching(Watchpoint.linear(Kind.WRITE, DATA + 8 * 300, 8));
        // 1000 iterations: the loop body is compiled (after 200) long before it reaches slot 300
        m.run(DATA_IN_RBX, "mov ecx, 1000", "2:", "mov [rbx + rcx * 8], rcx", "dec ecx", "jnz 2b");

        assertEquals(300L, hit(m).newValue());
        assertEquals(300L, m.reg(RCX), "the dec after the store has not run");
    }

    @Test
    void aRunAfterAHitContinuesToTheNextOne() {
        IsaMachine m = watching(Watchpoint.linear(Kind.WRITE, DATA, 16));
        m.run(DATA_IN_RBX, "mov qword ptr [rbx], 1", "mov qword ptr [rbx + 8], 2", "mov eax, 3");
        assertEquals(1L, hit(m).newValue());

        RunResult next = m.engine.run(1000);
        assertEquals(StopReason.WATCHPOINT, next.reason());
        assertEquals(2L, m.engine.watchHit().newValue());
        assertEquals(0, m.reg(RAX));
    }
}
