package io.xenscope.boot.elf;

import java.util.Optional;

/**
 * A Multiboot (version 1) header: magic 0x1BADB002 on a 4-byte boundary within the first 8 KiB of
 * the file, with magic + flags + checksum == 0 (mod 2^32). Bits 0-15 of flags are requirements the
 * loader must meet (0 page-align modules, 1 memory map, 2 video mode; others unknown); bit 16 says
 * the address fields are valid (the "a.out kludge"), bit 2 that the video fields are.
 */
public record MultibootHeader(long fileOffset, long flags, long headerAddr, long loadAddr, long loadEndAddr, long bssEndAddr,
                              long entryAddr, long modeType, long width, long height, long depth) {
    public static final long MAGIC = 0x1BADB002L;
    public static final int SEARCH_LIMIT = 8192;
    public static final long PAGE_ALIGN = 1, MEMORY_INFO = 2, VIDEO_MODE = 4, AOUT_KLUDGE = 0x10000;
    /** Required-feature bits no Multiboot loader knows. */
    public static final long UNKNOWN_REQUIRED = 0xfff8;

    /** Result of looking for a header: the header, or why there is no usable one. */
    public record Search(Optional<MultibootHeader> header, String problem) {
    }

    public boolean hasAddresses() {
        return (flags & AOUT_KLUDGE) != 0;
    }

    public boolean hasVideoMode() {
        return (flags & VIDEO_MODE) != 0;
    }

    /** Looks for a valid header in {@code file}; never throws. */
    public static Search find(Bytes file) {
        int limit = Math.min(SEARCH_LIMIT, file.length());
        String problem = "no multiboot header (magic 0x1BADB002 with a valid checksum) in the first 8 KiB";
        for (int off = 0; off + 12 <= limit; off += 4) {
            if (file.le(off, 4) != MAGIC) {
                continue;
            }
            long flags = file.le(off + 4, 4), checksum = file.le(off + 8, 4);
            if (((MAGIC + flags + checksum) & 0xffff_ffffL) != 0) {
                problem = String.format("multiboot magic at offset %#x has a bad checksum (%#x; magic + flags + checksum must be 0)", off, checksum);
                continue;
            }
            if ((flags & UNKNOWN_REQUIRED) != 0) {
                return new Search(Optional.empty(), String.format("multiboot header at offset %#x requires features no loader knows (flags %#x)",
                        off, flags));
            }
            int need = (flags & VIDEO_MODE) != 0 ? 48 : (flags & AOUT_KLUDGE) != 0 ? 32 : 12;
            if (off + need > file.length()) {
                return new Search(Optional.empty(), String.format("multiboot header at offset %#x is truncated (%d bytes needed)", off, need));
            }
            long[] f = new long[9];
            for (int i = 0; i < 9; i++) {
                f[i] = off + 12 + 4 * i + 4 <= file.length() && 12 + 4 * i < need ? file.le(off + 12 + 4 * i, 4) : 0;
            }
            MultibootHeader h = new MultibootHeader(off, flags, f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8]);
            if (h.hasAddresses()) {
                String bad = h.addressProblem(file.length());
                if (bad != null) {
                    return new Search(Optional.empty(), String.format("multiboot header at offset %#x: %s", off, bad));
                }
            }
            return new Search(Optional.of(h), null);
        }
        if (file.length() >= 8 && findMultiboot2(file)) {
            problem += " (a Multiboot2 header is present: Multiboot2 is not supported)";
        }
        return new Search(Optional.empty(), problem);
    }

    private String addressProblem(long fileLength) {
        if (Long.compareUnsigned(headerAddr, loadAddr) < 0) {
            return String.format("header_addr %#x is below load_addr %#x", headerAddr, loadAddr);
        }
        if (Long.compareUnsigned(headerAddr - loadAddr, fileOffset) > 0) {
            return String.format("header_addr - load_addr (%#x) is beyond the header's file offset %#x", headerAddr - loadAddr, fileOffset);
        }
        if (loadEndAddr != 0 && Long.compareUnsigned(loadEndAddr, loadAddr) <= 0) {
            return String.format("load_end_addr %#x is not above load_addr %#x", loadEndAddr, loadAddr);
        }
        if (bssEndAddr != 0 && loadEndAddr != 0 && Long.compareUnsigned(bssEndAddr, loadEndAddr) < 0) {
            return String.format("bss_end_addr %#x is below load_end_addr %#x", bssEndAddr, loadEndAddr);
        }
        long end = loadEndAddr != 0 ? loadEndAddr : loadAddr + (fileLength - (fileOffset - (headerAddr - loadAddr)));
        long top = bssEndAddr != 0 ? bssEndAddr : end;
        if (Long.compareUnsigned(entryAddr, loadAddr) < 0 || Long.compareUnsigned(entryAddr, top) >= 0) {
            return String.format("entry_addr %#x is outside the loaded image %#x-%#x", entryAddr, loadAddr, top);
        }
        return null;
    }

    private static boolean findMultiboot2(Bytes file) {
        int limit = Math.min(32768, file.length());
        for (int off = 0; off + 16 <= limit; off += 8) {
            if (file.le(off, 4) == 0xE85250D6L) {
                long sum = file.le(off, 4) + file.le(off + 4, 4) + file.le(off + 8, 4) + file.le(off + 12, 4);
                if ((sum & 0xffff_ffffL) == 0) {
                    return true;
                }
            }
        }
        return false;
    }
}
