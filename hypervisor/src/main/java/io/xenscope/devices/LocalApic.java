package io.xenscope.devices;

import io.xenscope.memory.MmioHandler;

import java.util.function.IntConsumer;
import java.util.function.LongSupplier;

/**
 * The local APIC of one vCPU in xAPIC mode at 0xFEE00000, as Xen emulates it
 * (xen/arch/x86/hvm/vlapic.c; Intel SDM Vol. 3 chapter 11): ID {@link #xenApicId} (2 × vCPU id), version 0x50014 (6 LVT entries),
 * TPR/PPR, EOI (broadcast to the I/O APIC for level-triggered vectors: the TMR bit), LDR/DFR, SVR
 * software enable (clearing it masks every LVT entry, and LVT writes stay masked while it is
 * clear), ISR/TMR/IRR, ESR (send/receive illegal vector, latched by a write), ICR (an IPI goes to
 * the {@link Bus}: the platform's APICs, which pick the targets by shorthand and destination with
 * {@link #targetedBy} and hand each one the message: fixed and lowest-priority vectors here, INIT
 * and STARTUP to the machine; alone, an APIC is its own bus; NMI and SMI have no line and are dropped),
 * the six LVT entries with Xen's writable bits, and the timer: divide configuration, initial and
 * current count, one-shot and periodic, counting at Xen's 100 MHz bus clock (APIC_BUS_CYCLE_NS =
 * 10), so one count lasts 10 ns × divisor. TSC-deadline mode is not offered (no CPUID bit).
 *
 * <p>Reset state (vlapic_do_init): every LVT masked, SVR 0xFF (software-disabled), DFR all ones,
 * divide by 2. IA32_APIC_BASE is {@link ApicBaseMsr}.
 */
public final class LocalApic implements MmioHandler, TimedDevice {
    public static final long DEFAULT_BASE = 0xfee00000L;
    public static final int VERSION = 0x00050014;
    /** Xen: "vlapic's frequence is 100 MHz". */
    public static final long BUS_CYCLE_NS = 10;

    public static final int ID = 0x20, LVR = 0x30, TPR = 0x80, APR = 0x90, PPR = 0xa0, EOI = 0xb0, RRD = 0xc0,
            LDR = 0xd0, DFR = 0xe0, SVR = 0xf0, ISR = 0x100, TMR = 0x180, IRR = 0x200, ESR = 0x280,
            ICR_LOW = 0x300, ICR_HIGH = 0x310, LVT_TIMER = 0x320, LVT_THERMAL = 0x330, LVT_PERF = 0x340,
            LVT_LINT0 = 0x350, LVT_LINT1 = 0x360, LVT_ERROR = 0x370, TIMER_INITIAL = 0x380,
            TIMER_CURRENT = 0x390, TIMER_DIVIDE = 0x3e0;

    public static final int LVT_MASKED = 1 << 16, LVT_PERIODIC = 1 << 17, LVT_LEVEL = 1 << 15,
            LVT_REMOTE_IRR = 1 << 14, LVT_POLARITY = 1 << 13, DELIVERY_MODE = 0x700, DM_EXTINT = 0x700,
            SVR_ENABLED = 1 << 8;
    static final int ESR_SEND_ILLEGAL = 0x20, ESR_RECEIVE_ILLEGAL = 0x40;

    private static final int LVT_MASK = LVT_MASKED | 0xff;
    private static final int LINT_MASK = LVT_MASK | DELIVERY_MODE | LVT_POLARITY | LVT_REMOTE_IRR | LVT_LEVEL;
    /** vlapic_lvt_mask: writable bits of timer, thermal, perf, LINT0, LINT1, error. */
    private static final int[] LVT_WRITABLE = {LVT_MASK | LVT_PERIODIC, LVT_MASK | DELIVERY_MODE,
            LVT_MASK | DELIVERY_MODE, LINT_MASK, LINT_MASK, LVT_MASK};

    /** The APIC bus an IPI travels on (SDM Vol. 3 §11.6): who receives it and what the message does there. */
    public interface Bus {
        void ipi(LocalApic from, int icrLow, int icrHigh);
    }

    public static final int DM_FIXED = 0, DM_LOWEST = 0x100, DM_INIT = 0x500, DM_STARTUP = 0x600;
    /** ICR bit 14: level assert (an INIT with it clear and level trigger is the obsolete INIT de-assert). */
    public static final int ICR_ASSERT = 1 << 14;

    private final int initialId;
    private Bus bus = (from, lo, hi) -> {
        if (from.targetedBy(from, lo, hi)) {
            from.receive(lo);
        }
    };
    private final LongSupplier nowNs;
    private final Runnable changed;
    private final Runnable reschedule;
    private IntConsumer levelEoi = vector -> { };

    private int id, tpr, ldr, dfr, svr, esr, pendingEsr, icrLow, icrHigh, divideConfig;
    private final int[] lvt = new int[6];
    private final int[] irr = new int[8], isr = new int[8], tmr = new int[8];
    private boolean hardwareEnabled = true;

    private int initialCount;
    private long divisor;
    private long timerStart;
    private long timerDeadline = Long.MAX_VALUE;

    public LocalApic(LongSupplier nowNs, Runnable changed, Runnable reschedule) {
        this(0, nowNs, changed, reschedule);
    }

    /**
     * Xen's APIC ID of vCPU {@code vcpu}: 2 × its id, "to give the illusion of no SMT"
     * (vlapic_reset / x86_x2apic_id_from_vcpu_id; CPUID.1:EBX[31:24] says the same).
     */
    public static int xenApicId(int vcpu) {
        return 2 * vcpu;
    }

    /** An APIC whose ID register reads {@code apicId} in bits 31:24 after reset. */
    public LocalApic(int apicId, LongSupplier nowNs, Runnable changed, Runnable reschedule) {
        this.initialId = apicId;
        this.nowNs = nowNs;
        this.changed = changed;
        this.reschedule = reschedule;
        reset();
    }

    /** Where EOIs of level-triggered vectors go (the I/O APIC's remote IRR). */
    void onLevelEoi(IntConsumer levelEoi) {
        this.levelEoi = levelEoi;
    }

    /** The bus IPIs from this APIC travel on (PcPlatform's, with several APICs). */
    void onBus(Bus bus) {
        this.bus = bus;
    }

    /** vlapic_do_init + vlapic_reset (also what an INIT IPI does to the target's APIC). */
    void reset() {
        id = initialId << 24;
        tpr = ldr = esr = pendingEsr = icrLow = icrHigh = 0;
        dfr = 0xffffffff;
        svr = 0xff;
        for (int i = 0; i < lvt.length; i++) {
            lvt[i] = LVT_MASKED;
        }
        for (int i = 0; i < 8; i++) {
            irr[i] = isr[i] = tmr[i] = 0;
        }
        setDivide(0);
        initialCount = 0;
        timerDeadline = Long.MAX_VALUE;
        reschedule.run();
        changed.run();
    }

    /** IA32_APIC_BASE bit 11: disabling takes the APIC off the bus; enabling it again resets it. */
    void setHardwareEnabled(boolean enable) {
        if (enable == hardwareEnabled) {
            return;
        }
        hardwareEnabled = enable;
        if (enable) {
            reset();
        }
        changed.run();
    }

    public boolean hardwareEnabled() {
        return hardwareEnabled;
    }

    // ---- state -------------------------------------------------------------------------------------

    public boolean softwareEnabled() {
        return (svr & SVR_ENABLED) != 0;
    }

    /** Hardware-enabled (IA32_APIC_BASE bit 11) and software-enabled (SVR bit 8): vlapic_enabled. */
    public boolean enabled() {
        return hardwareEnabled && softwareEnabled();
    }

    public int lvtLint0() {
        return lvt[3];
    }

    public int apicId() {
        return id >>> 24;
    }

    private static int highest(int[] bitmap) {
        for (int i = 7; i >= 0; i--) {
            if (bitmap[i] != 0) {
                return i * 32 + 31 - Integer.numberOfLeadingZeros(bitmap[i]);
            }
        }
        return -1;
    }

    private static boolean test(int[] bitmap, int v) {
        return (bitmap[v >>> 5] & (1 << (v & 31))) != 0;
    }

    private static void set(int[] bitmap, int v, boolean on) {
        if (on) {
            bitmap[v >>> 5] |= 1 << (v & 31);
        } else {
            bitmap[v >>> 5] &= ~(1 << (v & 31));
        }
    }

    /** Processor priority (SDM §11.8.3.1): TPR, or the in-service vector's class if higher. */
    public int ppr() {
        int isrv = Math.max(highest(isr), 0);
        return (tpr & 0xf0) >= (isrv & 0xf0) ? tpr & 0xff : isrv & 0xf0;
    }

    /** The vector the APIC would present to the core now, or -1 (vlapic_has_pending_irq). */
    public int deliverableVector() {
        if (!enabled()) {
            return -1;
        }
        int v = highest(irr);
        return v < 0 || (v & 0xf0) <= (ppr() & 0xf0) ? -1 : v;
    }

    /** The core takes the interrupt: IRR → ISR (vlapic_ack_pending_irq). */
    public int acknowledge() {
        int v = deliverableVector();
        if (v < 0) {
            return -1;
        }
        set(irr, v, false);
        set(isr, v, true);
        changed.run();
        return v;
    }

    /** A fixed or lowest-priority interrupt arrives (vlapic_set_irq); {@code level}: level-triggered (TMR). */
    public void accept(int vector, boolean level) {
        if (vector < 16) {
            error(ESR_RECEIVE_ILLEGAL);
            return;
        }
        if (!enabled()) {
            return; // vlapic_accept_irq: a disabled APIC accepts nothing
        }
        set(irr, vector, true);
        set(tmr, vector, level);
        changed.run();
    }

    /** vlapic_match_dest for a destination without shorthand: physical ID (0xFF broadcast) or logical (flat/cluster). */
    public boolean matches(int dest, boolean logical) {
        if (!logical) {
            return dest == 0xff || dest == apicId();
        }
        int logicalId = ldr >>> 24;
        return switch (dfr >>> 28) {
            case 0xf -> (logicalId & dest) != 0; // flat
            case 0x0 -> (logicalId >> 4) == (dest >> 4) && (logicalId & dest & 0xf) != 0; // cluster
            default -> false;
        };
    }

    private void error(int bit) {
        if ((pendingEsr & bit) != 0) {
            return;
        }
        pendingEsr |= bit;
        int e = lvt[5];
        if ((e & LVT_MASKED) == 0 && (e & 0xff) >= 16) {
            accept(e & 0xff, false);
        }
    }

    private void eoi() {
        int v = highest(isr);
        if (v < 0) {
            return;
        }
        set(isr, v, false);
        boolean level = test(tmr, v);
        set(tmr, v, false);
        changed.run();
        if (level) {
            levelEoi.accept(v);
        }
    }

    private void ipi() {
        int mode = icrLow & DELIVERY_MODE;
        if ((mode == DM_FIXED || mode == DM_LOWEST) && (icrLow & 0xff) < 16) {
            error(ESR_SEND_ILLEGAL);
            return;
        }
        bus.ipi(this, icrLow, icrHigh);
    }

    /** Whether an IPI {@code from} with this ICR reaches this APIC: shorthand, else physical or logical destination. */
    public boolean targetedBy(LocalApic from, int icrLow, int icrHigh) {
        return switch ((icrLow >> 18) & 3) {
            case 0 -> matches(icrHigh >>> 24, (icrLow & (1 << 11)) != 0);
            case 1 -> from == this; // self
            case 2 -> true; // all including self
            default -> from != this; // all excluding self
        };
    }

    /** A fixed or lowest-priority IPI arrives (the other delivery modes are the bus's to act on). */
    void receive(int icrLow) {
        int mode = icrLow & DELIVERY_MODE;
        if (mode == DM_FIXED || mode == DM_LOWEST) {
            accept(icrLow & 0xff, (icrLow & LVT_LEVEL) != 0);
        }
    }

    // ---- timer -------------------------------------------------------------------------------------

    private void setDivide(int value) {
        divideConfig = value & 0xb;
        int v = ((divideConfig & 3) | (divideConfig & 8) >> 1) + 1; // vlapic_set_tdcr
        divisor = 1L << (v & 7);
    }

    private long countNs() {
        return BUS_CYCLE_NS * divisor;
    }

    private boolean periodic() {
        return (lvt[0] & LVT_PERIODIC) != 0;
    }

    /** Counts elapsed since the timer started; the current count register derives from it. */
    public int currentCount() {
        if (initialCount == 0) {
            return 0;
        }
        long passed = (nowNs.getAsLong() - timerStart) / countNs();
        if (periodic()) {
            passed %= initialCount & 0xffffffffL;
        }
        return passed < (initialCount & 0xffffffffL) ? (int) ((initialCount & 0xffffffffL) - passed) : 0;
    }

    /** Starts counting from {@code count} now (count 0 stops the timer). */
    private void startTimer(long count) {
        long now = nowNs.getAsLong();
        long elapsedCounts = (initialCount & 0xffffffffL) - count;
        timerStart = now - elapsedCounts * countNs();
        timerDeadline = count == 0 ? Long.MAX_VALUE : now + count * countNs();
        reschedule.run();
    }

    @Override
    public long deadline() {
        return timerDeadline;
    }

    @Override
    public void expire(long now) {
        if (now < timerDeadline) {
            return;
        }
        if (periodic()) {
            long period = (initialCount & 0xffffffffL) * countNs();
            timerDeadline = timerStart + ((now - timerStart) / period + 1) * period;
        } else {
            timerDeadline = Long.MAX_VALUE;
        }
        if ((lvt[0] & LVT_MASKED) == 0) {
            accept(lvt[0] & 0xff, false);
        }
    }

    // ---- registers ---------------------------------------------------------------------------------

    public int readRegister(int offset) {
        if (offset >= ISR && offset < ISR + 0x80) {
            return isr[(offset - ISR) >> 4];
        }
        if (offset >= TMR && offset < TMR + 0x80) {
            return tmr[(offset - TMR) >> 4];
        }
        if (offset >= IRR && offset < IRR + 0x80) {
            return irr[(offset - IRR) >> 4];
        }
        if (offset >= LVT_TIMER && offset <= LVT_ERROR) {
            return lvt[(offset - LVT_TIMER) >> 4];
        }
        return switch (offset) {
            case ID -> id;
            case LVR -> VERSION;
            case TPR -> tpr;
            case PPR -> ppr();
            case LDR -> ldr;
            case DFR -> dfr;
            case SVR -> svr;
            case ESR -> esr;
            case ICR_LOW -> icrLow;
            case ICR_HIGH -> icrHigh;
            case TIMER_INITIAL -> initialCount;
            case TIMER_CURRENT -> currentCount();
            case TIMER_DIVIDE -> divideConfig;
            default -> 0; // APR, RRD, EOI and reserved offsets read 0
        };
    }

    public void writeRegister(int offset, int val) {
        if (offset >= LVT_TIMER && offset <= LVT_ERROR) {
            writeLvt((offset - LVT_TIMER) >> 4, val);
            return;
        }
        switch (offset) {
            case ID -> id = val & 0xff000000;
            case TPR -> {
                tpr = val & 0xff;
                changed.run();
            }
            case EOI -> eoi();
            case LDR -> ldr = val & 0xff000000;
            case DFR -> dfr = val | 0x0fffffff;
            case SVR -> {
                svr = val & 0x3ff;
                if (!softwareEnabled()) {
                    for (int i = 0; i < lvt.length; i++) {
                        lvt[i] |= LVT_MASKED;
                    }
                }
                changed.run();
            }
            case ESR -> {
                esr = pendingEsr;
                pendingEsr = 0;
            }
            case ICR_LOW -> {
                icrLow = val & ~(1 << 12); // delivery status: always idle
                ipi();
            }
            case ICR_HIGH -> icrHigh = val & 0xff000000;
            case TIMER_INITIAL -> {
                initialCount = val;
                startTimer(val & 0xffffffffL);
            }
            case TIMER_DIVIDE -> {
                long current = currentCount();
                setDivide(val);
                if (initialCount != 0 && timerDeadline != Long.MAX_VALUE) {
                    startTimer(current); // the count in progress goes on at the new rate
                }
            }
            default -> { } // read-only and reserved registers ignore writes
        }
    }

    private void writeLvt(int index, int val) {
        if (!softwareEnabled()) {
            val |= LVT_MASKED;
        }
        int keep = index == 3 || index == 4 ? lvt[index] & LVT_REMOTE_IRR : 0;
        int old = lvt[index];
        lvt[index] = val & LVT_WRITABLE[index] & ~LVT_REMOTE_IRR | keep;
        if (index == 0 && ((old ^ lvt[index]) & LVT_PERIODIC) != 0 && timerDeadline != Long.MAX_VALUE) {
            startTimer(currentCount()); // a mode change keeps the count in progress
        }
        changed.run();
    }

    // ---- MMIO --------------------------------------------------------------------------------------

    @Override
    public long read(long offset, int size) {
        if ((offset & 0xf) >= 4 || !hardwareEnabled) {
            return 0; // bytes 4-15 of each slot are reserved; a disabled APIC is off the bus (vlapic_range)
        }
        int reg = (int) offset & 0xff0;
        long v = readRegister(reg) & 0xffffffffL;
        int shift = (int) (offset & 3) * 8;
        return size >= 4 ? v >>> shift : (v >>> shift) & ((1L << size * 8) - 1);
    }

    @Override
    public void write(long offset, int size, long value) {
        int reg = (int) offset & 0xff0;
        int val = (int) value;
        if ((offset & 0xf) + size > 4 || !hardwareEnabled) {
            return; // vlapic_mmio_write takes only accesses that fit in the 32-bit register
        }
        if (size < 4) { // sub-dword writes merge into the register (Xen does the same)
            int shift = (int) (offset & 3) * 8;
            int mask = size >= 4 ? -1 << shift : (int) (((1L << size * 8) - 1) << shift);
            val = readRegister(reg) & ~mask | (val << shift) & mask;
        }
        writeRegister(reg, val);
    }
}
