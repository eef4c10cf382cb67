package io.xenscope.boot.elf;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which guest types an image can boot as, and why not when it cannot: PV (Xen's PV rules, see
 * {@link XenGuestInfo}), PVH (XEN_ELFNOTE_PHYS32_ENTRY and the PVH rules) and HVM (a Multiboot
 * header, which XenScope's HVM firmware loads; or, for a file that is not ELF, a raw boot disk
 * whose sector 0 ends with the boot signature 0x55 0xAA). {@link #detect()} picks the guest type an
 * image boots as when none is asked for.
 */
public final class BootCapabilities {
    /** One guest type's answer: bootable with its parameters, or not with the reason. */
    public record Verdict(GuestType type, boolean bootable, String reason, XenGuestInfo xen, MultibootHeader multiboot,
                          boolean bootSector) {
        public Verdict(GuestType type, boolean bootable, String reason, XenGuestInfo xen, MultibootHeader multiboot) {
            this(type, bootable, reason, xen, multiboot, false);
        }
    }

    private ElfImage elf;

    private final Map<GuestType, Verdict> verdicts;

    private BootCapabilities(Map<GuestType, Verdict> verdicts) {
        this.verdicts = verdicts;
    }

    /** Evaluates all three guest types; never throws for any image that parsed. */
    public static BootCapabilities of(ElfImage image) {
        Map<GuestType, Verdict> m = new EnumMap<>(GuestType.class);
        for (GuestType t : new GuestType[] {GuestType.PV, GuestType.PVH}) {
            try {
                m.put(t, new Verdict(t, true, null, XenGuestInfo.compute(image, t), null));
            } catch (XenImageException e) {
                m.put(t, new Verdict(t, false, e.getMessage(), null, null));
            }
        }
        MultibootHeader.Search s = MultibootHeader.find(image.bytes());
        Optional<MultibootHeader> h = s.header();
        m.put(GuestType.HVM, h.isPresent() ? new Verdict(GuestType.HVM, true, null, null, h.get())
                : new Verdict(GuestType.HVM, false, s.problem() + ": this kernel cannot boot as HVM", null, null));
        BootCapabilities caps = new BootCapabilities(m);
        caps.elf = image;
        return caps;
    }

    /** The ELF header's first bytes. */
    public static boolean isElf(byte[] file) {
        return file.length >= 4 && file[0] == 0x7f && file[1] == 'E' && file[2] == 'L' && file[3] == 'F';
    }

    /**
     * Evaluates any file: an ELF image as {@link #of(ElfImage)}, anything else as a raw HVM image
     * (a Multiboot header with load addresses, else a boot sector).
     *
     * @throws ElfFormatException when the file starts like an ELF image but is malformed
     */
    public static BootCapabilities of(byte[] file) throws ElfFormatException {
        if (isElf(file)) {
            return of(ElfImage.parse(file));
        }
        Map<GuestType, Verdict> m = new EnumMap<>(GuestType.class);
        m.put(GuestType.PV, new Verdict(GuestType.PV, false,
                "not an ELF image: a PV kernel is an ELF image with Xen notes", null, null));
        m.put(GuestType.PVH, new Verdict(GuestType.PVH, false,
                "not an ELF image: a PVH kernel is an ELF image with a XEN_ELFNOTE_PHYS32_ENTRY note", null, null));
        MultibootHeader.Search s = MultibootHeader.find(Bytes.of(file));
        if (s.header().isPresent() && s.header().get().hasAddresses()) {
            m.put(GuestType.HVM, new Verdict(GuestType.HVM, true, null, null, s.header().get(), false));
        } else if (file.length >= 512 && (file[510] & 0xff) == 0x55 && (file[511] & 0xff) == 0xaa) {
            m.put(GuestType.HVM, new Verdict(GuestType.HVM, true, null, null, null, true));
        } else {
            String why = s.header().isPresent()
                    ? "its multiboot header has no load addresses (flag 16, the a.out kludge), which a file that is not ELF needs"
                    : s.problem();
            m.put(GuestType.HVM, new Verdict(GuestType.HVM, false, String.format(
                    "not an ELF image, and not bootable as HVM: %s, and no boot signature 0x55 0xAA at offset 510%s",
                    why, file.length < 512 ? " (the file is shorter than one sector)" : ""), null, null));
        }
        return new BootCapabilities(m);
    }

    /** The parsed ELF image (null for a raw image). */
    public ElfImage elf() {
        return elf;
    }

    /**
     * The guest type the image boots as when none is asked for: PVH when it has a
     * XEN_ELFNOTE_PHYS32_ENTRY note, else PV when it has PV notes, else HVM (a Multiboot header, or
     * a raw boot sector); empty when it can boot as none.
     */
    public Optional<GuestType> detect() {
        for (GuestType t : new GuestType[] {GuestType.PVH, GuestType.PV, GuestType.HVM}) {
            if (canBoot(t)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** Why the image cannot boot as any guest type, one reason per type. */
    public String reasons() {
        StringBuilder b = new StringBuilder();
        for (Verdict v : verdicts.values()) {
            b.append(b.length() == 0 ? "" : "; ").append(v.type().name().toLowerCase(java.util.Locale.ROOT)).append(": ")
                    .append(v.bootable() ? "yes" : v.reason());
        }
        return b.toString();
    }

    public Verdict get(GuestType type) {
        return verdicts.get(type);
    }

    public boolean canBoot(GuestType type) {
        return verdicts.get(type).bootable();
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (Verdict v : verdicts.values()) {
            b.append(v.type()).append(": ").append(v.bootable() ? "yes" : "no (" + v.reason() + ")").append('\n');
        }
        return b.toString();
    }
}
