/*
 * pv-pagetables: a PV guest builds its own 4-level page tables and has Xen
 * validate them, the way a PV kernel port must:
 *   1. take five pages of our own .bss: L4, L3, L2, L1 and a data page;
 *   2. fill the new L4 with the guest slots of the builder's L4 (so the kernel
 *      stays mapped) plus a new L4 -> L3 -> L2 -> L1 chain for TEST_VA;
 *      every entry holds a MACHINE frame number (pfn -> mfn via mfn_list);
 *   3. remap the four table pages read-only (update_va_mapping): Xen refuses
 *      to make a frame a page table while it is mapped writable anywhere;
 *   4. MMUEXT_PIN_L4_TABLE (Xen validates the whole tree), MMUEXT_NEW_BASEPTR;
 *   5. map the data page at TEST_VA with mmu_update (the PTE's machine
 *      address), write through TEST_VA, read it back through the kernel map;
 *   6. one deliberate mistake: an L2 entry with PSE (a 2 MiB superpage), which
 *      a PV guest may not create: Xen answers -EINVAL and changes nothing;
 *   7. switch back to the builder's tables, unpin ours, shut down cleanly.
 */
#include <xenscope/xenscope.h>

#define TEST_VA 0xffffc00000000000UL   /* L4 slot 384: ours, not Xen's (256..271) */

static pgentry_t l4[512] __page_aligned_bss;
static pgentry_t l3[512] __page_aligned_bss;
static pgentry_t l2[512] __page_aligned_bss;
static pgentry_t l1[512] __page_aligned_bss;
static uint64_t data_page[512] __page_aligned_bss;

static int make_readonly(void *va)
{
    return HYPERVISOR_update_va_mapping((unsigned long)va,
                                        ((uint64_t)virt_to_mfn(va) << PAGE_SHIFT) | L1_PROT_RO,
                                        UVMF_INVLPG);
}

static int mmuext(unsigned int cmd, xen_pfn_t mfn)
{
    mmuext_op_t op = { .cmd = cmd, .arg1.mfn = mfn };
    return HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF);
}

static int check(const char *what, int rc)
{
    if (rc)
        printk("%s: FAILED, rc %d (%s)\n", what, rc, xen_errname(rc));
    else
        printk("%s: ok\n", what);
    return rc;
}

int main(void)
{
    const pgentry_t *boot_l4 = (const pgentry_t *)start_info->pt_base;
    xen_pfn_t boot_l4_mfn = virt_to_mfn(boot_l4);
    int rc;

    printk("pv-pagetables: building 4-level page tables for %p\n", (void *)TEST_VA);

    /* 2. The new tree. */
    for (unsigned int i = 0; i < 512; i++)
        if (i < XEN_L4_FIRST_XEN_SLOT || i > XEN_L4_LAST_XEN_SLOT)
            l4[i] = boot_l4[i];
    l4[l4_table_offset(TEST_VA)] = ((uint64_t)virt_to_mfn(l3) << PAGE_SHIFT) | PT_PROT;
    l3[l3_table_offset(TEST_VA)] = ((uint64_t)virt_to_mfn(l2) << PAGE_SHIFT) | PT_PROT;
    l2[l2_table_offset(TEST_VA)] = ((uint64_t)virt_to_mfn(l1) << PAGE_SHIFT) | PT_PROT;
    printk("tables filled with machine frames (pfn -> mfn through start_info->mfn_list)\n");

    /* 3. Page tables must not be writable anywhere. */
    if (check("remap L1 read-only", make_readonly(l1)) ||
        check("remap L2 read-only", make_readonly(l2)) ||
        check("remap L3 read-only", make_readonly(l3)) ||
        check("remap L4 read-only", make_readonly(l4)))
        return 1;

    /* 4. Validate and switch. */
    if (check("MMUEXT_PIN_L4_TABLE", mmuext(MMUEXT_PIN_L4_TABLE, virt_to_mfn(l4))))
        return 1;
    if (check("MMUEXT_NEW_BASEPTR", mmuext(MMUEXT_NEW_BASEPTR, virt_to_mfn(l4))))
        return 1;

    /* 5. Map the data page through our L1 with mmu_update, then use it. */
    mmu_update_t u = {
        .ptr = virt_to_mach(&l1[l1_table_offset(TEST_VA)]) | MMU_NORMAL_PT_UPDATE,
        .val = ((uint64_t)virt_to_mfn(data_page) << PAGE_SHIFT) | L1_PROT,
    };
    unsigned int done = 0;
    if (check("mmu_update: map data page at TEST_VA", HYPERVISOR_mmu_update(&u, 1, &done, DOMID_SELF)))
        return 1;
    volatile uint64_t *test = (volatile uint64_t *)TEST_VA;
    test[0] = 0x58656e53636f7065UL;   /* "XenScope" */
    test[511] = 0x1234;
    /* Volatile reads: the compiler cannot see that TEST_VA and data_page share a frame. */
    uint64_t first = READ_ONCE(data_page[0]), last = READ_ONCE(data_page[511]);
    bool same = first == 0x58656e53636f7065UL && last == 0x1234;
    printk("wrote through %p, read back through the kernel mapping: %#lx %#lx (%s)\n",
           (void *)TEST_VA, (unsigned long)first, (unsigned long)last, same ? "same frame" : "MISMATCH");
    if (!same)
        return 1;

    /* 6. The deliberate mistake: a 2 MiB superpage (PSE) in an L2 entry. */
    unsigned int slot = l2_table_offset(TEST_VA) + 1;
    mmu_update_t bad = {
        .ptr = virt_to_mach(&l2[slot]) | MMU_NORMAL_PT_UPDATE,
        .val = ((uint64_t)(virt_to_mfn(data_page) & ~511UL) << PAGE_SHIFT) | PT_PROT | _PAGE_PSE,
    };
    done = 0;
    rc = HYPERVISOR_mmu_update(&bad, 1, &done, DOMID_SELF);
    printk("deliberate invalid update (PSE bit in L2 entry %u): rc %d (%s), %u of 1 done\n",
           slot, rc, xen_errname(rc), done);
    printk("Xen %s it; the L2 entry is still %#lx\n", rc < 0 ? "refused" : "ACCEPTED",
           (unsigned long)READ_ONCE(l2[slot]));
    if (rc != -XEN_EINVAL)
        return 1;

    /* 7. Back to the builder's tables, release ours. */
    if (check("MMUEXT_NEW_BASEPTR (back to the boot L4)", mmuext(MMUEXT_NEW_BASEPTR, boot_l4_mfn)) ||
        check("MMUEXT_UNPIN_TABLE", mmuext(MMUEXT_UNPIN_TABLE, virt_to_mfn(l4))))
        return 1;
    printk("pv-pagetables: done\n");
    return 0;
}
