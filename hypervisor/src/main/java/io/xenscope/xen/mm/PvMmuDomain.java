package io.xenscope.xen.mm;

import java.util.function.LongPredicate;

/** The memory-management state Xen keeps for one PV domain and its vCPUs. */
public final class PvMmuDomain {
    /** Per-vCPU: {@code arch.guest_table}, {@code guest_table_user}, and the LDT. */
    public static final class Vcpu {
        final int id;
        long guestTable;
        long guestTableUser;
        long ldtBase;
        int ldtEnts;

        Vcpu(int id) {
            this.id = id;
        }

        public int id() {
            return id;
        }

        /** The kernel L4 (mfn; 0 = none), what the guest reads as %cr3 >> 12. */
        public long guestTable() {
            return guestTable;
        }

        public long guestTableUser() {
            return guestTableUser;
        }

        public long ldtBase() {
            return ldtBase;
        }

        public int ldtEnts() {
            return ldtEnts;
        }
    }

    private final int id;
    private final Vcpu[] vcpus;
    private boolean privileged;
    private boolean m2pStrict;
    private LongPredicate iomem = mfn -> false;
    private boolean ioCaps;
    private long perdomainL4e;

    /** L4 slot 260: PERDOMAIN_VIRT_START (0xFFFF820000000000), where Xen maps each vCPU's GDT/LDT. */
    public static final int PERDOMAIN_SLOT = 260;

    /** The L4 entry Xen writes in slot 260 of every validated L4 (the per-domain mappings); 0 = none. */
    public long perdomainL4e() {
        return perdomainL4e;
    }

    public PvMmuDomain setPerdomainL4e(long l4e) {
        this.perdomainL4e = l4e;
        return this;
    }

    PvMmuDomain(int id, int nrVcpus) {
        this.id = id;
        this.vcpus = new Vcpu[nrVcpus];
        for (int i = 0; i < nrVcpus; i++) {
            vcpus[i] = new Vcpu(i);
        }
    }

    public int id() {
        return id;
    }

    public Vcpu vcpu(int i) {
        return vcpus[i];
    }

    public int vcpuCount() {
        return vcpus.length;
    }

    /** The hardware/control domain: may map I/O memory and act on other domains. */
    public boolean privileged() {
        return privileged;
    }

    public PvMmuDomain setPrivileged(boolean p) {
        this.privileged = p;
        if (p) {
            ioCaps = true;
            iomem = mfn -> true;
        }
        return this;
    }

    /** VMASST_TYPE_m2p_strict. */
    public boolean m2pStrict() {
        return m2pStrict;
    }

    public PvMmuDomain setM2pStrict(boolean strict) {
        this.m2pStrict = strict;
        return this;
    }

    /**
     * I/O memory the domain may map (iomem_caps); a domain with any I/O capability may also use
     * cache attributes in L1 entries and flush caches.
     */
    public PvMmuDomain setIomem(LongPredicate permitted) {
        this.iomem = permitted;
        this.ioCaps = true;
        return this;
    }

    boolean iomemPermitted(long mfn) {
        return iomem.test(mfn);
    }

    boolean hasIoCaps() {
        return ioCaps;
    }
}
