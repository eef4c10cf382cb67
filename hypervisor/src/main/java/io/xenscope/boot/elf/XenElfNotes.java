package io.xenscope.boot.elf;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The Xen boot metadata of an image, collected exactly as libelf's elf_xen_parse does before its
 * checks: "Xen" notes from PT_NOTE segments (those with a non-zero p_offset); if none, from SHT_NOTE
 * sections; if still none and the guest is PV, the legacy {@code __xen_guest} section string. A
 * later note of the same type overrides an earlier one. Derived addresses and Xen's acceptance
 * rules are in {@link XenGuestInfo}.
 */
public final class XenElfNotes {
    /** libelf's UNSET_ADDR. */
    static final long UNSET = -1L;
    /** libelf's UNSET_ADDR32 (phys_entry is 32 bits: a PHYS32_ENTRY of 0xffffffff reads as unset). */
    static final long UNSET32 = 0xffff_ffffL;

    /** Where the metadata came from. */
    public enum Source { PT_NOTE_SEGMENTS, NOTE_SECTIONS, LEGACY_XEN_GUEST_SECTION, NONE }

    /** PAE capability of a 32-bit kernel (XEN_PAE_NO, XEN_PAE_YES, XEN_PAE_EXTCR3, XEN_PAE_BIMODAL). */
    public enum PaeMode { NO, YES, EXTCR3, BIMODAL }

    Source source = Source.NONE;
    boolean noteRegionScanned;
    String guestInfo;
    final List<ElfNote> xenNotes = new ArrayList<>();
    final Map<XenNoteType, Object> values = new EnumMap<>(XenNoteType.class);
    String loader = "", guestOs = "", guestVersion = "", xenVersion = "", featuresString;
    PaeMode pae = PaeMode.NO;
    boolean bsdSymtab;
    long virtBase = UNSET, virtEntry = UNSET, virtHypercall = UNSET, hvStartLow = UNSET, p2mBase = UNSET, paddrOffset = UNSET;
    long physEntry = UNSET32;
    boolean unmappedInitrd;
    int featuresSupported, featuresRequired;
    final List<String> ignoredFeatures = new ArrayList<>();
    final List<String> warnings = new ArrayList<>();

    private XenElfNotes() {
    }

    /**
     * Collects the metadata. {@code hvm} is libelf's flag (true when building a PVH guest): it
     * disables the {@code __xen_guest} fallback.
     *
     * @throws XenImageException when a FEATURES note requires a feature Xen does not know (libelf
     *     then rejects the image)
     */
    public static XenElfNotes read(ElfImage image, boolean hvm) throws XenImageException {
        XenElfNotes n = new XenElfNotes();
        int found = 0;
        for (ElfImage.NoteRegion r : image.segmentNotes()) {
            n.noteRegionScanned = true;
            found += n.parseRegion(r);
        }
        if (found > 0) {
            n.source = Source.PT_NOTE_SEGMENTS;
        } else {
            for (ElfImage.NoteRegion r : image.sectionNotes()) {
                if (r.index() == 0) {
                    continue; // libelf starts the section scan at 1
                }
                n.noteRegionScanned = true;
                found += n.parseRegion(r);
            }
            if (found > 0) {
                n.source = Source.NOTE_SECTIONS;
            }
        }
        if (found == 0 && !hvm) {
            ElfSection g = image.section("__xen_guest").orElse(null);
            if (g != null) {
                n.noteRegionScanned = false; // libelf invalidates elf_note_start here
                n.source = Source.LEGACY_XEN_GUEST_SECTION;
                n.guestInfo = g.data().cString();
                if (!g.data().hasNul()) {
                    n.warnings.add("__xen_guest is not NUL-terminated within its section (Xen would read on past its end)");
                }
                n.parseGuestInfo(n.guestInfo);
            }
        }
        return n;
    }

    private int parseRegion(ElfImage.NoteRegion r) throws XenImageException {
        int count = 0;
        for (ElfNote note : r.notes()) {
            if (!XenNoteType.OWNER.equals(note.name())) {
                continue;
            }
            parseNote(note);
            count++;
        }
        return count;
    }

    private void parseNote(ElfNote note) throws XenImageException {
        xenNotes.add(note);
        XenNoteType type = XenNoteType.of(note.type());
        if (type == null) {
            warnings.add(String.format("unknown Xen note type %#x at offset %#x (ignored, as Xen does)", note.type(), note.offset()));
            return;
        }
        String str = null;
        long val = 0;
        if (type.isString()) {
            str = note.desc().cString();
            if (!note.desc().hasNul()) {
                warnings.add(type.xenName() + " at offset " + String.format("%#x", note.offset()) + " is not NUL-terminated within its descriptor");
            }
            values.put(type, str);
        } else {
            int sz = note.desc().length();
            if (sz == 1 || sz == 2 || sz == 4 || sz == 8) {
                val = note.desc().le(0, sz);
            } else {
                warnings.add(String.format("%s at offset %#x has a %d-byte descriptor: Xen reads numeric notes of 1, 2, 4 or 8 bytes only, "
                        + "and takes it as 0", type.xenName(), note.offset(), sz));
            }
            values.put(type, val);
        }
        switch (type) {
            case LOADER -> loader = str;
            case GUEST_OS -> guestOs = str;
            case GUEST_VERSION -> guestVersion = str;
            case XEN_VERSION -> xenVersion = str;
            case PAE_MODE -> {
                if (str.equals("yes")) {
                    pae = PaeMode.EXTCR3;
                }
                if (str.contains("bimodal")) {
                    pae = PaeMode.BIMODAL;
                }
            }
            case BSD_SYMTAB -> {
                if (str.equals("yes")) {
                    bsdSymtab = true;
                }
            }
            case VIRT_BASE -> virtBase = val;
            case ENTRY -> virtEntry = val;
            case INIT_P2M -> p2mBase = val;
            case MOD_START_PFN -> unmappedInitrd = val != 0;
            case PADDR_OFFSET -> paddrOffset = val;
            case HYPERCALL_PAGE -> virtHypercall = val;
            case HV_START_LOW -> hvStartLow = val;
            case FEATURES -> {
                featuresString = str;
                XenFeatures.Parsed p = XenFeatures.parse(str);
                featuresSupported |= p.supported();
                featuresRequired |= p.required();
                ignoredFeatures.addAll(p.ignored());
                if (p.unknownRequired() != null) {
                    throw new XenImageException(XenImageException.Kind.FEATURES, String.format(
                            "XEN_ELFNOTE_FEATURES at offset %#x requires feature \"%s\", which Xen does not know (\"%s\"): Xen refuses the image",
                            note.offset(), p.unknownRequired(), str));
                }
            }
            case SUPPORTED_FEATURES -> {
                int sz = note.desc().length();
                if (sz >= 4 && sz % 4 == 0) {
                    featuresSupported |= (int) note.desc().le(0, 4);
                }
            }
            case PHYS32_ENTRY -> physEntry = val & 0xffff_ffffL;
            default -> {
            }
        }
    }

    /** elf_xen_parse_guest_info: KEY=VALUE pairs separated by ',', names up to 31, values up to 127 chars. */
    private void parseGuestInfo(String s) {
        int h = 0, n = s.length();
        while (h < n) {
            StringBuilder name = new StringBuilder(), value = new StringBuilder();
            for (int len = 0;; len++, h++) {
                if (len >= 31 || h >= n) {
                    break;
                }
                char c = s.charAt(h);
                if (c == ',') {
                    h++;
                    break;
                }
                if (c == '=') {
                    h++;
                    for (int vl = 0;; vl++, h++) {
                        if (vl >= 127 || h >= n) {
                            break;
                        }
                        char v = s.charAt(h);
                        if (v == ',') {
                            h++;
                            break;
                        }
                        value.append(v);
                    }
                    break;
                }
                name.append(c);
            }
            String k = name.toString(), v = value.toString();
            switch (k) {
                case "LOADER" -> loader = v;
                case "GUEST_OS" -> guestOs = v;
                case "GUEST_VER" -> guestVersion = v;
                case "XEN_VER" -> xenVersion = v;
                case "PAE" -> {
                    if (v.equals("yes[extended-cr3]")) {
                        pae = PaeMode.EXTCR3;
                    } else if (v.startsWith("yes")) {
                        pae = PaeMode.YES;
                    }
                }
                case "BSD_SYMTAB" -> bsdSymtab = true;
                case "VIRT_BASE" -> virtBase = strtoull(v);
                case "VIRT_ENTRY" -> virtEntry = strtoull(v);
                case "ELF_PADDR_OFFSET" -> paddrOffset = strtoull(v);
                case "HYPERCALL_PAGE" -> virtHypercall = strtoull(v) << 12;
                case "FEATURES" -> {
                    featuresString = v;
                    XenFeatures.Parsed p = XenFeatures.parse(v);
                    featuresSupported |= p.supported();
                    featuresRequired |= p.required();
                    ignoredFeatures.addAll(p.ignored());
                    if (p.unknownRequired() != null) {
                        // libelf stops parsing __xen_guest here but (unlike for notes) does not refuse the image.
                        warnings.add("__xen_guest FEATURES requires unknown feature \"" + p.unknownRequired()
                                + "\": Xen stops reading __xen_guest here and ignores the rest");
                        h = n;
                    }
                }
                default -> {
                }
            }
        }
        if (virtBase != UNSET && virtHypercall != UNSET) {
            virtHypercall += virtBase;
        }
    }

    /** C strtoull(s, NULL, 0): optional whitespace and sign, 0x hex, leading-0 octal, else decimal; saturates. */
    static long strtoull(String s) {
        int i = 0, n = s.length();
        while (i < n && (s.charAt(i) == ' ' || (s.charAt(i) >= '\t' && s.charAt(i) <= '\r'))) {
            i++;
        }
        boolean neg = false;
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            neg = s.charAt(i) == '-';
            i++;
        }
        int base = 10;
        if (i + 1 < n && s.charAt(i) == '0' && (s.charAt(i + 1) == 'x' || s.charAt(i + 1) == 'X')
                && i + 2 < n && Character.digit(s.charAt(i + 2), 16) >= 0) {
            base = 16;
            i += 2;
        } else if (i < n && s.charAt(i) == '0') {
            base = 8;
        }
        long v = 0;
        boolean overflow = false;
        for (; i < n; i++) {
            int d = Character.digit(s.charAt(i), base);
            if (d < 0 || s.charAt(i) > 0x7f) {
                break;
            }
            long hi = Math.multiplyHigh(v, base) + ((v >> 63) & base); // unsigned high word
            long lo = v * base;
            long sum = lo + d;
            if (hi != 0 || Long.compareUnsigned(sum, lo) < 0) {
                overflow = true;
            }
            v = sum;
        }
        if (overflow) {
            return -1L;
        }
        return neg ? -v : v;
    }

    // ---------------------------------------------------------------------------------------------

    public Source source() {
        return source;
    }

    /** True if any Xen metadata was found (notes or __xen_guest). */
    public boolean present() {
        return source != Source.NONE;
    }

    /** libelf's "elf_note_start is valid": some note region was scanned (even without Xen notes). */
    public boolean noteRegionScanned() {
        return noteRegionScanned;
    }

    /** The __xen_guest string, when that was the source. */
    public String legacyGuestInfo() {
        return guestInfo;
    }

    /** The "Xen" notes read, in order. */
    public List<ElfNote> xenNotes() {
        return Collections.unmodifiableList(xenNotes);
    }

    /** Value of a note type as read (String or Long); null when absent. Legacy keys are not here. */
    public Object note(XenNoteType type) {
        return values.get(type);
    }

    public String loader() {
        return loader;
    }

    public String guestOs() {
        return guestOs;
    }

    public String guestVersion() {
        return guestVersion;
    }

    public String xenVersion() {
        return xenVersion;
    }

    public PaeMode pae() {
        return pae;
    }

    public boolean bsdSymtab() {
        return bsdSymtab;
    }

    /** The FEATURES string (note or legacy key) as written, or null. */
    public String featuresString() {
        return featuresString;
    }

    /** Supported XENFEAT bits (submap 0): FEATURES names plus SUPPORTED_FEATURES. */
    public int featuresSupported() {
        return featuresSupported;
    }

    /** Required XENFEAT bits (submap 0): the '!' names. */
    public int featuresRequired() {
        return featuresRequired;
    }

    /** FEATURES names libelf does not know and therefore ignores. */
    public List<String> ignoredFeatures() {
        return Collections.unmodifiableList(ignoredFeatures);
    }

    /** Things a porter should know that Xen silently tolerates. */
    public List<String> warnings() {
        return Collections.unmodifiableList(warnings);
    }

    private static OptionalLong opt(long v) {
        return v == UNSET ? OptionalLong.empty() : OptionalLong.of(v);
    }

    public OptionalLong virtBase() {
        return opt(virtBase);
    }

    public OptionalLong entry() {
        return opt(virtEntry);
    }

    /** Hypercall page virtual address (legacy: page number << 12, plus VIRT_BASE when set). */
    public OptionalLong hypercallPage() {
        return opt(virtHypercall);
    }

    public OptionalLong paddrOffset() {
        return opt(paddrOffset);
    }

    public OptionalLong hvStartLow() {
        return opt(hvStartLow);
    }

    public OptionalLong initP2m() {
        return opt(p2mBase);
    }

    /** XEN_ELFNOTE_PHYS32_ENTRY (32 bits). */
    public OptionalLong phys32Entry() {
        return physEntry == UNSET32 ? OptionalLong.empty() : OptionalLong.of(physEntry);
    }

    /** XEN_ELFNOTE_MOD_START_PFN non-zero: modules are passed unmapped, by pfn. */
    public boolean unmappedInitrd() {
        return unmappedInitrd;
    }
}
