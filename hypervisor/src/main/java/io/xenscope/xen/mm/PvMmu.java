package io.xenscope.xen.mm;

import io.xenscope.memory.PhysicalMemory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * Xen's PV memory management for 64-bit PV guests: {@code mmu_update}, {@code update_va_mapping},
 * {@code mmuext_op}, page-table validation ({@code promote_lN_table}, {@code get_page_from_lNe}),
 * the {@code mod_lN_entry} updates, and the domain builder's installation of the initial tables.
 * Semantics and error codes follow xen/arch/x86/mm.c; every refusal also yields a
 * {@link PageTableUpdateRejected} saying which rule was broken.
 *
 * <p>In this model {@link PhysicalMemory} is machine memory and page-table entries hold mfns. The
 * caller copies hypercall arguments from guest memory, passes them here, and carries out the
 * returned {@link FlushRequest}s.
 */
public final class PvMmu implements FrameTable.Validator {
    private static final int FIRST_XEN_SLOT = 256;
    private static final int LAST_XEN_SLOT = 271;
    private static final int LINEAR_PT_SLOT = 258;
    private static final long HYPERVISOR_VIRT_END = 0xFFFF_8800_0000_0000L;
    private static final int UVMF_FLUSHTYPE_MASK = 3;
    private static final int UVMF_TLB_FLUSH = 1;
    private static final int UVMF_INVLPG = 2;
    private static final long UVMF_LOCAL = 0;
    private static final long UVMF_ALL = 4;
    /** How a refused direct L1 write is named: not a hypercall, the guest gets its #PF back. */
    private static final String PTWR = "ptwr (direct write to an L1 table; the guest gets the #PF)";

    /** The entry being examined, for rejections: machine address, level, old/new value, table. */
    private record Ctx(long pteAddress, int level, long oldValue, long newValue, long tableMfn) {
        static Ctx none() {
            return new Ctx(-1, 0, 0, 0, -1);
        }
    }

    private enum Linear { OK, WRITABLE, NOT_OWNED, TABLE_IS_TARGET, TARGET_HAS_LINEAR, NOT_SAME_TYPE }

    private final PhysicalMemory mem;
    private final FrameTable ft;
    private final M2pTable m2p;
    private final Map<Integer, PvMmuDomain> domains = new HashMap<>();
    private final PvMmuDomain domIo = new PvMmuDomain(FrameTable.DOMID_IO, 0);
    private final PvMmuDomain domXen = new PvMmuDomain(FrameTable.DOMID_XEN, 0);
    private Consumer<PageTableUpdateRejected> listener = r -> { };

    private PageTableUpdateRejected pending;
    private final Deque<String> path = new ArrayDeque<>();
    private final List<FlushRequest> flushes = new ArrayList<>();
    private String opName = "";

    /** @param m2p the machine-to-phys table, or null to run without one (tests of pure validation) */
    public PvMmu(PhysicalMemory mem, FrameTable frames, M2pTable m2p) {
        this.mem = mem;
        this.ft = frames;
        this.m2p = m2p;
    }

    public FrameTable frames() {
        return ft;
    }

    public M2pTable m2p() {
        return m2p;
    }

    public PvMmuDomain createDomain(int domid, int nrVcpus) {
        PvMmuDomain d = new PvMmuDomain(domid, nrVcpus);
        domains.put(domid, d);
        return d;
    }

    public PvMmuDomain domain(int domid) {
        PvMmuDomain d = domains.get(domid);
        if (d == null) {
            throw new IllegalArgumentException("no domain " + domid);
        }
        return d;
    }

    /** Receives every refusal (the machine turns them into MachineEvents). */
    public void setRejectionListener(Consumer<PageTableUpdateRejected> l) {
        this.listener = l == null ? r -> { } : l;
    }

    // =============================================================================================
    // Domain builder side
    // =============================================================================================

    /** populate_physmap + set_gpfn_from_mfn: machine frame {@code mfn} is the domain's pfn {@code pfn}. */
    public void assignFrame(int domid, long mfn, long pfn) {
        domain(domid);
        ft.assign(mfn, domid);
        if (m2p != null) {
            m2p.set(mfn, pfn);
        }
    }

    /** A Xen-heap page (shared_info) shared with the domain, writable or read-only. */
    public void shareXenPage(int domid, long mfn, boolean writable) {
        ft.shareXenPage(mfn, domid, writable);
    }

    /**
     * What the toolstack's domain builder does with the initial page tables it wrote: pin the L4
     * (which validates the whole hierarchy, types every table frame, and gives every frame mapped
     * writable the writable type), then install it as vCPU 0's base pointer (as
     * arch_set_info_guest does with ctrlreg[3]). Frames not mapped stay untyped.
     */
    public MmuResult installInitialPageTables(int domid, long l4mfn) {
        MmuResult r = mmuextOp(domid, 0, List.of(MmuextOp.of(MmuextOp.PIN_L4_TABLE, l4mfn),
                MmuextOp.of(MmuextOp.NEW_BASEPTR, l4mfn)), FrameTable.DOMID_SELF);
        return r;
    }

    // =============================================================================================
    // Hypercalls
    // =============================================================================================

    /** HYPERVISOR_mmu_update(req, count, done, foreigndom). */
    public MmuResult mmuUpdate(int domid, int vcpuId, List<MmuUpdate> reqs, int foreigndom) {
        begin("mmu_update");
        PvMmuDomain d = domain(domid);
        PvMmuDomain ptOwner = d;
        int rc = 0;
        int i = 0;
        int ptDom = (foreigndom >>> 16) & 0xFFFF;
        if (ptDom != 0) {
            PvMmuDomain p = domains.get(ptDom - 1);
            if (p == null) {
                return finish(op(PvMmuRule.NO_SUCH_DOMAIN, Errno.ESRCH,
                        "the page-table owner field of foreigndom (" + Pte.hex(foreigndom) + ") names d" + (ptDom - 1)
                                + ", which does not exist"), 0);
            }
            ptOwner = p;
        }
        PvMmuDomain pgOwner = pgOwner(d, foreigndom & 0xFFFF);
        if (pgOwner == null) {
            return finish(-Errno.ESRCH, 0);
        }
        for (; i < reqs.size(); i++) {
            MmuUpdate req = reqs.get(i);
            int cmd = req.cmd();
            if ((ptOwner != d || pgOwner != d) && !d.privileged()) {
                rc = op(PvMmuRule.FOREIGN_DOMAIN_NOT_PERMITTED, Errno.EPERM, "d" + d.id()
                        + " is not privileged, so it may not update page tables of, or map frames of, "
                        + FrameTable.ownerName(ptOwner != d ? ptOwner.id() : pgOwner.id()));
                break;
            }
            switch (cmd) {
                case MmuUpdate.MMU_NORMAL_PT_UPDATE, MmuUpdate.MMU_PT_UPDATE_PRESERVE_AD,
                        MmuUpdate.MMU_PT_UPDATE_NO_TRANSLATE -> rc = normalUpdate(req, cmd, ptOwner, pgOwner);
                case MmuUpdate.MMU_MACHPHYS_UPDATE -> rc = machphysUpdate(req, d, ptOwner, pgOwner);
                default -> throw new AssertionError();
            }
            if (rc != 0) {
                break;
            }
        }
        return finish(rc, i);
    }

    private int normalUpdate(MmuUpdate req, int cmd, PvMmuDomain ptOwner, PvMmuDomain pgOwner) {
        long ptr = req.ptr() - cmd;
        long gmfn = ptr >>> 12;
        Ctx c = new Ctx(ptr, 0, ft.isValid(gmfn) ? mem.read64(ptr) : 0, req.val(), gmfn);
        if (!ft.getPage(gmfn, ptOwner.id())) {
            return reject(c, PvMmuRule.TABLE_FRAME_NOT_OWNED, Errno.EINVAL, -1,
                    "ptr " + Pte.hex(req.ptr()) + " addresses " + ft.describe(gmfn)
                            + ", not a frame of d" + ptOwner.id()
                            + " (did you pass a pseudo-physical address instead of a machine address?)");
        }
        int rc;
        try {
            if (ft.isValidated(gmfn) && ft.typeCount(gmfn) > 0) {
                FrameType t = ft.type(gmfn);
                switch (t) {
                    case L1 -> rc = modL1Entry(ptr, req.val(), gmfn, cmd, ptOwner, pgOwner);
                    case L2, L3, L4 -> {
                        if (pgOwner != ptOwner) {
                            rc = reject(new Ctx(ptr, t.level(), c.oldValue(), req.val(), gmfn),
                                    PvMmuRule.FOREIGN_OWNER_FOR_UPPER_LEVEL, Errno.EINVAL, Pte.mfn(req.val()),
                                    "an " + t.words() + " entry was updated with a foreign page owner ("
                                            + FrameTable.ownerName(pgOwner.id()) + ")");
                        } else if (t == FrameType.L2) {
                            rc = modL2Entry(ptr, req.val(), gmfn, cmd == MmuUpdate.MMU_PT_UPDATE_PRESERVE_AD, ptOwner);
                        } else if (t == FrameType.L3) {
                            rc = modL3Entry(ptr, req.val(), gmfn, cmd == MmuUpdate.MMU_PT_UPDATE_PRESERVE_AD, ptOwner);
                        } else {
                            rc = modL4Entry(ptr, req.val(), gmfn, cmd == MmuUpdate.MMU_PT_UPDATE_PRESERVE_AD, ptOwner);
                        }
                    }
                    case WRITABLE -> {
                        mem.write64(ptr, req.val());
                        rc = 0;
                    }
                    default -> rc = reject(c, PvMmuRule.NOT_A_PAGE_TABLE, Errno.EINVAL, -1,
                            "ptr " + Pte.hex(req.ptr()) + " lies in " + ft.describe(gmfn) + ", which is a "
                                    + t.words() + " frame, neither a page table nor writable data");
                }
            } else if (ft.getPageType(gmfn, FrameType.WRITABLE, this) == 0) {
                // Not a page table in use: Xen writes the value as plain data.
                mem.write64(ptr, req.val());
                ft.putPageType(gmfn, this);
                rc = 0;
            } else {
                rc = reject(c, PvMmuRule.NOT_A_PAGE_TABLE, Errno.EINVAL, -1,
                        "ptr " + Pte.hex(req.ptr()) + " lies in " + ft.describe(gmfn)
                                + ", which is neither a validated page table nor writable data");
            }
        } finally {
            ft.putPage(gmfn);
        }
        return rc;
    }

    private int machphysUpdate(MmuUpdate req, PvMmuDomain d, PvMmuDomain ptOwner, PvMmuDomain pgOwner) {
        long mfn = req.ptr() >>> 12;
        if (d != ptOwner) {
            return op(PvMmuRule.M2P_UPDATE_FOREIGN_TABLES, Errno.EPERM,
                    "MMU_MACHPHYS_UPDATE with a foreign page-table owner (d" + ptOwner.id() + ")");
        }
        if (!ft.getPage(mfn, pgOwner.id())) {
            return reject(Ctx.none(), PvMmuRule.M2P_FRAME_NOT_OWNED, Errno.EINVAL, mfn,
                    "MMU_MACHPHYS_UPDATE sets M2P[" + Pte.hex(mfn) + "] = " + Pte.hex(req.val()) + " but "
                            + ft.describe(mfn) + " is not a frame of " + FrameTable.ownerName(pgOwner.id())
                            + " (ptr must be mfn << 12 | 1, with a machine frame number)");
        }
        if (m2p != null) {
            m2p.set(mfn, req.val());
        }
        ft.putPage(mfn);
        return 0;
    }

    /** HYPERVISOR_update_va_mapping(va, val, flags). */
    public MmuResult updateVaMapping(int domid, int vcpuId, long va, long val, long flags) {
        begin("update_va_mapping");
        PvMmuDomain d = domain(domid);
        PvMmuDomain.Vcpu v = d.vcpu(vcpuId);
        int rc = vaMapping(d, v, va, val);
        if (rc == 0) {
            long bmap = flags & ~(long) UVMF_FLUSHTYPE_MASK;
            switch ((int) (flags & UVMF_FLUSHTYPE_MASK)) {
                case UVMF_TLB_FLUSH -> flushes.add(bmap == UVMF_LOCAL ? FlushRequest.of(FlushRequest.Kind.TLB_FLUSH_LOCAL)
                        : bmap == UVMF_ALL ? FlushRequest.of(FlushRequest.Kind.TLB_FLUSH_ALL)
                        : new FlushRequest(FlushRequest.Kind.TLB_FLUSH_MULTI, 0, bmap));
                case UVMF_INVLPG -> flushes.add(bmap == UVMF_LOCAL ? new FlushRequest(FlushRequest.Kind.INVLPG_LOCAL, va, 0)
                        : bmap == UVMF_ALL ? new FlushRequest(FlushRequest.Kind.INVLPG_ALL, va, 0)
                        : new FlushRequest(FlushRequest.Kind.INVLPG_MULTI, va, bmap));
                default -> { }
            }
        }
        return finish(rc, rc == 0 ? 1 : 0);
    }

    private int vaMapping(PvMmuDomain d, PvMmuDomain.Vcpu v, long va, long val) {
        if (!addrOk(va)) {
            return op(PvMmuRule.VA_NOT_GUEST_ADDRESS, Errno.EINVAL, "va " + Pte.hex(va)
                    + (va < 0 ? " is in Xen's reserved range 0xffff800000000000-0xffff87ffffffffff"
                            : " is not canonical (bits 63..47 must all be equal)"));
        }
        long table = v.guestTable();
        if (table == 0) {
            return op(PvMmuRule.VA_HAS_NO_L1, Errno.EINVAL, "vCPU " + v.id() + " has no page tables installed");
        }
        for (int level = 4; level >= 2; level--) {
            int idx = (int) ((va >>> (12 + 9 * (level - 1))) & 511);
            long ea = (table << 12) + idx * 8L;
            long e = mem.read64(ea);
            if (!Pte.present(e) || (level == 2 && (Pte.flags(e) & Pte.PSE) != 0)) {
                return op(PvMmuRule.VA_HAS_NO_L1, Errno.EINVAL, "va " + Pte.hex(va) + ": the L" + level
                        + " entry at " + Pte.hex(ea) + " (slot " + idx + ") is " + Pte.hex(e)
                        + (Pte.present(e) ? ", a superpage" : ", not present") + ", so no L1 table maps this address");
            }
            table = Pte.mfn(e);
        }
        long gl1 = table;
        long pte = (gl1 << 12) + ((va >>> 12) & 511) * 8;
        if (!ft.getPage(gl1, d.id())) {
            return op(PvMmuRule.VA_L1_NOT_A_PAGE_TABLE, Errno.EINVAL, "va " + Pte.hex(va) + " leads to "
                    + ft.describe(gl1) + ", which is not a frame of d" + d.id());
        }
        try {
            if (!ft.isValidated(gl1) || ft.typeCount(gl1) == 0 || ft.type(gl1) != FrameType.L1) {
                return op(PvMmuRule.VA_L1_NOT_A_PAGE_TABLE, Errno.EINVAL, "va " + Pte.hex(va) + " leads to "
                        + ft.describe(gl1) + ", which is not a validated L1 table");
            }
            return modL1Entry(pte, val, gl1, MmuUpdate.MMU_NORMAL_PT_UPDATE, d, d);
        } finally {
            ft.putPage(gl1);
        }
    }

    /**
     * ptwr_emulated_update() (xen/arch/x86/pv/ro-page-fault.c): the guest kernel wrote {@code val}
     * straight into the L1 table {@code l1mfn} at byte {@code offset} (8-byte aligned; a narrower
     * write has already been merged into the full entry by the caller). The new entry is checked as
     * get_page_from_l1e does, adjusted as adjust_guest_l1e does and written; the old entry's
     * references are dropped. With {@code cmpxchg}, the entry is replaced only if it still holds
     * {@code expected} (checked after validation, as Xen does): {@code done} is 1 when it was
     * written, 0 when the compare failed. A refusal leaves the entry untouched; the caller then
     * bounces the original #PF to the guest.
     */
    public MmuResult ptwrEmulatedUpdate(int domid, long l1mfn, int offset, long val, boolean cmpxchg, long expected) {
        begin(PTWR);
        PvMmuDomain d = domain(domid);
        long pa = (l1mfn << 12) + offset;
        long ol1e = mem.read64(pa);
        long nl1e = val;
        Ctx c = new Ctx(pa, 1, ol1e, nl1e, l1mfn);
        if (Pte.present(nl1e)) {
            int rc = getPageFromL1e(nl1e, d, d, c);
            if (rc < 0) {
                return finish(rc, 0);
            }
            if (rc > 0) {
                nl1e ^= Pte.putFlags(rc);
            }
        }
        nl1e = adjustL1(nl1e);
        if (cmpxchg && ol1e != expected) {
            putPageFromL1e(nl1e, d);
            return finish(0, 0);
        }
        mem.write64(pa, nl1e);
        putPageFromL1e(ol1e, d);
        return finish(0, 1);
    }

    /** A direct write to an L1 table that Xen's emulation refuses before looking at the new entry. */
    public MmuResult ptwrBadAccess(long l1mfn, int offset, long newValue, String detail) {
        begin(PTWR);
        long pa = (l1mfn << 12) + (offset & ~7);
        return finish(reject(new Ctx(pa, 1, mem.read64(pa), newValue, l1mfn), PvMmuRule.PTWR_BAD_ACCESS,
                Errno.EINVAL, -1, detail), 0);
    }

    /** HYPERVISOR_mmuext_op(ops, count, done, foreigndom). */
    public MmuResult mmuextOp(int domid, int vcpuId, List<MmuextOp> ops, int foreigndom) {
        begin("mmuext_op");
        PvMmuDomain d = domain(domid);
        PvMmuDomain.Vcpu v = d.vcpu(vcpuId);
        PvMmuDomain pgOwner = pgOwner(d, foreigndom & 0xFFFF);
        if (pgOwner == null) {
            return finish(-Errno.ESRCH, 0);
        }
        if (pgOwner != d && !d.privileged()) {
            return finish(op(PvMmuRule.FOREIGN_DOMAIN_NOT_PERMITTED, Errno.EPERM, "d" + d.id()
                    + " is not privileged, so it may not operate on " + FrameTable.ownerName(pgOwner.id())), 0);
        }
        int rc = 0;
        int i = 0;
        for (; i < ops.size(); i++) {
            MmuextOp op = ops.get(i);
            opName = "mmuext_op(" + MmuextOp.name(op.cmd()) + ")";
            rc = mmuext(op, d, v, pgOwner);
            if (rc != 0) {
                break;
            }
        }
        return finish(rc, i);
    }

    private int mmuext(MmuextOp op, PvMmuDomain d, PvMmuDomain.Vcpu v, PvMmuDomain pgOwner) {
        long mfn = op.arg1();
        switch (op.cmd()) {
            case MmuextOp.PIN_L1_TABLE, MmuextOp.PIN_L2_TABLE, MmuextOp.PIN_L3_TABLE, MmuextOp.PIN_L4_TABLE -> {
                FrameType type = FrameType.pageTable(op.cmd() - MmuextOp.PIN_L1_TABLE + 1);
                if (!ft.getPage(mfn, pgOwner.id())) {
                    return notOwnedOperand(mfn, pgOwner);
                }
                int rc = typeRef(mfn, type, Ctx.none(), MmuextOp.name(op.cmd()) + " of mfn " + Pte.hex(mfn));
                if (rc != 0) {
                    ft.putPage(mfn);
                    return rc;
                }
                if (ft.testAndSetPinned(mfn)) {
                    putPageAndType(mfn);
                    return op(PvMmuRule.ALREADY_PINNED, Errno.EINVAL, mfn, ft.describe(mfn)
                            + " is already pinned; pinning is not reference counted, unpin it first");
                }
                return 0;
            }
            case MmuextOp.UNPIN_TABLE -> {
                if (!ft.getPage(mfn, pgOwner.id())) {
                    return notOwnedOperand(mfn, pgOwner);
                }
                if (!ft.testAndClearPinned(mfn)) {
                    ft.putPage(mfn);
                    return op(PvMmuRule.NOT_PINNED, Errno.EINVAL, mfn, ft.describe(mfn) + " is not pinned");
                }
                putPageAndType(mfn);
                ft.putPage(mfn);
                return 0;
            }
            case MmuextOp.NEW_BASEPTR -> {
                if (pgOwner != d) {
                    return foreignOp(pgOwner);
                }
                return newGuestCr3(d, v, mfn);
            }
            case MmuextOp.NEW_USER_BASEPTR -> {
                if (pgOwner != d) {
                    return foreignOp(pgOwner);
                }
                long old = v.guestTableUser;
                if (old == mfn) {
                    return 0;
                }
                if (mfn != 0) {
                    int rc = getPageAndTypeFromMfn(mfn, FrameType.L4, d, Ctx.none(),
                            "MMUEXT_NEW_USER_BASEPTR of mfn " + Pte.hex(mfn));
                    if (rc != 0) {
                        return rc;
                    }
                    if (d.m2pStrict()) {
                        mem.write64((mfn << 12) + M2pTable.RO_MPT_SLOT * 8L, 0);
                    }
                }
                v.guestTableUser = mfn;
                if (old != 0) {
                    putPageAndType(old);
                }
                return 0;
            }
            case MmuextOp.TLB_FLUSH_LOCAL, MmuextOp.TLB_FLUSH_ALL -> {
                if (pgOwner != d) {
                    return foreignOp(pgOwner);
                }
                flushes.add(FlushRequest.of(op.cmd() == MmuextOp.TLB_FLUSH_LOCAL
                        ? FlushRequest.Kind.TLB_FLUSH_LOCAL : FlushRequest.Kind.TLB_FLUSH_ALL));
                return 0;
            }
            case MmuextOp.INVLPG_LOCAL, MmuextOp.INVLPG_ALL -> {
                if (pgOwner != d) {
                    return foreignOp(pgOwner);
                }
                boolean local = op.cmd() == MmuextOp.INVLPG_LOCAL;
                if (local ? isCanonical(op.arg1()) : addrOk(op.arg1())) {
                    flushes.add(new FlushRequest(local ? FlushRequest.Kind.INVLPG_LOCAL : FlushRequest.Kind.INVLPG_ALL,
                            op.arg1(), 0));
                }
                return 0;
            }
            case MmuextOp.TLB_FLUSH_MULTI, MmuextOp.INVLPG_MULTI -> {
                if (pgOwner != d) {
                    return foreignOp(pgOwner);
                }
                if (op.cmd() == MmuextOp.TLB_FLUSH_MULTI) {
                    flushes.add(new FlushRequest(FlushRequest.Kind.TLB_FLUSH_MULTI, 0, op.arg2()));
                } else if (addrOk(op.arg1())) {
                    flushes.add(new FlushRequest(FlushRequest.Kind.INVLPG_MULTI, op.arg1(), op.arg2()));
                }
                return 0;
            }
            case MmuextOp.FLUSH_CACHE, MmuextOp.FLUSH_CACHE_GLOBAL -> {
                if (pgOwner != d) {
                    return foreignOp(pgOwner);
                }
                boolean global = op.cmd() == MmuextOp.FLUSH_CACHE_GLOBAL;
                if (!d.hasIoCaps()) {
                    return op(PvMmuRule.CACHE_FLUSH_NOT_PERMITTED, global ? Errno.EINVAL : Errno.EACCES,
                            "d" + d.id() + " has no I/O memory or I/O port capabilities, so it may not flush caches");
                }
                flushes.add(FlushRequest.of(global ? FlushRequest.Kind.CACHE_FLUSH_GLOBAL : FlushRequest.Kind.CACHE_FLUSH_LOCAL));
                return 0;
            }
            case MmuextOp.SET_LDT -> {
                long ents = op.arg2() & 0xFFFF_FFFFL;
                long ptr = ents != 0 ? op.arg1() : 0;
                if (pgOwner != d) {
                    return foreignOp(pgOwner);
                }
                if ((ptr & 0xFFF) != 0 || !addrOk(ptr) || ents > 8192) {
                    return op(PvMmuRule.SET_LDT_BAD_ARGS, Errno.EINVAL, "SET_LDT with linear_addr " + Pte.hex(ptr)
                            + " and nr_ents " + ents + ": " + ((ptr & 0xFFF) != 0 ? "the base is not page aligned"
                            : !addrOk(ptr) ? "the base is not a guest address" : "more than 8192 entries"));
                }
                if (v.ldtEnts != ents || v.ldtBase != ptr) {
                    v.ldtBase = ptr;
                    v.ldtEnts = (int) ents;
                    flushes.add(FlushRequest.of(FlushRequest.Kind.LDT_RELOAD));
                }
                return 0;
            }
            case MmuextOp.CLEAR_PAGE -> {
                if (!ft.getPage(mfn, pgOwner.id())) {
                    return notOwnedOperand(mfn, pgOwner);
                }
                if (!writableType(mfn)) {
                    ft.putPage(mfn);
                    return op(PvMmuRule.PAGE_NOT_WRITABLE_DATA, Errno.EINVAL, mfn,
                            "cannot clear " + ft.describe(mfn) + ": it is in use as a " + ft.type(mfn).words());
                }
                mem.fill(mfn << 12, 0, PhysicalMemory.PAGE_SIZE);
                putPageAndType(mfn);
                return 0;
            }
            case MmuextOp.COPY_PAGE -> {
                long src = op.arg2();
                if (!ft.getPage(src, pgOwner.id())) {
                    return notOwnedOperand(src, pgOwner);
                }
                if (!ft.getPage(mfn, pgOwner.id())) {
                    ft.putPage(src);
                    return notOwnedOperand(mfn, pgOwner);
                }
                if (!writableType(mfn)) {
                    ft.putPage(src);
                    ft.putPage(mfn);
                    return op(PvMmuRule.PAGE_NOT_WRITABLE_DATA, Errno.EINVAL, mfn,
                            "cannot copy to " + ft.describe(mfn) + ": it is in use as a " + ft.type(mfn).words());
                }
                byte[] buf = new byte[PhysicalMemory.PAGE_SIZE];
                mem.readBytes(src << 12, buf, 0, buf.length);
                mem.writeBytes(mfn << 12, buf, 0, buf.length);
                putPageAndType(mfn);
                ft.putPage(src);
                return 0;
            }
            case MmuextOp.MARK_SUPER, MmuextOp.UNMARK_SUPER -> {
                return op(PvMmuRule.SUPERPAGE_OPS_REMOVED, Errno.EOPNOTSUPP,
                        MmuextOp.name(op.cmd()) + " is no longer supported: Xen removed PV superpages");
            }
            default -> {
                return op(PvMmuRule.UNKNOWN_MMUEXT_COMMAND, Errno.ENOSYS, "mmuext_op cmd " + op.cmd()
                        + " does not exist");
            }
        }
    }

    /** new_guest_cr3() for a 64-bit PV vCPU. */
    private int newGuestCr3(PvMmuDomain d, PvMmuDomain.Vcpu v, long mfn) {
        long old = v.guestTable;
        if (old == mfn) {
            flushes.add(FlushRequest.of(FlushRequest.Kind.BASEPTR_RELOAD));
            return 0;
        }
        int rc = getPageAndTypeFromMfn(mfn, FrameType.L4, d, Ctx.none(), "MMUEXT_NEW_BASEPTR of mfn " + Pte.hex(mfn));
        if (rc != 0) {
            return rc;
        }
        if (!d.m2pStrict() && m2p != null) {
            long slot = (mfn << 12) + M2pTable.RO_MPT_SLOT * 8L;
            if (mem.read64(slot) == 0) {
                mem.write64(slot, m2p.l4Entry());
            }
        }
        v.guestTable = mfn;
        flushes.add(FlushRequest.of(FlushRequest.Kind.BASEPTR_RELOAD));
        if (old != 0) {
            putPageAndType(old);
        }
        return 0;
    }

    // =============================================================================================
    // mod_lN_entry
    // =============================================================================================

    private static final int NOT_FASTPATH = ~Pte.FASTPATH_FLAG_WHITELIST & 0xFFFFFF;

    private int modL1Entry(long pa, long nl1e, long gl1mfn, int cmd, PvMmuDomain ptDom, PvMmuDomain pgDom) {
        boolean preserveAd = cmd == MmuUpdate.MMU_PT_UPDATE_PRESERVE_AD;
        long ol1e = mem.read64(pa);
        Ctx c = new Ctx(pa, 1, ol1e, nl1e, gl1mfn);
        if (Pte.present(nl1e)) {
            int dis = Pte.flags(nl1e) & l1DisallowMask(ptDom);
            if (dis != 0) {
                return rejectFlags(c, nl1e, dis, ptDom);
            }
            if (!Pte.hasChanged(ol1e, nl1e, NOT_FASTPATH)) {
                updateEntry(pa, ol1e, adjustL1(nl1e), preserveAd);
                return 0;
            }
            int rc = getPageFromL1e(nl1e, ptDom, pgDom, c);
            if (rc < 0) {
                return rc;
            }
            if (rc > 0) {
                nl1e ^= Pte.putFlags(rc);
            }
            updateEntry(pa, ol1e, adjustL1(nl1e), preserveAd);
        } else {
            updateEntry(pa, ol1e, nl1e, preserveAd);
        }
        putPageFromL1e(ol1e, ptDom);
        return 0;
    }

    private int modL2Entry(long pa, long nl2e, long mfn, boolean preserveAd, PvMmuDomain d) {
        long ol2e = mem.read64(pa);
        Ctx c = new Ctx(pa, 2, ol2e, nl2e, mfn);
        if (Pte.present(nl2e)) {
            int dis = Pte.flags(nl2e) & Pte.L2_DISALLOW_MASK;
            if (dis != 0) {
                return rejectFlags(c, nl2e, dis, d);
            }
            if (!Pte.hasChanged(ol2e, nl2e, NOT_FASTPATH)) {
                updateEntry(pa, ol2e, adjustUpper(nl2e, 2), preserveAd);
                return 0;
            }
            int rc = getPageFromL2e(nl2e, mfn, d, c);
            if (rc < 0) {
                return rc;
            }
            updateEntry(pa, ol2e, adjustUpper(nl2e, 2), preserveAd);
        } else {
            updateEntry(pa, ol2e, nl2e, preserveAd);
        }
        putPageFromUpper(ol2e, mfn);
        return 0;
    }

    private int modL3Entry(long pa, long nl3e, long mfn, boolean preserveAd, PvMmuDomain d) {
        long ol3e = mem.read64(pa);
        Ctx c = new Ctx(pa, 3, ol3e, nl3e, mfn);
        if (Pte.present(nl3e)) {
            int dis = Pte.flags(nl3e) & Pte.L3_DISALLOW_MASK;
            if (dis != 0) {
                return rejectFlags(c, nl3e, dis, d);
            }
            if (!Pte.hasChanged(ol3e, nl3e, NOT_FASTPATH)) {
                updateEntry(pa, ol3e, adjustUpper(nl3e, 3), preserveAd);
                return 0;
            }
            int rc = getPageFromUpper(3, nl3e, mfn, d, c);
            if (rc < 0) {
                return rc;
            }
            updateEntry(pa, ol3e, adjustUpper(nl3e, 3), preserveAd);
        } else {
            updateEntry(pa, ol3e, nl3e, preserveAd);
        }
        putPageFromUpper(ol3e, mfn);
        return 0;
    }

    private int modL4Entry(long pa, long nl4e, long mfn, boolean preserveAd, PvMmuDomain d) {
        long ol4e = mem.read64(pa);
        Ctx c = new Ctx(pa, 4, ol4e, nl4e, mfn);
        int slot = (int) ((pa & 0xFFF) >>> 3);
        if (slot >= FIRST_XEN_SLOT && slot <= LAST_XEN_SLOT) {
            return reject(c, PvMmuRule.XEN_RESERVED_L4_SLOT, Errno.EINVAL, -1, "L4 slot " + slot + " (va "
                    + Pte.hex(0xFFFF_0000_0000_0000L | ((long) slot << 39)) + ") belongs to Xen: slots 256-271 cover "
                    + "0xffff800000000000-0xffff87ffffffffff, which Xen fills itself; guests may not change them");
        }
        if (Pte.present(nl4e)) {
            int dis = Pte.flags(nl4e) & Pte.L4_DISALLOW_MASK;
            if (dis != 0) {
                return rejectFlags(c, nl4e, dis, d);
            }
            if (!Pte.hasChanged(ol4e, nl4e, NOT_FASTPATH)) {
                updateEntry(pa, ol4e, adjustUpper(nl4e, 4), preserveAd);
                return 0;
            }
            int rc = getPageFromUpper(4, nl4e, mfn, d, c);
            if (rc < 0) {
                return rc;
            }
            updateEntry(pa, ol4e, adjustUpper(nl4e, 4), preserveAd);
        } else {
            updateEntry(pa, ol4e, nl4e, preserveAd);
        }
        putPageFromUpper(ol4e, mfn);
        return 0;
    }

    /** update_intpte(): with preserve_ad, the A/D bits already set stay set. */
    private void updateEntry(long pa, long oldE, long newE, boolean preserveAd) {
        if (preserveAd) {
            newE |= oldE & (Pte.ACCESSED | Pte.DIRTY);
        }
        mem.write64(pa, newE);
    }

    /** adjust_guest_l1e() for 64-bit PV. */
    static long adjustL1(long e) {
        if (!Pte.present(e)) {
            return e;
        }
        if ((Pte.flags(e) & Pte.USER) == 0) {
            e = Pte.addFlags(e, Pte.GUEST_KERNEL | Pte.USER);
        }
        if ((Pte.flags(e) & Pte.GUEST_KERNEL) == 0) {
            e = Pte.addFlags(e, Pte.GLOBAL | Pte.USER);
        }
        return e;
    }

    /** adjust_guest_l2e/l3e (USER) and adjust_guest_l4e (USER | ACCESSED) for 64-bit PV. */
    static long adjustUpper(long e, int level) {
        if (!Pte.present(e)) {
            return e;
        }
        return Pte.addFlags(e, level == 4 ? Pte.USER | Pte.ACCESSED : Pte.USER);
    }

    // =============================================================================================
    // get_page_from_lNe / put_page_from_lNe
    // =============================================================================================

    private int l1DisallowMask(PvMmuDomain d) {
        return d.hasIoCaps() ? Pte.L1_DISALLOW_MASK_IO : Pte.L1_DISALLOW_MASK;
    }

    /** get_page_from_l1e(): 0, a negative errno, or flags to flip (I/O mappings). */
    private int getPageFromL1e(long l1e, PvMmuDomain l1eOwner, PvMmuDomain pgOwner, Ctx c) {
        long mfn = Pte.mfn(l1e);
        int f = Pte.flags(l1e);
        int dis = f & l1DisallowMask(l1eOwner);
        if (dis != 0) {
            return rejectFlags(c, l1e, dis, l1eOwner);
        }
        boolean valid = ft.isValid(mfn);
        int real = valid ? ft.getOwnerAndReference(mfn) : FrameTable.DOMID_INVALID;
        if (!valid || real == FrameTable.DOMID_IO) {
            if (valid) {
                ft.putPage(mfn);
            }
            PvMmuDomain p = pgOwner == domIo ? l1eOwner : pgOwner;
            if (!p.iomemPermitted(mfn)) {
                boolean invalidMfn = mfn == Pte.INVALID_MFN;
                return reject(c, PvMmuRule.MMIO_NOT_PERMITTED, invalidMfn ? Errno.EINVAL : Errno.EPERM, mfn,
                        "L1 entry " + Pte.hex(l1e) + " maps mfn " + Pte.hex(mfn)
                                + (valid ? ", a frame owned by DOMID_IO (I/O memory)"
                                : invalidMfn ? ", INVALID_MFN" : ", beyond the end of machine memory (MMIO space)")
                                + ", and d" + p.id() + " has no permission for that I/O memory"
                                + (valid ? "" : " (a pfn, or garbage in bits 12-51?)"));
            }
            int flip = 0;
            switch (f & Pte.CACHE_ATTRS) {
                case 0 -> flip = Pte.PWT | Pte.PCD;
                case Pte.PWT, Pte.PWT | Pte.PAT -> flip = Pte.PCD | (f & Pte.PAT);
                default -> { }
            }
            return flip;
        }
        if (real != pgOwner.id()) {
            if (real != FrameTable.DOMID_INVALID) {
                ft.putPage(mfn);
            }
            return reject(c, PvMmuRule.REFERENCED_FRAME_NOT_OWNED, Errno.EBUSY, mfn,
                    "L1 entry " + Pte.hex(l1e) + " maps " + ft.describe(mfn) + ": "
                            + (real == FrameTable.DOMID_INVALID ? "the frame is not allocated to any domain"
                            : "the frame belongs to " + FrameTable.ownerName(real)) + ", not d" + pgOwner.id()
                            + " (is the entry built from a pfn instead of an mfn?)");
        }
        if ((f & Pte.RW) != 0) {
            FrameType t = ft.type(mfn);
            int cnt = ft.typeCount(mfn);
            if (ft.getPageType(mfn, FrameType.WRITABLE, this) != 0) {
                ft.putPage(mfn);
                PvMmuRule rule = t == FrameType.SEG_DESC ? PvMmuRule.WRITABLE_MAPPING_OF_DESCRIPTOR_TABLE
                        : PvMmuRule.WRITABLE_MAPPING_OF_PAGE_TABLE;
                return reject(c, rule, Errno.EBUSY, mfn, "L1 entry " + Pte.hex(l1e) + " maps mfn " + Pte.hex(mfn)
                        + " writable (RW, bit 1), but that frame is in use as a " + t.words() + " (type count "
                        + cnt + "); Xen only lets guests map " + (t == FrameType.SEG_DESC ? "GDT/LDT" : "page-table")
                        + " frames read-only: clear RW in this entry");
            }
        }
        return 0;
    }

    /** put_page_from_l1e(). */
    private void putPageFromL1e(long l1e, PvMmuDomain l1eOwner) {
        if (!Pte.present(l1e)) {
            return;
        }
        long mfn = Pte.mfn(l1e);
        if (!ft.isValid(mfn) || ft.owner(mfn) == FrameTable.DOMID_IO) {
            return;
        }
        if ((Pte.flags(l1e) & Pte.RW) != 0) {
            putPageAndType(mfn);
        } else {
            ft.putPage(mfn);
        }
    }

    private int getPageFromL2e(long l2e, long l2mfn, PvMmuDomain d, Ctx c) {
        int dis = Pte.flags(l2e) & Pte.L2_DISALLOW_MASK;
        if (dis != 0) {
            return rejectFlags(c, l2e, dis, d);
        }
        return getPageFromUpper(2, l2e, l2mfn, d, c);
    }

    /** get_page_from_l2e/l3e/l4e: a type reference of the next level down, or a linear entry. */
    private int getPageFromUpper(int level, long e, long tableMfn, PvMmuDomain d, Ctx c) {
        int mask = level == 2 ? Pte.L2_DISALLOW_MASK : level == 3 ? Pte.L3_DISALLOW_MASK : Pte.L4_DISALLOW_MASK;
        int dis = Pte.flags(e) & mask;
        if (dis != 0) {
            return rejectFlags(c, e, dis, d);
        }
        PageTableUpdateRejected saved = pending;
        long mfn = Pte.mfn(e);
        int rc = getPageAndTypeFromMfn(mfn, FrameType.pageTable(level - 1), d, c, null);
        if (rc == -Errno.EINVAL) {
            boolean sameLevel = mfn == tableMfn
                    || (ft.isValid(mfn) && ft.typeCount(mfn) > 0 && ft.type(mfn) == FrameType.pageTable(level));
            Linear lin = getLinearPagetable(level, e, tableMfn, d);
            if (lin == Linear.OK) {
                pending = saved;
                return 0;
            }
            if (sameLevel && lin != Linear.NOT_OWNED && lin != Linear.NOT_SAME_TYPE) {
                pending = saved;
                String what = mfn == tableMfn ? "maps its own table (mfn " + Pte.hex(mfn) + ")"
                        : "maps another L" + level + " table (mfn " + Pte.hex(mfn) + ")";
                if (lin == Linear.WRITABLE) {
                    return reject(c, PvMmuRule.LINEAR_MAPPING_WRITABLE, Errno.EINVAL, mfn, "L" + level + " entry "
                            + Pte.hex(e) + " " + what + " with RW (bit 1) set: a linear (recursive) page-table entry "
                            + "must be read-only, or the guest could write its own page tables");
                }
                return reject(c, PvMmuRule.LINEAR_MAPPING_CHAIN, Errno.EINVAL, mfn, "L" + level + " entry "
                        + Pte.hex(e) + " " + what + ", but " + (lin == Linear.TABLE_IS_TARGET
                        ? "the table holding this entry (mfn " + Pte.hex(tableMfn) + ") is itself the target of a linear entry"
                        : "the target table already holds linear entries of its own")
                        + "; Xen does not allow chains of linear page tables");
            }
        }
        return rc;
    }

    /** get_lN_linear_pagetable(). */
    private Linear getLinearPagetable(int level, long pde, long pdeMfn, PvMmuDomain d) {
        if ((Pte.flags(pde) & Pte.RW) != 0) {
            return Linear.WRITABLE;
        }
        long mfn = Pte.mfn(pde);
        if (mfn == pdeMfn) {
            return Linear.OK;
        }
        if (ft.owner(pdeMfn) != d.id() || !ft.getPage(mfn, d.id())) {
            return Linear.NOT_OWNED;
        }
        if (!ft.incLinearEntries(pdeMfn)) {
            ft.putPage(mfn);
            return Linear.TABLE_IS_TARGET;
        }
        if (!ft.incLinearUses(mfn)) {
            ft.decLinearEntries(pdeMfn);
            ft.putPage(mfn);
            return Linear.TARGET_HAS_LINEAR;
        }
        if (ft.typeCount(mfn) == 0 || ft.type(mfn) != FrameType.pageTable(level) || !ft.isValidated(mfn)) {
            ft.decLinearUses(mfn);
            ft.decLinearEntries(pdeMfn);
            ft.putPage(mfn);
            return Linear.NOT_SAME_TYPE;
        }
        ft.addTypeRef(mfn);
        return Linear.OK;
    }

    /** put_page_from_l2e/l3e/l4e (self-maps hold no reference). */
    private void putPageFromUpper(long e, long tableMfn) {
        if (!Pte.present(e)) {
            return;
        }
        long mfn = Pte.mfn(e);
        if (mfn == tableMfn) {
            return;
        }
        boolean linear = ft.type(mfn) == ft.type(tableMfn);
        ft.putPageType(mfn, this);
        if (linear) {
            ft.decLinearUses(mfn);
            ft.decLinearEntries(tableMfn);
        }
        ft.putPage(mfn);
    }

    /**
     * get_page_and_type_from_mfn(): a general and a type reference; explains a type conflict.
     * {@code what} names the operation when no entry is involved.
     */
    private int getPageAndTypeFromMfn(long mfn, FrameType type, PvMmuDomain d, Ctx c, String what) {
        if (!ft.getPage(mfn, d.id())) {
            if (c.level() == 0) {
                return notOwnedOperand(mfn, d);
            }
            return reject(c, PvMmuRule.REFERENCED_FRAME_NOT_OWNED, Errno.EINVAL, mfn, "L" + c.level() + " entry "
                    + Pte.hex(c.newValue()) + " references " + ft.describe(mfn) + ", which "
                    + (ft.isValid(mfn) ? "is not a frame of d" + d.id() : "is beyond the end of machine memory")
                    + " (is the entry built from a pfn instead of an mfn?)");
        }
        int rc = typeRef(mfn, type, c, what);
        if (rc != 0) {
            ft.putPage(mfn);
        }
        return rc;
    }

    /** A type reference of a page-table type, with the validation path and conflict explanations. */
    private int typeRef(long mfn, FrameType type, Ctx c, String what) {
        FrameType before = ft.type(mfn);
        int cnt = ft.typeCount(mfn);
        path.addLast(what != null ? what : "L" + c.level() + " entry " + Pte.hex(c.newValue()) + " at "
                + Pte.hex(c.pteAddress()) + " -> mfn " + Pte.hex(mfn) + " as " + type.words());
        int rc;
        try {
            rc = ft.getPageType(mfn, type, this);
        } finally {
            path.removeLast();
        }
        if (rc != 0 && cnt > 0 && before != type) {
            String where = c.level() == 0 ? what + ": " : "L" + c.level() + " entry " + Pte.hex(c.newValue())
                    + " references mfn " + Pte.hex(mfn) + " as an " + type.words() + ", but ";
            if (before == FrameType.WRITABLE) {
                return reject(c, PvMmuRule.PAGE_TABLE_FRAME_MAPPED_WRITABLE, Errno.EINVAL, mfn, where + "mfn "
                        + Pte.hex(mfn) + " is still mapped writable by " + cnt + " L1 entr" + (cnt == 1 ? "y" : "ies")
                        + " (type count " + cnt + "); remove every writable mapping of it (or make them read-only)"
                        + " before using it as a page table");
            }
            return reject(c, PvMmuRule.PAGE_TABLE_TYPE_CONFLICT, Errno.EINVAL, mfn, where + "mfn " + Pte.hex(mfn)
                    + " is already in use as a " + before.words() + " (type count " + cnt + "); a frame can hold"
                    + " only one type at a time, so it cannot also be an " + type.words());
        }
        return rc;
    }

    private boolean writableType(long mfn) {
        return ft.getPageType(mfn, FrameType.WRITABLE, this) == 0;
    }

    private void putPageAndType(long mfn) {
        ft.putPageType(mfn, this);
        ft.putPage(mfn);
    }

    // =============================================================================================
    // Validation (promote_lN_table / demote_lN_table)
    // =============================================================================================

    @Override
    public int validate(long mfn, FrameType type) {
        PvMmuDomain d = domains.get(ft.owner(mfn));
        if (d == null) {
            return -Errno.EINVAL;
        }
        long base = mfn << 12;
        int level = type.level();
        if (level == 0) {
            return 0; // descriptor pages: check_descriptor is not modelled
        }
        for (int i = 0; i < 512; i++) {
            if (level == 4 && !isGuestL4Slot(i)) {
                continue;
            }
            long e = mem.read64(base + i * 8L);
            if (!Pte.present(e)) {
                continue;
            }
            Ctx c = new Ctx(base + i * 8L, level, e, e, mfn);
            int rc = level == 1 ? getPageFromL1e(e, d, d, c) : getPageFromUpper(level, e, mfn, d, c);
            if (rc < 0) {
                for (int j = i - 1; j >= 0; j--) {
                    if (level == 4 && !isGuestL4Slot(j)) {
                        continue;
                    }
                    long ej = mem.read64(base + j * 8L);
                    if (level == 1) {
                        putPageFromL1e(ej, d);
                    } else {
                        putPageFromUpper(ej, mfn);
                    }
                }
                return rc;
            }
            if (rc > 0) {
                e ^= Pte.putFlags(rc);
            }
            mem.write64(base + i * 8L, level == 1 ? adjustL1(e) : adjustUpper(e, level));
        }
        if (level == 4) {
            initXenL4Slots(mfn, d);
        }
        return 0;
    }

    @Override
    public void devalidate(long mfn, FrameType type) {
        PvMmuDomain d = domains.get(ft.owner(mfn));
        long base = mfn << 12;
        int level = type.level();
        for (int i = 511; i >= 0; i--) {
            if (level == 4 && !isGuestL4Slot(i)) {
                continue;
            }
            long e = mem.read64(base + i * 8L);
            if (level == 1) {
                putPageFromL1e(e, d);
            } else {
                putPageFromUpper(e, mfn);
            }
        }
    }

    /**
     * init_xen_l4_slots(): slot 256 gets the read-only M2P only with VMASST m2p_strict (otherwise
     * NEW_BASEPTR fills it), slot 258 the linear self-map (Xen only, no USER). The other Xen slots
     * (MMCFG, per-domain, Xen text, directmap) are not modelled and are cleared.
     */
    private void initXenL4Slots(long mfn, PvMmuDomain d) {
        long base = mfn << 12;
        for (int s = FIRST_XEN_SLOT; s <= LAST_XEN_SLOT; s++) {
            mem.write64(base + s * 8L, 0);
        }
        if (d.m2pStrict() && m2p != null) {
            mem.write64(base + M2pTable.RO_MPT_SLOT * 8L, m2p.l4Entry());
        }
        mem.write64(base + LINEAR_PT_SLOT * 8L,
                Pte.make(mfn, Pte.PRESENT | Pte.RW | Pte.ACCESSED | Pte.DIRTY));
        if (d.perdomainL4e() != 0) {
            mem.write64(base + PvMmuDomain.PERDOMAIN_SLOT * 8L, d.perdomainL4e());
        }
    }

    static boolean isGuestL4Slot(int slot) {
        return slot < FIRST_XEN_SLOT || slot > LAST_XEN_SLOT;
    }

    /** __addr_ok() for 64-bit PV: below 2^47, or at/after HYPERVISOR_VIRT_END. */
    static boolean addrOk(long va) {
        return Long.compareUnsigned(va, 1L << 47) < 0 || Long.compareUnsigned(va, HYPERVISOR_VIRT_END) >= 0;
    }

    static boolean isCanonical(long va) {
        return (va >> 47) == (va >> 63);
    }

    // =============================================================================================
    // Foreign domains, rejections, bookkeeping
    // =============================================================================================

    /** get_pg_owner(). Null (with the rejection recorded) when Xen returns -ESRCH. */
    private PvMmuDomain pgOwner(PvMmuDomain d, int domid) {
        if (domid == FrameTable.DOMID_SELF) {
            return d;
        }
        if (domid == d.id()) {
            op(PvMmuRule.FOREIGN_DOMAIN_IS_SELF, Errno.ESRCH, "foreigndom " + domid + " is the calling domain"
                    + " itself; Xen refuses that: pass DOMID_SELF (0x7ff0)");
            return null;
        }
        if (domid == FrameTable.DOMID_IO) {
            return domIo;
        }
        if (domid == FrameTable.DOMID_XEN) {
            return domXen;
        }
        PvMmuDomain p = domains.get(domid);
        if (p == null) {
            op(PvMmuRule.NO_SUCH_DOMAIN, Errno.ESRCH, "foreigndom " + domid + " names no domain");
        }
        return p;
    }

    private int foreignOp(PvMmuDomain pgOwner) {
        return op(PvMmuRule.FOREIGN_DOMAIN_OPERATION, Errno.EPERM, opName + " acts only on the calling domain,"
                + " but foreigndom named " + FrameTable.ownerName(pgOwner.id()));
    }

    private int notOwnedOperand(long mfn, PvMmuDomain owner) {
        return op(PvMmuRule.OPERAND_FRAME_NOT_OWNED, Errno.EINVAL, mfn, opName + " names " + ft.describe(mfn)
                + ", which is not a frame of " + FrameTable.ownerName(owner.id())
                + " (mmuext_op takes machine frame numbers, not pfns)");
    }

    private int rejectFlags(Ctx c, long e, int dis, PvMmuDomain d) {
        int level = c.level();
        String bits = Pte.describeFlags(dis, level);
        PvMmuRule rule;
        String why;
        if (level >= 2 && level <= 3 && (dis & Pte.PSE) != 0) {
            rule = level == 2 ? PvMmuRule.SUPERPAGE_L2 : PvMmuRule.SUPERPAGE_L3;
            why = "64-bit PV guests may not use " + (level == 2 ? "2 MiB" : "1 GiB") + " superpages ("
                    + (level == 2 ? "L2_DISALLOW_MASK" : "l3_disallow_mask") + "); map the range with L1 tables";
        } else {
            rule = switch (level) {
                case 1 -> PvMmuRule.DISALLOWED_FLAGS_L1;
                case 2 -> PvMmuRule.DISALLOWED_FLAGS_L2;
                case 3 -> PvMmuRule.DISALLOWED_FLAGS_L3;
                default -> PvMmuRule.DISALLOWED_FLAGS_L4;
            };
            int mask = level == 1 ? l1DisallowMask(d) : Pte.BASE_DISALLOW_MASK;
            why = "a 64-bit PV guest may not set them at this level (" + (level == 1 ? "L1" : "L" + level)
                    + "_DISALLOW_MASK = " + Pte.describeFlags(mask & 0xFFFFFF, level) + ")"
                    + (level == 1 && (dis & Pte.CACHE_ATTRS) != 0 ? "; cache attributes need I/O capabilities" : "")
                    + (level > 1 && (dis & Pte.GLOBAL) != 0 ? "; GLOBAL is only allowed in L1 entries" : "");
        }
        return reject(c, rule, Errno.EINVAL, Pte.mfn(e), "L" + level + " entry " + Pte.hex(e) + " sets " + bits
                + ": " + why);
    }

    /** Records the first refusal of this hypercall; returns the negative errno. */
    private int reject(Ctx c, PvMmuRule rule, int errno, long refMfn, String detail) {
        if (pending == null) {
            pending = new PageTableUpdateRejected(opName, -errno, rule, detail, c.pteAddress(), c.level(),
                    c.oldValue(), c.newValue(), c.tableMfn() >= 0 && ft.isValid(c.tableMfn()) ? ft.type(c.tableMfn()) : null,
                    refMfn, refMfn >= 0 && ft.isValid(refMfn) ? ft.type(refMfn) : null, List.copyOf(path),
                    OptionalLong.empty());
        }
        return -errno;
    }

    private int op(PvMmuRule rule, int errno, String detail) {
        return reject(Ctx.none(), rule, errno, -1, detail);
    }

    private int op(PvMmuRule rule, int errno, long mfn, String detail) {
        return reject(Ctx.none(), rule, errno, mfn, detail);
    }

    private void begin(String name) {
        pending = null;
        path.clear();
        flushes.clear();
        opName = name;
    }

    private MmuResult finish(int rc, int done) {
        PageTableUpdateRejected r = null;
        if (rc != 0) {
            r = pending != null ? pending : new PageTableUpdateRejected(opName, rc, PvMmuRule.NOT_A_PAGE_TABLE,
                    "refused", -1, 0, 0, 0, null, -1, null, List.of(), OptionalLong.empty());
            r = r.withHypercall(opName).withErrno(rc);
            listener.accept(r);
        }
        MmuResult res = new MmuResult(rc, done, r, flushes);
        pending = null;
        return res;
    }
}
