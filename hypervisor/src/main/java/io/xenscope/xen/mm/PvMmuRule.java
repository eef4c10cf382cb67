package io.xenscope.xen.mm;

/**
 * Every distinct rule by which Xen refuses a PV guest's page-table or MMU-extension request, with
 * the Xen function (xen/arch/x86/mm.c unless said otherwise) that enforces it.
 */
public enum PvMmuRule {
    // ---- which frame the request addresses -------------------------------------------------------
    TABLE_FRAME_NOT_OWNED("do_mmu_update: get_page_from_gfn(pt_owner, ptr >> PAGE_SHIFT)",
            "the PTE's frame (ptr) is not a frame of this domain"),
    NOT_A_PAGE_TABLE("do_mmu_update: page_lock + switch on PGT_type_mask",
            "the PTE's frame is in use as neither a page table nor writable data"),
    OPERAND_FRAME_NOT_OWNED("do_mmuext_op: get_page_from_gfn(pg_owner, arg1.mfn)",
            "the frame named in the operation is not a frame of this domain"),

    // ---- flag bits ------------------------------------------------------------------------------
    DISALLOWED_FLAGS_L1("get_page_from_l1e / mod_l1_entry: l1_disallow_mask(d)",
            "the L1 entry sets flag bits a PV guest may not set (L1_DISALLOW_MASK)"),
    DISALLOWED_FLAGS_L2("get_page_from_l2e / mod_l2_entry: L2_DISALLOW_MASK",
            "the L2 entry sets flag bits a PV guest may not set (L2_DISALLOW_MASK)"),
    DISALLOWED_FLAGS_L3("get_page_from_l3e / mod_l3_entry: l3_disallow_mask(d)",
            "the L3 entry sets flag bits a PV guest may not set (l3_disallow_mask)"),
    DISALLOWED_FLAGS_L4("get_page_from_l4e / mod_l4_entry: L4_DISALLOW_MASK",
            "the L4 entry sets flag bits a PV guest may not set (L4_DISALLOW_MASK)"),
    SUPERPAGE_L2("get_page_from_l2e / mod_l2_entry: _PAGE_PSE in L2_DISALLOW_MASK",
            "the L2 entry sets PSE: 64-bit PV guests may not use 2 MiB superpages"),
    SUPERPAGE_L3("get_page_from_l3e / mod_l3_entry: _PAGE_PSE in l3_disallow_mask",
            "the L3 entry sets PSE: 64-bit PV guests may not use 1 GiB superpages"),

    // ---- what the entry references -----------------------------------------------------------
    MMIO_NOT_PERMITTED("get_page_from_l1e: !mfn_valid || owner == dom_io, iomem_access_permitted",
            "the L1 entry maps a frame outside the domain's RAM (I/O memory) without I/O permission"),
    REFERENCED_FRAME_NOT_OWNED("get_page_from_l1e (could_not_pin) / get_page_and_type_from_mfn",
            "the entry references a machine frame this domain does not own"),
    WRITABLE_MAPPING_OF_PAGE_TABLE("get_page_from_l1e: get_page_type(page, PGT_writable_page)",
            "the L1 entry maps a page-table frame writable"),
    WRITABLE_MAPPING_OF_DESCRIPTOR_TABLE("get_page_from_l1e: get_page_type(page, PGT_writable_page)",
            "the L1 entry maps a GDT/LDT frame writable"),
    PAGE_TABLE_FRAME_MAPPED_WRITABLE("_get_page_type: type count != 0 and type PGT_writable_page",
            "the referenced frame is still mapped writable somewhere, so it cannot become a page table"),
    PAGE_TABLE_TYPE_CONFLICT("_get_page_type: type count != 0 and a different type",
            "the referenced frame is already in use as another type"),
    XEN_RESERVED_L4_SLOT("mod_l4_entry: !is_guest_l4_slot (ROOT_PAGETABLE_FIRST_XEN_SLOT..LAST)",
            "L4 slots 256-271 belong to Xen"),

    // ---- linear (recursive) page tables ---------------------------------------------------------
    LINEAR_MAPPING_WRITABLE("get_lN_linear_pagetable: _PAGE_RW",
            "a linear (recursive) page-table entry must be read-only"),
    LINEAR_MAPPING_CHAIN("get_lN_linear_pagetable: inc_linear_entries / inc_linear_uses",
            "linear page-table entries may not chain: a table holding linear entries cannot be the"
                    + " target of one, and a linear target cannot hold any"),

    // ---- hypercall-level checks ------------------------------------------------------------------
    FOREIGN_DOMAIN_IS_SELF("get_pg_owner: domid == curr->domain_id",
            "the foreign-domain argument names the calling domain itself (use DOMID_SELF)"),
    NO_SUCH_DOMAIN("get_pg_owner / rcu_lock_domain_by_id", "the foreign-domain argument names no domain"),
    FOREIGN_DOMAIN_NOT_PERMITTED("xsm_mmu_update / xsm_mmuext_op (XSM_TARGET)",
            "this domain may not act on another domain's memory"),
    FOREIGN_OWNER_FOR_UPPER_LEVEL("do_mmu_update: pg_owner != pt_owner for L2..L4",
            "only L1 entries may map a foreign domain's frames"),
    FOREIGN_DOMAIN_OPERATION("do_mmuext_op: currd != pg_owner",
            "this MMU-extension operation acts only on the calling domain"),
    M2P_UPDATE_FOREIGN_TABLES("do_mmu_update MMU_MACHPHYS_UPDATE: d != pt_owner",
            "machine-to-phys updates cannot target a foreign domain's page tables"),
    M2P_FRAME_NOT_OWNED("do_mmu_update MMU_MACHPHYS_UPDATE: get_page_from_mfn(mfn, pg_owner)",
            "the machine-to-phys update names a machine frame this domain does not own"),

    // ---- update_va_mapping --------------------------------------------------------------------
    VA_NOT_GUEST_ADDRESS("map_guest_l1e: __addr_ok",
            "the virtual address is non-canonical or in Xen's reserved range"),
    VA_HAS_NO_L1("map_guest_l1e: L4/L3/L2 entry not present (or L2 PSE)",
            "no L1 table maps this virtual address in the current page tables"),
    VA_L1_NOT_A_PAGE_TABLE("__do_update_va_mapping: page_lock / PGT_l1_page_table",
            "the frame found for this virtual address is not a validated L1 table of this domain"),

    // ---- writable page tables (ptwr) -------------------------------------------------------------
    PTWR_BAD_ACCESS("pv/ro-page-fault.c ptwr_emulated_write / ptwr_emulated_update: size and alignment",
            "a direct write to an L1 table must be a naturally aligned store of 1, 2, 4 or 8 bytes within"
                    + " the faulting page"),

    // ---- mmuext_op ------------------------------------------------------------------------------
    ALREADY_PINNED("do_mmuext_op MMUEXT_PIN_*: test_and_set_bit(_PGT_pinned)",
            "the frame is already pinned (pinning does not nest)"),
    NOT_PINNED("do_mmuext_op MMUEXT_UNPIN_TABLE: test_and_clear_bit(_PGT_pinned)", "the frame is not pinned"),
    CACHE_FLUSH_NOT_PERMITTED("do_mmuext_op MMUEXT_FLUSH_CACHE(_GLOBAL): cache_flush_permitted",
            "only domains with I/O memory or port access may flush caches"),
    SET_LDT_BAD_ARGS("do_mmuext_op MMUEXT_SET_LDT",
            "the LDT base must be page aligned and a guest address, with at most 8192 entries"),
    PAGE_NOT_WRITABLE_DATA("do_mmuext_op MMUEXT_CLEAR_PAGE / MMUEXT_COPY_PAGE: get_page_type(PGT_writable_page)",
            "the destination frame is in use as a page table or descriptor table"),
    SUPERPAGE_OPS_REMOVED("do_mmuext_op MMUEXT_MARK_SUPER / MMUEXT_UNMARK_SUPER",
            "PV superpage support was removed from Xen (4.12): these operations return -EOPNOTSUPP"),
    UNKNOWN_MMUEXT_COMMAND("do_mmuext_op: default", "no such MMU-extension command");

    private final String xenSource;
    private final String summary;

    PvMmuRule(String xenSource, String summary) {
        this.xenSource = xenSource;
        this.summary = summary;
    }

    /** Where Xen enforces the rule. */
    public String xenSource() {
        return xenSource;
    }

    /** The rule in one sentence. */
    public String summary() {
        return summary;
    }
}
