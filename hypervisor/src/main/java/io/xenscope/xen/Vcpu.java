package io.xenscope.xen;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.exec.ExecutionEngine;
import io.xenscope.memory.PhysicalMemory;

/**
 * A virtual CPU of a 64-bit PV domain: the emulated {@link Cpu} plus what Xen keeps in
 * {@code struct vcpu} / {@code arch.pv}: guest kernel/user mode (TF_kernel_mode), the kernel stack
 * from stack_switch, the virtual trap table, the callbacks, the vcpu_info location, timers, and the
 * blocked/polling state.
 */
public final class Vcpu {
    /** VGCF flags in the guest context. */
    public static final int VGCF_IN_SYSCALL = 1 << 8;

    public final int id;
    public final Domain domain;
    public final Cpu cpu;
    public final ExecutionEngine engine;
    public final GuestMemory guest;

    /** TF_kernel_mode: the guest kernel (not guest user space) is running. */
    public boolean kernelMode = true;
    public long kernelSs;
    public long kernelSp;

    /** struct trap_info per vector: address (0 = none), flags (DPL bits 0-1, bit 2 = disable events), cs. */
    public final long[] trapAddress = new long[256];
    public final int[] trapFlags = new int[256];
    public final int[] trapCs = new int[256];

    public long eventCallback;
    public long failsafeCallback;
    public boolean failsafeDisablesEvents;
    public long syscallCallback;
    public boolean syscallDisablesEvents;
    public long nmiCallback;
    /** Frames of the guest GDT (set_gdt). */
    public long[] gdtFrames = new long[0];

    /** Machine address of this vCPU's vcpu_info (in shared_info until register_vcpu_info). */
    public long vcpuInfoMaddr;
    public boolean vcpuInfoRegistered;
    public long runstateArea;
    /** VCPUOP_register_vcpu_time_memory_area: a guest VA where a second vcpu_time_info is kept, 0 = none. */
    public long timeArea;
    public final Runstate runstate = new Runstate();

    /** Xen's virtual IOPL for this vCPU (PHYSDEVOP_set_iopl). */
    public int iopl;
    /** PHYSDEVOP_set_iobitmap: guest address of the bitmap and its number of ports. */
    public long ioBitmap;
    public int ioBitmapPorts;

    /** HVMOP_set_evtchn_upcall_vector: this vCPU's event upcall vector, 0 = none. */
    public int upcallVector;

    /** v->is_initialised: the vCPU has a context (the builder's for vCPU 0, else VCPUOP_initialise's). */
    public boolean initialised = true;
    /** Not _VPF_down: the vCPU is online (VCPUOP_up) and the machine schedules it. */
    public boolean up = true;
    public boolean blocked;
    /** SCHEDOP_yield: the engine returns at the next block boundary and the vCPU gives up the rest of its round. */
    public boolean yielded;
    public int[] pollPorts;
    public long pollTimeout = -1;

    /** Absolute system time of the single-shot timer (set_timer_op / VCPUOP_set_singleshot_timer), -1 = off. */
    public long singleshotDeadline = -1;
    /** Periodic timer period in ns, 0 = off; PV vCPUs start with a 100 Hz ticker (arch_vcpu_create). */
    public long periodicPeriod = 10_000_000L;
    public long periodicNext;

    Vcpu(Domain domain, int id, Cpu cpu, ExecutionEngine engine) {
        this.domain = domain;
        this.id = id;
        this.cpu = cpu;
        this.engine = engine;
        this.guest = new GuestMemory(cpu);
    }

    public int id() {
        return id;
    }

    public Domain domain() {
        return domain;
    }

    public Cpu cpu() {
        return cpu;
    }

    public ExecutionEngine engine() {
        return engine;
    }

    public GuestMemory guest() {
        return guest;
    }

    public boolean kernelMode() {
        return kernelMode;
    }

    public boolean blocked() {
        return blocked;
    }

    public long kernelSp() {
        return kernelSp;
    }

    public long eventCallback() {
        return eventCallback;
    }

    public long trapAddress(int vector) {
        return trapAddress[vector];
    }

    public long singleshotDeadline() {
        return singleshotDeadline;
    }

    public long periodicPeriod() {
        return periodicPeriod;
    }

    public long vcpuInfoMaddr() {
        return vcpuInfoMaddr;
    }

    // ---- vcpu_info ----------------------------------------------------------------------------

    public PhysicalMemory mem() {
        return cpu.memory;
    }

    public int upcallMask() {
        return mem().read8(vcpuInfoMaddr + SharedInfo.VI_UPCALL_MASK);
    }

    public void setUpcallMask(int m) {
        mem().write8(vcpuInfoMaddr + SharedInfo.VI_UPCALL_MASK, m);
    }

    public int upcallPending() {
        return mem().read8(vcpuInfoMaddr + SharedInfo.VI_UPCALL_PENDING);
    }

    public void setUpcallPending(int p) {
        mem().write8(vcpuInfoMaddr + SharedInfo.VI_UPCALL_PENDING, p);
    }

    public long pendingSel() {
        return mem().read64(vcpuInfoMaddr + SharedInfo.VI_PENDING_SEL);
    }

    /** test_and_set_bit on evtchn_pending_sel. */
    public boolean testAndSetPendingSel(int bit) {
        long a = vcpuInfoMaddr + SharedInfo.VI_PENDING_SEL;
        long w = mem().read64(a);
        if ((w >>> bit & 1) != 0) {
            return true;
        }
        mem().write64(a, w | 1L << bit);
        return false;
    }

    /** vcpu_mark_events_pending(): set evtchn_upcall_pending and kick the vCPU. */
    public void markEventsPending() {
        if (upcallPending() == 0) {
            setUpcallPending(1);
        }
        kick();
    }

    /**
     * vcpu_kick / vcpu_unblock: a blocked vCPU becomes runnable. Woken by another vCPU (an IPI, an
     * event sent to it), its clock first catches up with the sender's, so it never sees an event
     * before, in virtual time, it was sent.
     */
    public void kick() {
        if (blocked) {
            Vcpu sender = domain.current;
            if (sender != null && sender != this) {
                catchUp(sender.now());
            }
            blocked = false;
            cpu.halted = !up;
            runstate.change(up ? Runstate.RUNNING : Runstate.OFFLINE, now());
            domain.runstateChanged(this);
        }
    }

    /**
     * Clears _VPF_down (VCPUOP_up, or VCPUOP_initialise with VGCF_online): the vCPU runs from the
     * system time of the vCPU that brought it up (it was idle until then).
     */
    public void goUp() {
        if (up) {
            return;
        }
        Vcpu by = domain.current;
        if (by != null) {
            catchUp(by.now());
        }
        up = true;
        cpu.halted = blocked;
        runstate.change(blocked ? Runstate.BLOCKED : Runstate.RUNNING, now());
        domain.runstateChanged(this);
        updateSystemTime();
        domain.emit(new MachineEvent.VcpuOnline(domain.instructions(), id, true));
    }

    /** Sets _VPF_down (VCPUOP_down): the machine no longer schedules the vCPU; it stops at once if running. */
    public void goDown() {
        if (!up) {
            return;
        }
        up = false;
        cpu.halted = true;
        runstate.change(Runstate.OFFLINE, now());
        domain.runstateChanged(this);
        domain.emit(new MachineEvent.VcpuOnline(domain.instructions(), id, false));
    }

    /** Writes vcpu_time_info as update_vcpu_system_time does: version odd, fields, version even. */
    public void updateSystemTime() {
        long t = vcpuInfoMaddr + SharedInfo.VI_TIME;
        PhysicalMemory m = mem();
        int version = m.read32(t + SharedInfo.VT_VERSION);
        version = (version + 1) | 1;
        m.write32(t + SharedInfo.VT_VERSION, version);
        long tsc = VirtualTime.tsc(cpu);
        m.write64(t + SharedInfo.VT_TSC_TIMESTAMP, tsc);
        m.write64(t + SharedInfo.VT_SYSTEM_TIME, VirtualTime.ticksToNs(tsc));
        m.write32(t + SharedInfo.VT_TSC_TO_SYSTEM_MUL, VirtualTime.TSC_TO_SYSTEM_MUL);
        m.write8(t + SharedInfo.VT_TSC_SHIFT, VirtualTime.TSC_SHIFT);
        m.write8(t + SharedInfo.VT_FLAGS, 0);
        m.write32(t + SharedInfo.VT_VERSION, version + 1);
        if (timeArea != 0) {
            try {
                byte[] copy = new byte[32];
                m.readBytes(t, copy, 0, 32);
                guest.writeBytes(timeArea, copy);
            } catch (GuestFaultOnCopy ignored) {
                // Xen skips an area it cannot write
            }
        }
    }

    /** SCHEDOP_block / poll: the vCPU sleeps until kicked (an event, a timer, a poll timeout). */
    public void block() {
        if (!blocked) {
            blocked = true;
            cpu.halted = true;
            runstate.change(Runstate.BLOCKED, now());
            domain.runstateChanged(this);
        }
    }

    /** SCHEDOP_yield: end this vCPU's engine run; the machine lets the others have the rest of the round. */
    public void yieldSlice() {
        yielded = true;
        cpu.halted = true;
    }

    public Runstate runstate() {
        return runstate;
    }

    /**
     * The guest code that made the current hypercall: the return address the caller pushed before
     * the stub's push rcx / push r11 (at rsp + 16) when RIP is inside the hypercall page, else RIP.
     */
    public long callerRip() {
        long hp = domain.hypercallPageVa;
        if (hp != -1 && cpu.rip >= hp && cpu.rip < hp + 4096) {
            try {
                return guest.read64(cpu.gpr[4] + 16);
            } catch (GuestFaultOnCopy e) {
                return cpu.rip;
            }
        }
        return cpu.rip;
    }

    /** Idle time: this vCPU's clock (and TSC) jumps forward to system time {@code ns} if behind it. */
    public void catchUp(long ns) {
        long now = now();
        if (ns > now) {
            VirtualTime.skip(cpu, ns - now);
        }
    }

    /** NOW() on this vCPU. */
    public long now() {
        return VirtualTime.now(cpu);
    }

    // ---- timers -------------------------------------------------------------------------------

    /** The earliest armed timer deadline, or Long.MAX_VALUE. */
    public long nextTimerDeadline() {
        long d = Long.MAX_VALUE;
        if (singleshotDeadline >= 0) {
            d = singleshotDeadline;
        }
        if (periodicPeriod > 0) {
            d = Math.min(d, periodicNext);
        }
        if (pollTimeout >= 0 && pollPorts != null) {
            d = Math.min(d, pollTimeout);
        }
        return d;
    }

    /** Runs the timers that expired by NOW(): send_timer_event() = VIRQ_TIMER to this vCPU. */
    public void runExpiredTimers() {
        long now = now();
        if (singleshotDeadline >= 0 && singleshotDeadline <= now) {
            singleshotDeadline = -1;
            domain.eventChannels().sendVirq(this, EventChannels.VIRQ_TIMER);
        }
        if (periodicPeriod > 0 && periodicNext <= now) {
            periodicNext += periodicPeriod;
            if (periodicNext <= now) {
                periodicNext = now + periodicPeriod;
            }
            domain.eventChannels().sendVirq(this, EventChannels.VIRQ_TIMER);
        }
        if (pollPorts != null && pollTimeout >= 0 && pollTimeout <= now) {
            pollPorts = null;
            pollTimeout = -1;
            kick();
        }
    }
}
