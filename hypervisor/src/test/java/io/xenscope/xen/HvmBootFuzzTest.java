package io.xenscope.xen;

import static org.junit.jupiter.api.Assertions.fail;

import io.xenscope.boot.elf.ElfFormatException;
import io.xenscope.boot.elf.GuestType;
import io.xenscope.boot.elf.XenImageException;
import io.xenscope.testing.HvmImages;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Garbage through the HVM machine: random boot sectors (random bytes ending 0x55AA), mutations of
 * samples/hvm-realmode's disk image, and Multiboot images with mutated headers (flags, a.out-kludge
 * addresses, checksum) or random code, and boot sectors making BIOS calls with random registers
 * (AH mostly a function the service has, E820 with and without SMAP), each booted by {@link XenMachine#boot} and run for a small
 * budget. Every case must end with a report — a refusal (XenImageException/ElfFormatException), a
 * shutdown (crash with the reason, a triple fault's reboot, poweroff), a hang, or the budget — and
 * never a Java exception or an emulator error. Seeded: a failure names its case. Prints the outcome counts.
 */
class HvmBootFuzzTest {
    private static final int CASES = 2_500;
    private static final long SEED = 0xB105_F022L;
    private static final long BUDGET = 20_000;
    private static final PvBootOptions OPTIONS = PvBootOptions.defaults().withMemory(8L << 20);

    @Test
    void garbageBootImagesAlwaysEndWithAReport() throws Exception {
        byte[] disk = realmodeDisk();
        Map<String, Integer> outcomes = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        for (int c = 0; c < CASES; c++) {
            Random r = new Random(SEED + c);
            int kind = c % 5;
            byte[] image = switch (kind) {
                case 0 -> randomBootSector(r);
                case 1 -> mutate(disk, r, Math.min(disk.length, 4 * 512));
                case 2 -> multibootAout(r);
                case 3 -> multibootElf(r);
                default -> biosCallsWithRandomRegisters(r);
            };
            String kindName = new String[] {"random boot sector", "mutated hvm-realmode.img", "Multiboot a.out kludge",
                    "Multiboot ELF, random code", "BIOS calls, random registers"}[kind];
            try {
                outcomes.merge(kindName + ": " + outcome(image), 1, Integer::sum);
            } catch (Throwable t) {
                outcomes.merge(kindName + ": UNEXPECTED " + t.getClass().getSimpleName(), 1, Integer::sum);
                if (failures.size() < 10) {
                    failures.add("case " + c + " (" + kindName + "): " + t);
                }
            }
        }
        System.out.println("HVM boot fuzz: " + CASES + " cases, budget " + BUDGET + " instructions each");
        outcomes.forEach((k, v) -> System.out.printf("  %-90s %5d%n", k, v));
        if (!failures.isEmpty()) {
            fail(String.join("\n", failures));
        }
    }

    /** How one image's boot and run ended, in a few words (the key the counts are kept under). */
    private static String outcome(byte[] image) {
        XenMachine m;
        try {
            m = XenMachine.boot(image, GuestType.HVM, OPTIONS);
        } catch (XenImageException | ElfFormatException e) {
            return "refused (" + e.getClass().getSimpleName() + ")";
        }
        RunReport r = m.run(BUDGET);
        if (r.outcome() == RunReport.Outcome.EMULATOR_ERROR) {
            throw new AssertionError("emulator error: " + r.detail(), r.emulatorError());
        }
        return switch (r.outcome()) {
            case SHUTDOWN -> "shutdown " + r.shutdownReasonName() + ": " + words(r.hang() != null ? r.hang() : r.detail());
            case BLOCKED_FOREVER -> "blocked forever";
            default -> r.outcome().name().toLowerCase();
        };
    }

    /** The kind of a reason: its text up to the first number, address or colon. */
    private static String words(String detail) {
        if (detail == null) {
            return "";
        }
        String s = detail.split("[:(0-9]", 2)[0].trim();
        return s.length() > 60 ? s.substring(0, 60) : s;
    }

    private static byte[] realmodeDisk() throws Exception {
        SampleGuests.image("hvm-realmode");
        return Files.readAllBytes(SampleGuests.samplesDir().resolve("hvm-realmode/hvm-realmode.img"));
    }

    private static byte[] randomBootSector(Random r) {
        byte[] b = new byte[512 * (1 + r.nextInt(4))];
        r.nextBytes(b);
        b[510] = 0x55;
        b[511] = (byte) 0xaa;
        return b;
    }

    /** 1-16 bit flips or random bytes in the first {@code span} bytes, the boot signature kept. */
    private static byte[] mutate(byte[] seed, Random r, int span) {
        byte[] b = seed.clone();
        for (int i = 1 + r.nextInt(16); i > 0; i--) {
            int at = r.nextInt(span);
            if (at == 510 || at == 511) {
                continue;
            }
            b[at] = r.nextBoolean() ? (byte) (b[at] ^ 1 << r.nextInt(8)) : (byte) r.nextInt(256);
        }
        return b;
    }

    /** A raw Multiboot image with the a.out kludge: header at 0, fields near a valid layout or anywhere. */
    private static byte[] multibootAout(Random r) {
        long load = 0x100000, end = load + 0x2000, bss = end + 0x1000, entry = load + 32;
        long[] f = {load, load, end, bss, entry};
        for (int i = r.nextInt(4); i > 0; i--) {
            int k = r.nextInt(5);
            f[k] = r.nextBoolean() ? r.nextInt() & 0xffffffffL : f[k] + (r.nextInt(0x4000) - 0x2000);
        }
        long flags = 1L << 16 | (r.nextInt(4) == 0 ? r.nextInt() & 0xffffL : 3);
        byte[] header = HvmImages.multibootHeader(flags, f);
        if (r.nextInt(8) == 0) {
            header[8] ^= 1; // a wrong checksum
        }
        byte[] image = new byte[0x2000];
        r.nextBytes(image);
        System.arraycopy(header, 0, image, 0, header.length);
        return image;
    }

    /** An ELF32 Multiboot kernel at 1 MiB whose code is random bytes (faults, triple faults, wild jumps). */
    private static byte[] multibootElf(Random r) {
        byte[] code = new byte[256];
        r.nextBytes(code);
        byte[] seg = HvmImages.concat(HvmImages.multibootHeader(0x3), code);
        long entry = 0x10000c + (r.nextInt(8) == 0 ? r.nextInt(0x1000) : 0);
        return HvmImages.elf(false, 0x100000, 0x100000, seg, seg.length + r.nextInt(0x10000), entry);
    }

    private static final int[] VECTORS = {0x10, 0x11, 0x12, 0x13, 0x15, 0x16, 0x1a};
    private static final int[][] FUNCTIONS = {{0x00, 0x02, 0x03, 0x0e, 0x0f, 0x13}, {0}, {0}, {0x00, 0x01, 0x02, 0x03, 0x08, 0x15,
            0x41, 0x42, 0x43, 0x48}, {0x24, 0x87, 0x88, 0xc0, 0xe8}, {0x01, 0x02}, {0x00, 0x02, 0x04}};

    /**
     * A boot sector making eight BIOS calls, each after loading ES, DS and every general register
     * with random values (AH mostly one of the service's functions; for int 15h AH=E8h, AL 01h or 20h;
     * half the time EDX 'SMAP' for int 15h, DL 0x80 for int 13h), then isa-debug-exit.
     */
    private static byte[] biosCallsWithRandomRegisters(Random r) {
        java.io.ByteArrayOutputStream code = new java.io.ByteArrayOutputStream();
        for (int call = 0; call < 8; call++) {
            int v = r.nextInt(VECTORS.length);
            code.writeBytes(new byte[] {(byte) 0xb8, (byte) r.nextInt(), (byte) r.nextInt(), (byte) 0x8e, (byte) 0xc0}); // mov imm,%ax; mov %ax,%es
            code.writeBytes(new byte[] {(byte) 0xb8, (byte) r.nextInt(), (byte) r.nextInt(), (byte) 0x8e, (byte) 0xd8}); // ... %ds
            long eax = r.nextInt() & 0xffffffffL;
            if (r.nextInt(4) != 0) {
                int ah = FUNCTIONS[v][r.nextInt(FUNCTIONS[v].length)];
                eax = eax & ~0xff00L | (long) ah << 8;
                if (ah == 0xe8) {
                    eax = 0xe800 | (r.nextBoolean() ? 0x20 : 0x01);
                }
            }
            for (int reg : new int[] {3, 1, 2, 6, 7, 5, 0}) { // ebx, ecx, edx, esi, edi, ebp, eax last
                long value = r.nextInt() & 0xffffffffL;
                if (reg == 0) {
                    value = eax;
                } else if (reg == 2 && r.nextBoolean()) {
                    value = VECTORS[v] == 0x15 ? 0x534d4150L : value & ~0xffL | 0x80; // 'SMAP', or DL = the boot disk
                }
                code.writeBytes(new byte[] {0x66, (byte) (0xb8 + reg), (byte) value, (byte) (value >> 8), (byte) (value >> 16),
                        (byte) (value >> 24)});
            }
            code.writeBytes(new byte[] {(byte) 0xcd, (byte) VECTORS[v]});
        }
        code.writeBytes(new byte[] {(byte) 0xb0, 0, (byte) 0xe6, (byte) 0xf4}); // isa-debug-exit
        return HvmImages.bootDisk(code.toByteArray(), new byte[512], new byte[512]);
    }
}
