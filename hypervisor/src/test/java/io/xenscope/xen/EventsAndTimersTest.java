package io.xenscope.xen;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** 2-level event delivery through the event callback, and timers in virtual time. */
class EventsAndTimersTest {
    static final int RBX = 3, R12 = 12, R13 = 13, R14 = 14, R15 = 15;

    /** shared_info over `scratch`, the event callback `ev`, and an IPI port in `port`. */
    static final String SETUP = HypercallTest.MAP_SHARED_INFO + """
            xor %edi,%edi; lea cb(%rip),%rsi; HYPERCALL 30
            mov $7,%edi; lea ipi(%rip),%rsi; HYPERCALL 32
            mov ipi+4(%rip),%eax; mov %eax,port(%rip)
            """;
    static final String DATA = "cb: .word 0, 0, 0, 0\n .quad ev\nipi: .long 0, 0\nport: .long 0\n";
    static final String SEND = "mov $4,%edi; lea port(%rip),%rsi; HYPERCALL 32\n";

    static BootedGuest run(String body, String handler, String data) {
        BootedGuest g = PvTestGuest.boot(body, "ev:\n" + handler, DATA + data);
        RunReport r = g.run();
        assertEquals(RunReport.Outcome.SHUTDOWN, r.outcome(), r.toString());
        assertEquals(0, r.shutdownReason(), r.detail() + " " + r.faults());
        return g;
    }

    @Test
    void aPendingEventIsDeliveredOnceUpcallsAreUnmasked() {
        BootedGuest g = run(SETUP + SEND + """
                mov $1,%r12
                movb $0,scratch+1(%rip)
                xor %edi,%edi; xor %esi,%esi; HYPERCALL 17   /* any hypercall: Xen checks events on the way back */
                mov $2,%r12
                POWEROFF
                """, "mov %r12,%r13\n movzbl scratch+1(%rip),%r14d\n POWEROFF", "");
        assertEquals(1, g.reg(R13), "delivered after unmasking, before the next instruction block");
        assertEquals(1, g.reg(R14), "the upcall masks events (TBF_INTERRUPT)");
    }

    @Test
    void whileMaskedNothingIsDelivered() {
        BootedGuest g = run(SETUP + SEND + "mov $3,%ebx\n POWEROFF", "mov $99,%ebx\n POWEROFF", "");
        assertEquals(3, g.reg(RBX));
        Vcpu v = g.vcpu();
        assertEquals(1, v.upcallPending());
        int port = (int) g.read64("port", 0);
        assertTrue((v.pendingSel() >>> (port / 64) & 1) != 0, "evtchn_pending_sel");
    }

    @Test
    void aMaskedPortDoesNotRaiseAnUpcall() {
        BootedGuest g = run(SETUP + """
                mov port(%rip),%eax; lock bts %eax,scratch+2560(%rip)   /* evtchn_mask */
                """ + SEND + """
                mov $4,%ebx
                movb $0,scratch+1(%rip)
                xor %edi,%edi; xor %esi,%esi; HYPERCALL 17
                POWEROFF
                """, "mov $99,%ebx\n POWEROFF", "");
        assertEquals(4, g.reg(RBX));
        assertEquals(0, g.vcpu().upcallPending());
    }

    @Test
    void unmaskingAPendingPortRaisesTheUpcall() {
        BootedGuest g = run(SETUP + """
                mov port(%rip),%eax; lock bts %eax,scratch+2560(%rip)
                """ + SEND + """
                movb $0,scratch+1(%rip)
                mov $9,%edi; lea port(%rip),%rsi; HYPERCALL 32
                mov $4,%ebx
                POWEROFF
                """, "mov $5,%ebx\n POWEROFF", "");
        assertEquals(5, g.reg(RBX));
    }

    @Test
    void blockSleepsUntilTheTimerAndVirtualTimeJumps() {
        BootedGuest g = run(SETUP + """
                mov $1,%edi; lea virq(%rip),%rsi; HYPERCALL 32          /* VIRQ_TIMER */
                mov $7,%edi; xor %esi,%esi; xor %edx,%edx; HYPERCALL 24  /* no periodic ticker */
                mov scratch+48(%rip),%rdi; mov %rdi,%r12; add $5000000,%rdi; HYPERCALL 15
                mov $1,%edi; xor %esi,%esi; HYPERCALL 29                /* SCHEDOP_block */
                ud2
                """, """
                mov $4,%edi; lea tsc(%rip),%rsi; HYPERCALL 24         /* runstate: any hypercall */
                mov scratch+48(%rip),%r13
                POWEROFF
                """, "virq: .long 0, 0, 0\ntsc: .skip 48");
        long armed = g.reg(R12);
        long woke = g.reg(R13);
        assertTrue(woke - armed >= 5_000_000, "system time advanced by the timeout: " + (woke - armed));
        assertTrue(g.vcpu().cpu().instructionCount < 1000, "without executing millions of instructions");
    }

    @Test
    void blockWithNothingToWaitForHangsForever() {
        BootedGuest g = PvTestGuest.boot("""
                mov $7,%edi; xor %esi,%esi; xor %edx,%edx; HYPERCALL 24
                mov $1,%edi; xor %esi,%esi; HYPERCALL 29
                POWEROFF
                """);
        assertEquals(RunReport.Outcome.BLOCKED_FOREVER, g.run().outcome());
    }

    @Test
    void blockReturnsAtOnceWhenAnEventIsAlreadyPending() {
        BootedGuest g = run(SETUP + SEND + """
                mov $1,%edi; xor %esi,%esi; HYPERCALL 29
                mov $6,%ebx
                POWEROFF
                """, "mov $1,%r13\n POWEROFF", "");
        assertEquals(1, g.reg(R13), "block unmasked events and returned; the upcall followed");
        assertTrue(g.vcpu().cpu().instructionCount < 1000);
    }

    @Test
    void theDefaultPeriodicTimerTicksEveryTenMilliseconds() {
        BootedGuest g = run(SETUP + """
                mov $1,%edi; lea virq(%rip),%rsi; HYPERCALL 32
                mov $1,%edi; xor %esi,%esi; HYPERCALL 29
                ud2
                """, "mov scratch+48(%rip),%rbx\n POWEROFF", "virq: .long 0, 0, 0");
        long t = g.reg(RBX);
        assertTrue(t >= 10_000_000 && t < 11_000_000, "first tick at 10 ms: " + t);
    }

    @Test
    void vcpuTimeInfoIsCoherentWithTheTsc() {
        BootedGuest g = run(SETUP + """
                mov scratch+32(%rip),%r15d                 /* version: even */
                rdtsc; shl $32,%rdx; or %rdx,%rax; sub scratch+40(%rip),%rax   /* tsc - tsc_timestamp */
                mov scratch+56(%rip),%ecx; mul %rcx; shrd $32,%rdx,%rax        /* * mul >> 32 (shift 0) */
                add scratch+48(%rip),%rax; mov %rax,%r12   /* pvclock now */
                mov %rax,%rbx
                POWEROFF
                """, "POWEROFF", "");
        assertEquals(0, g.reg(R15) & 1, "version even when stable");
        long now = g.reg(R12);
        long instr = g.vcpu().cpu().instructionCount;
        assertTrue(Math.abs(now - instr) < 100, "1 ns per instruction: now " + now + " after " + instr);
    }
}
