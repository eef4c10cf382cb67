package io.xenscope.boot.elf;

import java.util.ArrayList;
import java.util.List;

/**
 * XENFEAT_ bits (xen/include/public/features.h) and the FEATURES string syntax: names separated by
 * '|', a leading '!' marking a required feature. Only the names libelf's table knows
 * (elf_xen_feature_names in libelf-dominfo.c) are recognised: other supported names are ignored,
 * and an unknown required name makes Xen refuse the image.
 */
public final class XenFeatures {
    public static final int WRITABLE_PAGE_TABLES = 0, WRITABLE_DESCRIPTOR_TABLES = 1, AUTO_TRANSLATED_PHYSMAP = 2,
            SUPERVISOR_MODE_KERNEL = 3, PAE_PGDIR_ABOVE_4GB = 4, MMU_PT_UPDATE_PRESERVE_AD = 5, HIGHMEM_ASSIST = 6,
            GNTTAB_MAP_AVAIL_BITS = 7, HVM_CALLBACK_VECTOR = 8, HVM_SAFE_PVCLOCK = 9, HVM_PIRQS = 10, DOM0 = 11;

    private static final String[] LIBELF_NAMES = new String[12];

    static {
        LIBELF_NAMES[WRITABLE_PAGE_TABLES] = "writable_page_tables";
        LIBELF_NAMES[WRITABLE_DESCRIPTOR_TABLES] = "writable_descriptor_tables";
        LIBELF_NAMES[AUTO_TRANSLATED_PHYSMAP] = "auto_translated_physmap";
        LIBELF_NAMES[SUPERVISOR_MODE_KERNEL] = "supervisor_mode_kernel";
        LIBELF_NAMES[PAE_PGDIR_ABOVE_4GB] = "pae_pgdir_above_4gb";
        LIBELF_NAMES[HVM_CALLBACK_VECTOR] = "hvm_callback_vector";
        LIBELF_NAMES[DOM0] = "dom0";
    }

    private XenFeatures() {
    }

    /** The libelf name of bit {@code bit}, or null if libelf does not know it. */
    public static String name(int bit) {
        return bit >= 0 && bit < LIBELF_NAMES.length ? LIBELF_NAMES[bit] : null;
    }

    /** Names of the set bits of a submap-0 bitmap (bit numbers for unnamed ones). */
    public static List<String> names(int bitmap) {
        List<String> l = new ArrayList<>();
        for (int b = 0; b < 32; b++) {
            if ((bitmap & (1 << b)) != 0) {
                l.add(name(b) != null ? name(b) : "bit" + b);
            }
        }
        return l;
    }

    /** Result of parsing a FEATURES string. {@code failed} names the unknown required feature. */
    public record Parsed(int supported, int required, List<String> ignored, String unknownRequired) {
    }

    /**
     * elf_xen_parse_features: splits at '|' (and every 63 characters, as libelf's 64-byte buffer
     * does), sets supported bits, required bits for '!' names, and stops at the first unknown
     * required name.
     */
    public static Parsed parse(String features) {
        int supported = 0, required = 0;
        List<String> ignored = new ArrayList<>();
        int pos = 0, n = features.length();
        while (pos < n) {
            StringBuilder f = new StringBuilder();
            int len = 0;
            for (;; len++) {
                if (len >= 63 || pos + len >= n) {
                    break;
                }
                char c = features.charAt(pos + len);
                if (c == '|') {
                    len++;
                    break;
                }
                f.append(c);
            }
            pos += len;
            String feature = f.toString();
            boolean req = feature.startsWith("!");
            String bare = req ? feature.substring(1) : feature;
            int bit = -1;
            for (int i = 0; i < LIBELF_NAMES.length; i++) {
                if (LIBELF_NAMES[i] != null && LIBELF_NAMES[i].equals(bare)) {
                    bit = i;
                    break;
                }
            }
            if (bit >= 0) {
                supported |= 1 << bit;
                if (req) {
                    required |= 1 << bit;
                }
            } else if (req) {
                return new Parsed(supported, required, ignored, bare);
            } else if (!feature.isEmpty()) {
                ignored.add(feature);
            }
            if (len == 0) {
                break; // cannot happen (n > pos), kept as a guard against looping
            }
        }
        return new Parsed(supported, required, List.copyOf(ignored), null);
    }
}
