package io.xenscope.boot.elf;

import static io.xenscope.boot.elf.XenElfNotes.UNSET;
import static io.xenscope.boot.elf.XenElfNotes.UNSET32;

import java.util.OptionalLong;

/**
 * The boot parameters Xen derives from an image for a PV or PVH guest, with Xen's acceptance rules:
 * libelf's elf_xen_note_check and elf_xen_addr_calc_check (libelf-dominfo.c), libxenguest's checks
 * (xg_dom_elfloader.c: dom0-only kernels, guest type; xg_dom_core.c: the kernel segment must start
 * on a page), and the PV builder's "image overlaps with Xen private area" check (dom0_build.c).
 *
 * <ul>
 * <li>virt_base: VIRT_BASE, else 0; forced to 0 for PVH.
 * <li>paddr_offset: PADDR_OFFSET; if absent, 0 when notes were scanned, virt_base for the legacy
 * __xen_guest form; forced to 0 for PVH. PADDR_OFFSET without VIRT_BASE is an error for PV.
 * <li>virt_kstart/kend = pstart/pend (lowest p_paddr / highest p_paddr + p_memsz of loadable
 * PT_LOADs) + virt_base - paddr_offset; kend is extended for BSD_SYMTAB.
 * <li>virt_entry: ENTRY, else e_entry; for PVH, PHYS32_ENTRY (else e_entry).
 * </ul>
 */
public final class XenGuestInfo {
    /** HYPERVISOR_VIRT_START / END for 64-bit PV (L4 slots 256..271). */
    public static final long HYPERVISOR_VIRT_START = 0xFFFF_8000_0000_0000L, HYPERVISOR_VIRT_END = 0xFFFF_8800_0000_0000L;
    /** Default HYPERVISOR_COMPAT_VIRT_START for 32-bit PV guests on a 64-bit Xen. */
    public static final long HYPERVISOR_COMPAT_VIRT_START = 0xF580_0000L;
    static final long PAGE_SIZE = 4096;

    private final GuestType type;
    private final XenElfNotes notes;
    private final long virtBase, paddrOffset, virtOffset, virtKstart, virtKend, virtEntry;
    private final String guestTypeString;

    private XenGuestInfo(GuestType type, XenElfNotes notes, long virtBase, long paddrOffset, long virtKstart, long virtKend,
                         long virtEntry, String guestTypeString) {
        this.type = type;
        this.notes = notes;
        this.virtBase = virtBase;
        this.paddrOffset = paddrOffset;
        this.virtOffset = virtBase - paddrOffset;
        this.virtKstart = virtKstart;
        this.virtKend = virtKend;
        this.virtEntry = virtEntry;
        this.guestTypeString = guestTypeString;
    }

    private static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }

    private static boolean ult(long a, long b) {
        return Long.compareUnsigned(a, b) < 0;
    }

    private static boolean ugt(long a, long b) {
        return Long.compareUnsigned(a, b) > 0;
    }

    /**
     * Derives and checks the parameters for booting {@code image} as {@code type} (PV or PVH).
     *
     * @throws XenImageException with the rule Xen would refuse the image by
     */
    public static XenGuestInfo compute(ElfImage image, GuestType type) throws XenImageException {
        if (type == GuestType.HVM) {
            throw new IllegalArgumentException("HVM guests have no Xen boot parameters: see MultibootHeader");
        }
        boolean hvm = type == GuestType.PVH;
        XenElfNotes n = XenElfNotes.read(image, hvm);

        if (hvm && n.physEntry == UNSET32) {
            // Xen finds this last (xc_dom_guest_type); for a porter it is the first thing to know.
            throw new XenImageException(XenImageException.Kind.GUEST_TYPE,
                    "no XEN_ELFNOTE_PHYS32_ENTRY note: this kernel cannot boot as PVH (image not capable of booting inside a HVM container)");
        }
        // elf_xen_note_check
        if (!n.noteRegionScanned() && n.source() != XenElfNotes.Source.LEGACY_XEN_GUEST_SECTION) {
            throw new XenImageException(XenImageException.Kind.NOT_XEN_IMAGE,
                    "Not a Xen-ELF image: no ELF notes or '__xen_guest' section found" + (hvm ? " (and no XEN_ELFNOTE_PHYS32_ENTRY for PVH)" : ""));
        }
        boolean pvhImage = hvm && n.physEntry != UNSET32;
        if (!pvhImage) {
            if (!n.loader().startsWith("generic") && !n.guestOs().startsWith("linux")) {
                throw new XenImageException(XenImageException.Kind.NOT_XEN_IMAGE, "Xen will only load images built for the generic loader or "
                        + "Linux images (not LOADER '" + n.loader() + "' and GUEST_OS '" + n.guestOs() + "') or with PHYS32_ENTRY set"
                        + (n.present() ? "" : ": the image has no Xen notes at all (" + noteSummary(image) + ")"));
            }
            if (!n.xenVersion().startsWith("xen-3.0")) {
                throw new XenImageException(XenImageException.Kind.NOT_XEN_IMAGE,
                        "Xen will only load images built for Xen v3.0 (XEN_VERSION is '" + n.xenVersion() + "', expected 'xen-3.0')");
            }
        }

        // elf_xen_addr_calc_check
        if (n.paddrOffset != UNSET && n.virtBase == UNSET && !hvm) {
            throw new XenImageException(XenImageException.Kind.ADDRESSES, "ELF_PADDR_OFFSET set, VIRT_BASE unset");
        }
        long virtBase = (n.virtBase == UNSET || hvm) ? 0 : n.virtBase;
        long paddrOffset;
        if (n.paddrOffset == UNSET || hvm) {
            paddrOffset = (n.noteRegionScanned() || hvm) ? 0 : virtBase;
        } else {
            paddrOffset = n.paddrOffset;
        }
        long virtOffset = virtBase - paddrOffset;
        long pstart = image.pstart(), pend = image.pend();
        if (pstart == -1L && pend == 0) {
            throw new XenImageException(XenImageException.Kind.ADDRESSES,
                    "the image has no loadable PT_LOAD segment (PT_LOAD with R, W or X set): nothing to load");
        }
        long kstart = pstart + virtOffset;
        long kend = pend + virtOffset;
        long entry;
        String entryFrom;
        if (n.virtEntry == UNSET || hvm) {
            if (pvhImage) {
                entry = n.physEntry;
                entryFrom = "XEN_ELFNOTE_PHYS32_ENTRY";
            } else {
                entry = image.entry();
                entryFrom = "e_entry";
            }
        } else {
            entry = n.virtEntry;
            entryFrom = n.source() == XenElfNotes.Source.LEGACY_XEN_GUEST_SECTION ? "__xen_guest VIRT_ENTRY" : "XEN_ELFNOTE_ENTRY";
        }
        if (n.bsdSymtab()) {
            long symEnd = bsdSymtabEnd(image, pend);
            if (symEnd != 0) {
                kend = symEnd + virtOffset;
            }
        }
        String range = "kernel " + hex(kstart) + "-" + hex(kend) + " (p_paddr " + hex(pstart) + "-" + hex(pend) + " + virt_base " + hex(virtBase)
                + " - paddr_offset " + hex(paddrOffset) + ")";
        if (ugt(kstart, kend)) {
            throw new XenImageException(XenImageException.Kind.ADDRESSES, "ELF start or entries are out of bounds: " + range + " ends before it starts");
        }
        if (ult(entry, kstart) || ugt(entry, kend)) {
            throw new XenImageException(XenImageException.Kind.ADDRESSES, "ELF start or entries are out of bounds: entry " + hex(entry) + " ("
                    + entryFrom + ") is outside the " + range);
        }
        if (ugt(virtBase, kstart)) {
            throw new XenImageException(XenImageException.Kind.ADDRESSES, "ELF start or entries are out of bounds: virt_base " + hex(virtBase)
                    + " is above the kernel start " + hex(kstart) + " (" + range + "): are VIRT_BASE and PADDR_OFFSET consistent with p_paddr?");
        }
        if (n.p2mBase != UNSET && !ult(n.p2mBase, kstart) && ult(n.p2mBase, kend)) {
            throw new XenImageException(XenImageException.Kind.ADDRESSES, "P->M table base is out of bounds: XEN_ELFNOTE_INIT_P2M " + hex(n.p2mBase)
                    + " lies inside the " + range);
        }

        // libxenguest: xc_dom_parse_elf_kernel and the builder
        if ((n.featuresRequired() & (1 << XenFeatures.DOM0)) != 0) {
            throw new XenImageException(XenImageException.Kind.FEATURES, "Kernel does not support unprivileged (DomU) operation (FEATURES requires !dom0)");
        }
        if ((kstart & (PAGE_SIZE - 1)) != 0) {
            throw new XenImageException(XenImageException.Kind.ADDRESSES, "kernel segment start isn't page aligned (" + hex(kstart) + ", " + range + ")");
        }
        String guestType;
        if (hvm) {
            if (!pvhImage) {
                throw new XenImageException(XenImageException.Kind.GUEST_TYPE,
                        "no XEN_ELFNOTE_PHYS32_ENTRY note: this kernel cannot boot as PVH (image not capable of booting inside a HVM container)");
            }
            guestType = "hvm-3.0-x86_32";
        } else if (image.isX86_64()) {
            guestType = "xen-3.0-x86_64";
            if (ult(kstart, HYPERVISOR_VIRT_END) && ugt(kend, HYPERVISOR_VIRT_START)) {
                throw new XenImageException(XenImageException.Kind.ADDRESSES, "image overlaps with Xen private area: " + range + " intersects "
                        + hex(HYPERVISOR_VIRT_START) + "-" + hex(HYPERVISOR_VIRT_END) + " (L4 slots 256-271 belong to Xen)");
            }
        } else {
            guestType = n.pae() == XenElfNotes.PaeMode.NO ? "xen-3.0-x86_32" : "xen-3.0-x86_32p";
            long limit = HYPERVISOR_COMPAT_VIRT_START;
            if (n.hvStartLow != UNSET) {
                long mask = (1L << 21) - 1;
                limit = Math.max(limit, (n.hvStartLow + mask) & ~mask & 0xffff_ffffL);
            }
            if (ugt(kend, limit)) {
                throw new XenImageException(XenImageException.Kind.ADDRESSES, "image overlaps with Xen private area: " + range
                        + " reaches above HYPERVISOR_COMPAT_VIRT_START " + hex(limit));
            }
        }
        if (!hvm && n.virtHypercall != UNSET) {
            long hc = n.virtHypercall;
            if (ult(hc, kstart) || !ult(hc, kend)) {
                throw new XenImageException(XenImageException.Kind.ADDRESSES, "Invalid HYPERCALL_PAGE field in ELF notes: " + hex(hc)
                        + " is outside the " + range);
            }
            if ((hc & (PAGE_SIZE - 1)) != 0) {
                throw new XenImageException(XenImageException.Kind.ADDRESSES, "Invalid HYPERCALL_PAGE field in ELF notes: " + hex(hc)
                        + " is not page aligned");
            }
        }
        return new XenGuestInfo(type, n, virtBase, paddrOffset, kstart, kend, entry, guestType);
    }

    private static String noteSummary(ElfImage image) {
        int count = image.notes().size();
        return count == 0 ? "no notes" : count + " note(s), none owned by \"Xen\"";
    }

    /** elf_parse_bsdsyms: room after pend for a size word, ELF header, 3 section headers, symtab and strtab. */
    private static long bsdSymtabEnd(ElfImage image, long pend) {
        ElfSection symtab = null;
        for (ElfSection s : image.sections()) {
            if (s.type() == ElfSection.SHT_SYMTAB) {
                symtab = s;
                break;
            }
        }
        if (symtab == null) {
            return 0;
        }
        long round = image.is64BitContainer() ? 8 : 4;
        long start = roundUp(pend, round);
        long sz = 4 + 64 + 3L * (image.is64BitContainer() ? 64 : 40);
        sz = roundUp(sz, round);
        sz = roundUp(sz + symtab.size(), round);
        sz = roundUp(sz + image.sections().get((int) symtab.link()).size(), round);
        return start + sz;
    }

    private static long roundUp(long v, long to) {
        return (v + to - 1) & -to;
    }

    public GuestType guestType() {
        return type;
    }

    /** The raw metadata these parameters came from. */
    public XenElfNotes notes() {
        return notes;
    }

    public long virtBase() {
        return virtBase;
    }

    public long paddrOffset() {
        return paddrOffset;
    }

    /** virt_base - paddr_offset: what to add to a p_paddr to get the virtual address. */
    public long virtOffset() {
        return virtOffset;
    }

    public long virtKstart() {
        return virtKstart;
    }

    public long virtKend() {
        return virtKend;
    }

    /** Entry point: virtual for PV, physical (PHYS32_ENTRY) for PVH. */
    public long virtEntry() {
        return virtEntry;
    }

    /** Hypercall page virtual address (PV), if the image asks for one. */
    public OptionalLong virtHypercall() {
        return type == GuestType.PV ? notes.hypercallPage() : OptionalLong.empty();
    }

    public OptionalLong p2mBase() {
        return notes.initP2m();
    }

    public OptionalLong phys32Entry() {
        return notes.phys32Entry();
    }

    public int featuresSupported() {
        return notes.featuresSupported();
    }

    public int featuresRequired() {
        return notes.featuresRequired();
    }

    /** libxenguest's guest type string: xen-3.0-x86_64, xen-3.0-x86_32p, xen-3.0-x86_32 or hvm-3.0-x86_32. */
    public String xenGuestType() {
        return guestTypeString;
    }

    @Override
    public String toString() {
        return String.format("%s %s: virt_base %#x paddr_offset %#x kernel %#x-%#x entry %#x%s", type, guestTypeString, virtBase, paddrOffset,
                virtKstart, virtKend, virtEntry, virtHypercall().isPresent() ? String.format(" hypercall page %#x", virtHypercall().getAsLong()) : "");
    }
}
