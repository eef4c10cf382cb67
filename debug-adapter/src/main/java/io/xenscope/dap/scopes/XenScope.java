package io.xenscope.dap.scopes;

import io.xenscope.dap.VariableStore;
import io.xenscope.dap.handlers.EventChannelsHandler;
import io.xenscope.boot.elf.GuestType;
import io.xenscope.debug.DebugSession;
import io.xenscope.memory.PhysicalMemory;
import io.xenscope.xen.Domain;
import io.xenscope.xen.EventChannels;
import io.xenscope.xen.HvmParams;
import io.xenscope.xen.PvLayout;
import io.xenscope.xen.PvhLayout;
import io.xenscope.xen.SharedInfo;
import io.xenscope.xen.StartInfo;
import io.xenscope.xen.Vcpu;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The "Xen" scope: the domain as Xen and the guest share it, read from the machine's memory (what
 * the guest sees, not what Xen believes it wrote): start_info (PV) or hvm_start_info and the HVM
 * parameters (PVH), shared_info, each vCPU's vcpu_info, the event channels and the grant entries
 * in use. Groups expand lazily. Layouts: xen/include/public/xen.h, arch-x86/xen.h,
 * arch-x86/hvm/start_info.h, event_channel.h, grant_table.h.
 */
public final class XenScope {
    private XenScope() {
    }

    public static List<org.eclipse.lsp4j.debug.Variable> variables(VariableStore store, DebugSession s) {
        Domain d = s.machine().domain();
        PhysicalMemory m = d.mem;
        Vars v = new Vars(store);
        v.dec("domid", d.domid).add("name", d.name).add("type", s.machine().mode().name().toLowerCase(java.util.Locale.ROOT));
        Map<String, Long> counts = s.hypercallCounts();
        v.group("hypercalls", counts.values().stream().mapToLong(Long::longValue).sum() + " calls",
                c -> counts.forEach((k, n) -> c.dec(k, n)));
        v.dec("instructions", s.cpu().instructionCount);
        PvLayout pv = s.machine().layout();
        PvhLayout pvh = s.machine().pvhLayout();
        if (pv != null && d.p2m != null && pv.startInfoPfn() < d.p2m.length) {
            long si = d.p2m[(int) pv.startInfoPfn()] << 12;
            v.group("start_info", "at " + hex(pv.startInfoVa()), c -> startInfo(c, m, si));
        }
        if (pvh != null) {
            v.group("hvm_start_info", "at " + hex(pvh.startInfo()), c -> hvmStartInfo(c, m, pvh.startInfo()));
        }
        if (s.machine().mode() != GuestType.PV) { // PVH and HVM: the params hvmloader / the toolstack set
            v.group("HVM params", "", c -> hvmParams(c, d));
        }
        v.group("shared_info", "mfn " + hex(d.sharedInfoMfn), c -> sharedInfo(c, m, d.sharedInfo.machineAddress()));
        v.group("vcpu_info", d.vcpus().size() + " vCPU" + (d.vcpus().size() == 1 ? "" : "s"), c -> {
            for (Vcpu vc : d.vcpus()) {
                c.group("vCPU " + vc.id, "at " + hex(vc.vcpuInfoMaddr()) + (vc.vcpuInfoRegistered ? " (registered)" : ""),
                        g -> vcpuInfo(g, m, vc.vcpuInfoMaddr()));
            }
        });
        eventChannels(v, d);
        grantTable(v, d);
        return v.list;
    }

    static String hex(long x) {
        return "0x" + Long.toHexString(x);
    }

    private static String cString(PhysicalMemory m, long pa, int max) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < max && m.isRam(pa + i); i++) {
            int c = m.read8(pa + i);
            if (c == 0) {
                break;
            }
            sb.append((char) c);
        }
        return sb.toString();
    }

    static void startInfo(Vars c, PhysicalMemory m, long si) {
        c.add("magic", '"' + cString(m, si + StartInfo.MAGIC, 32) + '"');
        c.dec("nr_pages", m.read64(si + StartInfo.NR_PAGES));
        c.hex("shared_info", m.read64(si + StartInfo.SHARED_INFO));
        long flags = m.read32(si + StartInfo.FLAGS) & 0xffffffffL;
        c.add("flags", hex(flags) + sifFlags(flags));
        c.hex("store_mfn", m.read64(si + StartInfo.STORE_MFN));
        c.dec("store_evtchn", m.read32(si + StartInfo.STORE_EVTCHN) & 0xffffffffL);
        c.hex("console.domU.mfn", m.read64(si + StartInfo.CONSOLE_MFN));
        c.dec("console.domU.evtchn", m.read32(si + StartInfo.CONSOLE_EVTCHN) & 0xffffffffL);
        c.hex("pt_base", m.read64(si + StartInfo.PT_BASE));
        c.dec("nr_pt_frames", m.read64(si + StartInfo.NR_PT_FRAMES));
        c.hex("mfn_list", m.read64(si + StartInfo.MFN_LIST));
        c.hex("mod_start", m.read64(si + StartInfo.MOD_START));
        c.dec("mod_len", m.read64(si + StartInfo.MOD_LEN));
        c.add("cmd_line", '"' + cString(m, si + StartInfo.CMD_LINE, StartInfo.MAX_GUEST_CMDLINE) + '"');
        c.hex("first_p2m_pfn", m.read64(si + StartInfo.FIRST_P2M_PFN));
        c.dec("nr_p2m_frames", m.read64(si + StartInfo.NR_P2M_FRAMES));
    }

    private static String sifFlags(long f) {
        String[] names = {"SIF_PRIVILEGED", "SIF_INITDOMAIN", "SIF_MULTIBOOT_MOD", "SIF_MOD_START_PFN", "SIF_VIRT_P2M_4TOOLS"};
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < names.length; i++) {
            if ((f & 1L << i) != 0) {
                sb.append(sb.length() == 0 ? " (" : "|").append(names[i]);
            }
        }
        return sb.length() == 0 ? "" : sb.append(')').toString();
    }

    /** struct hvm_start_info (arch-x86/hvm/start_info.h): magic, version, flags, nr_modules, then paddrs. */
    static void hvmStartInfo(Vars c, PhysicalMemory m, long pa) {
        c.hex("magic", m.read32(pa) & 0xffffffffL);
        c.dec("version", m.read32(pa + 4) & 0xffffffffL);
        c.hex("flags", m.read32(pa + 8) & 0xffffffffL);
        c.dec("nr_modules", m.read32(pa + 12) & 0xffffffffL);
        c.hex("modlist_paddr", m.read64(pa + 16));
        long cmdline = m.read64(pa + 24);
        c.add("cmdline_paddr", hex(cmdline) + (cmdline != 0 ? " \"" + cString(m, cmdline, 1024) + '"' : ""));
        c.hex("rsdp_paddr", m.read64(pa + 32));
        long memmap = m.read64(pa + 40);
        long entries = m.read32(pa + 48) & 0xffffffffL;
        c.hex("memmap_paddr", memmap);
        c.group("memmap", entries + " entries", g -> {
            for (int i = 0; i < Math.min(entries, 128); i++) {
                long e = memmap + 24L * i; // struct hvm_memmap_table_entry: addr, size, type, reserved
                if (!m.isRam(e) || !m.isRam(e + 23)) {
                    g.add("[" + i + "]", "at " + hex(e) + ": not RAM"); // the guest's own pointer: never read devices
                    break;
                }
                long type = m.read32(e + 16) & 0xffffffffL;
                g.add("[" + i + "]", hex(m.read64(e)) + "+" + hex(m.read64(e + 8)) + " " + e820(type));
            }
        });
    }

    private static String e820(long type) {
        return switch ((int) type) {
            case 1 -> "RAM";
            case 2 -> "reserved";
            case 3 -> "ACPI";
            case 4 -> "NVS";
            case 5 -> "unusable";
            default -> "type " + type;
        };
    }

    /** The HVM params that are set, by their params.h names. */
    static void hvmParams(Vars c, Domain d) {
        Map<Integer, String> names = new TreeMap<>();
        for (Field f : HvmParams.class.getFields()) {
            if (f.getName().startsWith("HVM_PARAM_") && f.getType() == int.class && Modifier.isStatic(f.getModifiers())
                    && !f.getName().startsWith("HVM_PARAM_CALLBACK_TYPE")) {
                try {
                    names.putIfAbsent(f.getInt(null), f.getName());
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        for (int i = 0; i < d.hvmParams.length; i++) {
            if (d.hvmParams[i] != 0) {
                c.hex(names.getOrDefault(i, "param " + i), d.hvmParams[i]);
            }
        }
    }

    static void sharedInfo(Vars c, PhysicalMemory m, long pa) {
        BitSet pending = bitmap(m, pa + SharedInfo.EVTCHN_PENDING);
        BitSet mask = bitmap(m, pa + SharedInfo.EVTCHN_MASK);
        c.add("evtchn_pending", Vars.ranges(pending));
        c.add("evtchn_mask", Vars.ranges(mask));
        c.dec("wc_version", m.read32(pa + SharedInfo.WC_VERSION) & 0xffffffffL);
        c.dec("wc_sec", (m.read32(pa + SharedInfo.WC_SEC) & 0xffffffffL) | (m.read32(pa + SharedInfo.WC_SEC_HI) & 0xffffffffL) << 32);
        c.dec("wc_nsec", m.read32(pa + SharedInfo.WC_NSEC) & 0xffffffffL);
        c.dec("arch.max_pfn", m.read64(pa + SharedInfo.ARCH_MAX_PFN));
        c.hex("arch.pfn_to_mfn_frame_list_list", m.read64(pa + SharedInfo.ARCH_PFN_TO_MFN_FRAME_LIST_LIST));
        c.hex("arch.p2m_cr3", m.read64(pa + SharedInfo.ARCH_P2M_CR3));
        c.hex("arch.p2m_vaddr", m.read64(pa + SharedInfo.ARCH_P2M_VADDR));
        c.dec("arch.p2m_generation", m.read64(pa + SharedInfo.ARCH_P2M_GENERATION));
    }

    private static BitSet bitmap(PhysicalMemory m, long pa) {
        long[] words = new long[EventChannels.NR_CHANNELS / 64];
        for (int i = 0; i < words.length; i++) {
            words[i] = m.read64(pa + 8L * i);
        }
        return BitSet.valueOf(words);
    }

    static void vcpuInfo(Vars c, PhysicalMemory m, long pa) {
        c.dec("evtchn_upcall_pending", m.read8(pa + SharedInfo.VI_UPCALL_PENDING));
        c.dec("evtchn_upcall_mask", m.read8(pa + SharedInfo.VI_UPCALL_MASK));
        c.hex("evtchn_pending_sel", m.read64(pa + SharedInfo.VI_PENDING_SEL));
        c.hex("arch.cr2", m.read64(pa + SharedInfo.VI_ARCH_CR2));
        long t = pa + SharedInfo.VI_TIME;
        c.group("time", "system_time " + m.read64(t + SharedInfo.VT_SYSTEM_TIME) + " ns", g -> {
            g.dec("version", m.read32(t + SharedInfo.VT_VERSION) & 0xffffffffL);
            g.dec("tsc_timestamp", m.read64(t + SharedInfo.VT_TSC_TIMESTAMP));
            g.dec("system_time", m.read64(t + SharedInfo.VT_SYSTEM_TIME));
            g.hex("tsc_to_system_mul", m.read32(t + SharedInfo.VT_TSC_TO_SYSTEM_MUL) & 0xffffffffL);
            g.dec("tsc_shift", (byte) m.read8(t + SharedInfo.VT_TSC_SHIFT));
            g.hex("flags", m.read8(t + SharedInfo.VT_FLAGS));
        });
    }

    /** EVTCHNOP_status of every open port, with pending and masked from shared_info. */
    static void eventChannels(Vars v, Domain d) {
        EventChannels ev = d.eventChannels;
        int[] st = new int[4];
        int open = 0;
        for (int port = 1; port < EventChannels.NR_CHANNELS; port++) {
            if (ev.status(port, st) == 0 && st[0] != EventChannels.STAT_CLOSED) {
                open++;
            }
        }
        v.group("event channels", open + " open", c -> {
            for (int port = 1; port < EventChannels.NR_CHANNELS; port++) {
                if (ev.status(port, st) != 0 || st[0] == EventChannels.STAT_CLOSED) {
                    continue;
                }
                String binding = switch (st[0]) {
                    case EventChannels.STAT_UNBOUND -> "unbound, remote domain " + st[2];
                    case EventChannels.STAT_INTERDOMAIN -> "interdomain, remote domain " + st[2] + " port " + st[3];
                    case EventChannels.STAT_VIRQ -> "virq " + EventChannelsHandler.virqName(st[2]);
                    case EventChannels.STAT_PIRQ -> "pirq " + st[2];
                    case EventChannels.STAT_IPI -> "ipi";
                    default -> "state " + st[0];
                };
                String use = port == d.consolePort ? " (console)" : port == d.storePort ? " (xenstore)" : "";
                c.add("port " + port, binding + use + ", vCPU " + st[1]
                        + (d.sharedInfo.pending(port) ? ", pending" : "") + (d.sharedInfo.masked(port) ? ", masked" : ""));
            }
        });
    }

    /** grant_entry_v1 {u16 flags; u16 domid; u32 frame} entries whose flags are not GTF_invalid. */
    static void grantTable(Vars v, Domain d) {
        List<Long> frames = d.grantTable.allocatedFrames();
        v.group("grant table", "v" + d.grantTable.version() + ", " + frames.size() + " frame"
                + (frames.size() == 1 ? "" : "s") + " (max " + d.grantTable.maxFrames() + ")", c -> {
            int ref = 0;
            for (long mfn : frames) {
                for (int i = 0; i < 4096 / 8; i++, ref++) {
                    long e = (mfn << 12) + 8L * i;
                    int flags = d.mem.read16(e);
                    if (flags == 0) {
                        continue;
                    }
                    c.add("ref " + ref, "flags " + hex(flags) + " " + gtfFlags(flags) + ", domid " + d.mem.read16(e + 2)
                            + ", frame " + hex(d.mem.read32(e + 4) & 0xffffffffL));
                }
            }
        });
    }

    /** GTF_* of grant_table.h: the type in bits 0-1, then its sub-flags. */
    static String gtfFlags(int f) {
        StringBuilder sb = new StringBuilder(switch (f & 3) {
            case 1 -> "permit_access";
            case 2 -> "accept_transfer";
            case 3 -> "transitive";
            default -> "invalid";
        });
        String[] sub = (f & 3) == 2 ? new String[] {"transfer_committed", "transfer_completed"}
                : new String[] {"readonly", "reading", "writing", "PWT", "PCD", "PAT", "sub_page"};
        for (int i = 0; i < sub.length; i++) {
            if ((f & 1 << (i + 2)) != 0) {
                sb.append('|').append(sub[i]);
            }
        }
        return sb.toString();
    }
}
