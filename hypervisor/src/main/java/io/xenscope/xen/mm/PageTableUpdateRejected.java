package io.xenscope.xen.mm;

import java.util.List;
import java.util.OptionalLong;

/**
 * Why Xen refused a PV guest's page-table update (or MMU-extension operation): the error code real
 * Xen returns to the guest, the rule broken, and the entry involved.
 *
 * @param hypercall       the hypercall and sub-operation, e.g. {@code mmu_update},
 *                        {@code mmuext_op(MMUEXT_PIN_L4_TABLE)}, {@code update_va_mapping}
 * @param errno           what the guest sees (negative)
 * @param rule            the rule broken
 * @param detail          the specific finding, naming the values
 * @param pteAddress      machine address of the offending entry, or -1 when no entry is involved
 * @param level           page-table level of that entry (1..4), 0 when none
 * @param oldValue        the entry's value before the request (0 when none)
 * @param newValue        the value the request (or the table being validated) asked for
 * @param tableFrameType  type of the frame holding the entry (null when none)
 * @param referencedMfn   the frame the entry or operation references, -1 when none
 * @param referencedType  that frame's type at the time of the refusal (null when none)
 * @param validationPath  the chain of entries being validated down to the offending one, outermost
 *                        first (empty for a direct update)
 * @param guestRip        the guest RIP of the hypercall, filled by the caller
 */
public record PageTableUpdateRejected(
        String hypercall,
        int errno,
        PvMmuRule rule,
        String detail,
        long pteAddress,
        int level,
        long oldValue,
        long newValue,
        FrameType tableFrameType,
        long referencedMfn,
        FrameType referencedType,
        List<String> validationPath,
        OptionalLong guestRip) {

    public PageTableUpdateRejected {
        validationPath = List.copyOf(validationPath);
    }

    public PageTableUpdateRejected withHypercall(String name) {
        return new PageTableUpdateRejected(name, errno, rule, detail, pteAddress, level, oldValue, newValue,
                tableFrameType, referencedMfn, referencedType, validationPath, guestRip);
    }

    public PageTableUpdateRejected withErrno(int rc) {
        return new PageTableUpdateRejected(hypercall, rc, rule, detail, pteAddress, level, oldValue, newValue,
                tableFrameType, referencedMfn, referencedType, validationPath, guestRip);
    }

    /** The caller fills the guest RIP it trapped at. */
    public PageTableUpdateRejected withGuestRip(long rip) {
        return new PageTableUpdateRejected(hypercall, errno, rule, detail, pteAddress, level, oldValue, newValue,
                tableFrameType, referencedMfn, referencedType, validationPath, OptionalLong.of(rip));
    }

    /** The refusal in words a porter understands. */
    public String explanation() {
        StringBuilder sb = new StringBuilder();
        sb.append(hypercall).append(" failed with -").append(Errno.name(errno)).append(": ").append(detail);
        if (!validationPath.isEmpty()) {
            sb.append(" [while validating ").append(String.join(" -> ", validationPath)).append(']');
        }
        sb.append(" (Xen: ").append(rule.xenSource()).append(')');
        guestRip.ifPresent(rip -> sb.append(" at guest RIP ").append(Pte.hex(rip)));
        return sb.toString();
    }
}
