package io.xenscope.boot.elf;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Mutated images (bit flips, truncations, header/program-header/section-header/note field
 * corruption, splices; seeded, so every failure is reproducible from its case number) through the
 * parser, the note reader, the PV/PVH rules and the multiboot scan: only ElfFormatException or
 * XenImageException may come out, each case in bounded time and with allocation bounded by the
 * file size.
 */
class ElfFuzzTest {
    private static final int CASES = 12_000;
    private static final long SEED = 0x5EED_E1F0L;

    /** A field of a seed image worth corrupting: file offset and width. */
    private record Field(int offset, int size) {
    }

    private record Seed(String name, byte[] bytes, List<Field> fields) {
    }

    @Test
    void mutatedImagesOnlyEverYieldCheckedErrors() {
        assertTimeoutPreemptively(Duration.ofMinutes(5), this::run);
    }

    private void run() throws Exception {
        List<Seed> seeds = seeds();
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Map<String, Integer> outcomes = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        long worstNanos = 0, worstAlloc = 0;
        int worstAllocCase = -1;
        long start = System.nanoTime();
        for (int c = 0; c < CASES; c++) {
            Random r = new Random(SEED + c);
            Seed seed = seeds.get(r.nextInt(seeds.size()));
            byte[] b = mutate(seed, r);
            long a0 = threads.getCurrentThreadAllocatedBytes();
            long t0 = System.nanoTime();
            try {
                outcomes.merge(exercise(b), 1, Integer::sum);
            } catch (Throwable t) {
                if (failures.size() < 10) {
                    failures.add("case " + c + " (seed image " + seed.name() + ", " + b.length + " bytes): " + t);
                }
                outcomes.merge("UNEXPECTED " + t.getClass().getSimpleName(), 1, Integer::sum);
            }
            long dt = System.nanoTime() - t0;
            long alloc = threads.getCurrentThreadAllocatedBytes() - a0;
            worstNanos = Math.max(worstNanos, dt);
            // what the parse may allocate: a copy of the file, its lists and strings; nothing scaled by a lying field
            long allowed = 64L * b.length + (4 << 20);
            if (alloc > allowed && failures.size() < 10) {
                failures.add("case " + c + " allocated " + alloc + " bytes for a " + b.length + "-byte file");
            }
            if (alloc > worstAlloc) {
                worstAlloc = alloc;
                worstAllocCase = c;
            }
        }
        long totalMs = (System.nanoTime() - start) / 1_000_000;
        System.out.println("ELF fuzz: " + CASES + " cases over " + seeds.size() + " seed images in " + totalMs + " ms; slowest case "
                + worstNanos / 1000 + " us; most allocated " + worstAlloc / 1024 + " KiB (case " + worstAllocCase + ")");
        outcomes.forEach((k, v) -> System.out.printf("  %-40s %6d%n", k, v));
        if (!failures.isEmpty()) {
            fail(String.join("\n", failures));
        }
        int parsed = outcomes.entrySet().stream().filter(e -> !e.getKey().startsWith("rejected")).mapToInt(Map.Entry::getValue).sum();
        assertTrue(parsed > CASES / 10, "mutations too destructive to test the later stages: only " + parsed + " parsed");
    }

    /** Runs every stage; returns the outcome category. */
    private static String exercise(byte[] b) {
        MultibootHeader.find(new Bytes(b, 0, b.length));
        ElfImage img;
        try {
            img = ElfImage.parse(b);
        } catch (ElfFormatException e) {
            if (e.getMessage() == null || e.getMessage().isBlank()) {
                throw new AssertionError("ElfFormatException without a message");
            }
            return "rejected: " + e.kind();
        }
        for (ElfSymbol s : img.symbols()) {
            s.name().length();
        }
        for (ElfSection s : img.sections()) {
            s.data().length();
        }
        try {
            XenElfNotes.read(img, false);
            XenElfNotes.read(img, true);
        } catch (XenImageException e) {
            // fine: a refused required feature
        }
        BootCapabilities caps = BootCapabilities.of(img);
        StringBuilder k = new StringBuilder("parsed, boots as:");
        for (GuestType t : GuestType.values()) {
            BootCapabilities.Verdict v = caps.get(t);
            if (v.bootable()) {
                k.append(' ').append(t);
            } else if (v.reason() == null || v.reason().isBlank()) {
                throw new AssertionError("refusal without a reason for " + t);
            }
        }
        return k.toString().endsWith(":") ? "parsed, boots as nothing" : k.toString();
    }

    // ---- mutations -------------------------------------------------------------------------------

    private static final long[] INTERESTING = {0, 1, 2, 3, 4, 7, 8, 12, 0x7f, 0x80, 0xff, 0x100, 0xfff, 0x1000, 0xffff, 0x10000,
            0x7fff_ffffL, 0x8000_0000L, 0xffff_fffeL, 0xffff_ffffL, 0x1_0000_0000L, Long.MAX_VALUE, Long.MIN_VALUE, -1L, -2L,
            0xffff_8000_0000_0000L, 0xffff_ffff_8000_0000L};

    private static byte[] mutate(Seed seed, Random r) {
        byte[] b = seed.bytes().clone();
        int ops = 1 + r.nextInt(3);
        for (int i = 0; i < ops; i++) {
            switch (r.nextInt(10)) {
                case 0, 1 -> { // bit flips anywhere
                    int flips = 1 + r.nextInt(8);
                    for (int f = 0; f < flips && b.length > 0; f++) {
                        b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
                    }
                }
                case 2 -> { // bit flip inside a structure
                    Field f = seed.fields().get(r.nextInt(seed.fields().size()));
                    if (f.offset() + f.size() <= b.length) {
                        b[f.offset() + r.nextInt(f.size())] ^= (byte) (1 << r.nextInt(8));
                    }
                }
                case 3, 4, 5 -> { // field set to an interesting value
                    Field f = seed.fields().get(r.nextInt(seed.fields().size()));
                    long v = switch (r.nextInt(4)) {
                        case 0 -> b.length + r.nextInt(9) - 4;
                        case 1 -> r.nextLong();
                        default -> INTERESTING[r.nextInt(INTERESTING.length)];
                    };
                    if (f.offset() + f.size() <= b.length) {
                        ElfBuilder.putLE(b, f.offset(), f.size(), v);
                    }
                }
                case 6 -> { // field nudged
                    Field f = seed.fields().get(r.nextInt(seed.fields().size()));
                    if (f.offset() + f.size() <= b.length) {
                        long v = ElfImageMalformedTest.le(b, f.offset(), f.size()) + r.nextInt(33) - 16;
                        ElfBuilder.putLE(b, f.offset(), f.size(), v);
                    }
                }
                case 7 -> b = Arrays.copyOf(b, b.length == 0 ? 0 : r.nextInt(b.length)); // truncation
                case 8 -> { // splice a chunk elsewhere
                    if (b.length > 16) {
                        int len = 1 + r.nextInt(Math.min(64, b.length / 2));
                        int from = r.nextInt(b.length - len), to = r.nextInt(b.length - len);
                        System.arraycopy(b, from, b, to, len);
                    }
                }
                default -> { // random bytes over a structure
                    Field f = seed.fields().get(r.nextInt(seed.fields().size()));
                    for (int k = 0; k < f.size() && f.offset() + k < b.length; k++) {
                        b[f.offset() + k] = (byte) r.nextInt(256);
                    }
                }
            }
        }
        return b;
    }

    private static List<Seed> seeds() throws Exception {
        List<Seed> seeds = new ArrayList<>();
        String[] names = {"highHalf64", "low64", "low64InElf32", "i386Pae", "sectionNotesOnly", "legacyXenGuest", "multiboot"};
        List<byte[]> real = TestImages.all();
        for (int i = 0; i < real.size(); i++) {
            seeds.add(seed(names[i], real.get(i)));
        }
        byte[] crafted = ElfBuilder.xenKernel(0x1000, 0x1000, ElfBuilder.genericPv(), ElfBuilder.xen(XenNoteType.PHYS32_ENTRY, 0x1000),
                        ElfBuilder.xen(XenNoteType.FEATURES, "writable_page_tables|!pae_pgdir_above_4gb"))
                .section(".strtab", ElfSection.SHT_STRTAB, new byte[] {0, 'a', 0, 'b', 0})
                .section(".symtab", ElfSection.SHT_SYMTAB, new byte[72], 1, 24)
                .section("__xen_guest", ElfSection.SHT_PROGBITS, ElfBuilder.str("GUEST_OS=linux,XEN_VER=xen-3.0,VIRT_BASE=0,HYPERCALL_PAGE=1"))
                .build();
        seeds.add(seed("crafted64", crafted));
        return seeds;
    }

    /** The seed and the offsets of its header, program header, section header and note header fields. */
    private static Seed seed(String name, byte[] b) throws Exception {
        ElfImage img = ElfImage.parse(b);
        boolean is64 = img.is64BitContainer();
        List<Field> fields = new ArrayList<>();
        int w = is64 ? 8 : 4;
        int[][] ehdr = is64
                ? new int[][] {{4, 1}, {5, 1}, {16, 2}, {18, 2}, {24, 8}, {32, 8}, {40, 8}, {48, 4}, {52, 2}, {54, 2}, {56, 2}, {58, 2}, {60, 2}, {62, 2}}
                : new int[][] {{4, 1}, {5, 1}, {16, 2}, {18, 2}, {24, 4}, {28, 4}, {32, 4}, {36, 4}, {40, 2}, {42, 2}, {44, 2}, {46, 2}, {48, 2}, {50, 2}};
        for (int[] f : ehdr) {
            fields.add(new Field(f[0], f[1]));
        }
        long phoff = ElfImageMalformedTest.le(b, 24 + w, w), shoff = ElfImageMalformedTest.le(b, 24 + 2 * w, w);
        for (int i = 0; i < img.segments().size(); i++) {
            int h = (int) phoff + i * (is64 ? 56 : 32);
            fields.add(new Field(h, 4));
            for (int k = 0; k < 7; k++) {
                fields.add(is64 ? new Field(h + 8 + 8 * k, 8) : new Field(h + 4 + 4 * k, 4));
            }
        }
        for (int i = 0; i < img.sections().size(); i++) {
            int h = (int) shoff + i * (is64 ? 64 : 40);
            fields.add(new Field(h, 4));
            fields.add(new Field(h + 4, 4));
            for (int k = 0; k < 4; k++) {
                fields.add(new Field(h + 8 + k * w, w)); // flags, addr, offset, size
            }
            fields.add(new Field(h + 8 + 4 * w, 4)); // link
            fields.add(new Field(h + 8 + 4 * w + 8, w)); // addralign
            fields.add(new Field(h + 8 + 5 * w + 8, w)); // entsize
        }
        for (ElfNote n : img.notes()) {
            for (int k = 0; k < 3; k++) {
                fields.add(new Field((int) n.offset() + 4 * k, 4));
            }
            fields.add(new Field((int) n.offset() + 12, 4)); // name bytes
        }
        for (ElfSymbol s : img.symbols().subList(0, Math.min(4, img.symbols().size()))) {
            s.name(); // symbol entries are covered by the section fields and random flips
        }
        return new Seed(name, b, fields);
    }
}
