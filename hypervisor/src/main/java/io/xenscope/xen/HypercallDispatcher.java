package io.xenscope.xen;

import io.xenscope.cpu.Cpu;
import io.xenscope.xen.mm.Errno;

import java.util.Map;
import java.util.TreeMap;

/**
 * The hypercall table of a 64-bit PV domain (pv_hypercall_table, xen/arch/x86/pv/hypercall.c):
 * number → handler, with the names of xen.h. Counts calls by name, reports each call as a
 * {@link MachineEvent.HypercallEvent}, and answers an unknown or unmodelled number with -ENOSYS
 * and a {@link MachineEvent.UnknownHypercall} (a porting hint, never a crash).
 */
public final class HypercallDispatcher {
    public static final int NR_HYPERCALLS = 64;

    /** __HYPERVISOR_* names of xen.h, by number. */
    private static final String[] NAMES = new String[NR_HYPERCALLS];

    static {
        String[] n = {"set_trap_table", "mmu_update", "set_gdt", "stack_switch", "set_callbacks", "fpu_taskswitch",
            "sched_op_compat", "platform_op", "set_debugreg", "get_debugreg", "update_descriptor", null, "memory_op",
            "multicall", "update_va_mapping", "set_timer_op", "event_channel_op_compat", "xen_version", "console_io",
            "physdev_op_compat", "grant_table_op", "vm_assist", "update_va_mapping_otherdomain", "iret", "vcpu_op",
            "set_segment_base", "mmuext_op", "xsm_op", "nmi_op", "sched_op", "callback_op", "xenoprof_op",
            "event_channel_op", "physdev_op", "hvm_op", "sysctl", "domctl", "kexec_op", "tmem_op", "argo_op",
            "xenpmu_op", "dm_op", "hypfs_op"};
        System.arraycopy(n, 0, NAMES, 0, n.length);
        for (int i = 48; i < 56; i++) {
            NAMES[i] = "arch_" + (i - 48);
        }
    }

    private final Hypercall[] table = new Hypercall[NR_HYPERCALLS];
    private final java.util.Set<Long> hinted = new java.util.HashSet<>();
    private final Map<String, Long> counts = new TreeMap<>();
    private boolean reportEachCall = true;

    public static String name(long nr) {
        return nr >= 0 && nr < NR_HYPERCALLS && NAMES[(int) nr] != null ? NAMES[(int) nr] : "hypercall " + nr;
    }

    public void register(int nr, Hypercall h) {
        table[nr] = h;
    }

    public boolean has(long nr) {
        return nr >= 0 && nr < NR_HYPERCALLS && table[(int) nr] != null;
    }

    /** Whether every call becomes a HypercallEvent (counts are always kept). */
    public void setReportEachCall(boolean on) {
        this.reportEachCall = on;
    }

    public Map<String, Long> counts() {
        return counts;
    }

    /** hypercall_args_table (native): how many arguments each hypercall takes. */
    private static final int[] ARGS = new int[NR_HYPERCALLS];

    static {
        int[][] t = {{0, 1}, {1, 4}, {2, 2}, {3, 2}, {4, 3}, {5, 1}, {6, 2}, {7, 1}, {8, 2}, {9, 1}, {10, 2},
            {12, 2}, {13, 2}, {14, 3}, {15, 1}, {16, 1}, {17, 2}, {18, 3}, {19, 1}, {20, 3}, {21, 2}, {22, 4},
            {23, 0}, {24, 3}, {25, 2}, {26, 4}, {27, 1}, {28, 2}, {29, 2}, {30, 2}, {31, 2}, {32, 2}, {33, 2},
            {34, 2}, {35, 1}, {36, 1}, {37, 2}, {39, 5}, {40, 2}, {41, 3}, {42, 5}, {48, 1}, {49, 1}};
        for (int[] e : t) {
            ARGS[e[0]] = e[1];
        }
    }

    /** How many arguments hypercall {@code nr} takes (0 for unknown numbers). */
    public static int argCount(long nr) {
        return nr >= 0 && nr < NR_HYPERCALLS ? ARGS[(int) nr] : 0;
    }

    /** What a debug Xen writes into the argument registers a hypercall used. */
    public static final long CLOBBER = 0xdeadbeefdeadf00dL;
    private static final int[] ARG_REGS = {7, 6, 2, 10, 8, 9};

    /** The hypercall entry from the guest kernel's syscall: number in rax, arguments in rdi, rsi, rdx, r10, r8, r9. */
    public void enter(Vcpu v) {
        Cpu c = v.cpu;
        long nr = c.gpr[0];
        long rip = v.callerRip();
        long ripBefore = c.rip;
        long result = invoke(v, nr, c.gpr[7], c.gpr[6], c.gpr[2], c.gpr[10], c.gpr[8], c.gpr[9], rip);
        c.gpr[0] = result; // for iret: the rax of the iret frame
        // pv_hypercall() in a debug build: corrupt the argument registers the hypercall used,
        // unless it moved RIP (iret, a bounce, a continuation)
        if (v.domain.debugXen && c.rip == ripBefore && nr >= 0 && nr < NR_HYPERCALLS && has(nr)) {
            for (int i = 0; i < ARGS[(int) nr]; i++) {
                c.gpr[ARG_REGS[i]] = CLOBBER;
            }
        }
    }

    /** Calls hypercall {@code nr} (also used by multicall); returns the value for rax. */
    public long invoke(Vcpu v, long nr, long a1, long a2, long a3, long a4, long a5, long a6, long rip) {
        String name = name(nr);
        counts.merge(name, 1L, Long::sum);
        if ((nr == 6 || nr == 16 || nr == 19) && hinted.add(nr)) {
            v.domain.emit(new MachineEvent.Hint(v.cpu.instructionCount, v.id, rip, name + " is the pre-3.0.2 form"
                    + " kept for old guests; new code uses " + name.replace("_compat", "") + " ("
                    + (nr == 6 ? 29 : nr == 16 ? 32 : 33) + ")"));
        }
        long result;
        if (!has(nr)) {
            result = -Errno.ENOSYS;
            v.domain.emit(new MachineEvent.UnknownHypercall(v.cpu.instructionCount, v.id, rip, (int) nr, name));
        } else {
            try {
                result = table[(int) nr].call(v, a1, a2, a3, a4, a5, a6);
            } catch (GuestFaultOnCopy f) {
                result = -Errno.EFAULT;
            } catch (RuntimeException bug) {
                v.domain.emit(new MachineEvent.Hint(v.cpu.instructionCount, v.id, rip,
                        "XenScope internal error in " + name + ": " + bug));
                result = -Errno.EFAULT;
            }
        }
        if (reportEachCall) {
            v.domain.emit(new MachineEvent.HypercallEvent(v.cpu.instructionCount, v.id, rip, (int) nr, name,
                    new long[] {a1, a2, a3, a4, a5, a6}, result));
        }
        return result;
    }
}
