package io.xenscope.boot.elf;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which guest types an image can boot as, and why not when it cannot: PV (Xen's PV rules, see
 * {@link XenGuestInfo}), PVH (XEN_ELFNOTE_PHYS32_ENTRY and the PVH rules) and HVM (a Multiboot
 * header, which XenScope's HVM firmware loads).
 */
public final class BootCapabilities {
    /** One guest type's answer: bootable with its parameters, or not with the reason. */
    public record Verdict(GuestType type, boolean bootable, String reason, XenGuestInfo xen, MultibootHeader multiboot) {
    }

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
        return new BootCapabilities(m);
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
