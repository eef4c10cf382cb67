package io.xenscope.debug.symbols;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

import io.xenscope.boot.elf.ElfImage;
import io.xenscope.boot.elf.ElfSection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Mutated real debugging sections (from the gcc-built kernels, DWARF 4 and 5) must give a clear
 * error or partial results: no unchecked exception (the loaders' defensive catch of
 * RuntimeException counts as a failure here), no hang, and all queries still answer.
 */
class DwarfFuzzTest {
    static final String[] TARGETS = {".debug_line", ".debug_info", ".debug_abbrev", ".eh_frame", ".debug_frame",
        ".debug_rnglists", ".debug_ranges", ".debug_line_str", ".debug_str"};
    static final int CASES_PER_IMAGE = 700;

    @Test
    void mutatedSectionsNeverCrashOrHang() throws Exception {
        List<String> images = List.of("O0dwarf-4-fp", "O2dwarf-5-nofp", "O2dwarf-4-nofp", "O2-debug_frame");
        int[] total = {0};
        int[] withProblems = {0};
        assertTimeoutPreemptively(Duration.ofMinutes(3), () -> {
            for (String name : images) {
                ElfImage image = ElfImage.read(Fixtures.kernel(SymbolTableTest.variant(name)));
                DwarfSections base = DwarfSections.of(image);
                List<ElfSection> code = new ArrayList<>();
                for (ElfSection s : image.sections()) {
                    if ((s.flags() & 4) != 0) {
                        code.add(s);
                    }
                }
                ElfSection text = image.section(".text").orElseThrow();
                Random rnd = new Random(name.hashCode());
                List<String> present = new ArrayList<>();
                for (String t : TARGETS) {
                    if (base.has(t)) {
                        present.add(t);
                    }
                }
                for (int i = 0; i < CASES_PER_IMAGE; i++) {
                    String target = present.get(rnd.nextInt(present.size()));
                    byte[] mutated = mutate(base.get(target), rnd);
                    DwarfSections s = base.copy().put(target, mutated, base.address(target));
                    String what = name + " case " + i + " " + target;
                    try {
                        List<String> problems = new ArrayList<>();
                        SymbolTable st = SymbolTable.load(s, image.symbols(), problems, code);
                        for (String p : st.problems()) {
                            if (p.contains("internal error")) {
                                fail(what + ": " + p);
                            }
                        }
                        if (!st.problems().isEmpty()) {
                            withProblems[0]++;
                        }
                        exercise(st, text, rnd);
                    } catch (Throwable t) {
                        throw new AssertionError(what + ": " + t, t);
                    }
                    total[0]++;
                }
            }
        });
        System.out.printf("[fuzz] %d mutated cases, %d reported problems, none crashed or hung%n", total[0], withProblems[0]);
    }

    static void exercise(SymbolTable st, ElfSection text, Random rnd) throws Exception {
        for (int k = 0; k < 40; k++) {
            long a = text.addr() + rnd.nextInt((int) text.size() + 64) - 32;
            st.lookup(a);
            st.lineTable().lineRange(a);
            try {
                st.callFrameInfo().rowFor(a);
            } catch (DwarfFormatException expected) {
                // a clear error is fine
            }
        }
        st.addressesFor("kern.c", 1 + rnd.nextInt(90));
        st.addressesFor("lib.c", 1 + rnd.nextInt(30));
        for (String f : List.of("kernel_main", "classify", "fib", "checksum", "rotl")) {
            st.addressOf(f);
            st.breakpointAddresses(f);
        }
        for (CallFrameInfo.Fde fde : st.callFrameInfo().fdes()) {
            try {
                CallFrameInfo.table(fde);
            } catch (DwarfFormatException expected) {
                // fine
            }
        }
        // unwind from a random pc with random stack contents
        long[] stack = new long[64];
        for (int i = 0; i < stack.length; i++) {
            stack[i] = rnd.nextBoolean() ? text.addr() + rnd.nextInt((int) text.size()) : 0x9000 + rnd.nextInt(512);
        }
        CallFrameInfo.Memory mem = addr -> {
            long off = addr - 0x9000;
            return off >= 0 && off < 512 && (off & 7) == 0 ? OptionalLong.of(stack[(int) (off / 8)]) : OptionalLong.empty();
        };
        new Unwinder(st, 32).unwind(Registers.of(text.addr() + rnd.nextInt((int) text.size()), 0x9000, 0x9100), mem);
    }

    static byte[] mutate(byte[] in, Random rnd) {
        byte[] b = in.clone();
        switch (rnd.nextInt(7)) {
            case 0 -> { // flip a few bytes
                for (int n = 1 + rnd.nextInt(4); n > 0 && b.length > 0; n--) {
                    b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
                }
            }
            case 1 -> { // truncate
                return Arrays.copyOf(b, b.length == 0 ? 0 : rnd.nextInt(b.length));
            }
            case 2 -> { // corrupt a length / offset field (4 bytes at a random aligned position)
                if (b.length >= 4) {
                    int p = rnd.nextInt(b.length / 4) * 4;
                    int v = rnd.nextBoolean() ? rnd.nextInt() : (rnd.nextBoolean() ? 0xffffffff : rnd.nextInt(64));
                    b[p] = (byte) v;
                    b[p + 1] = (byte) (v >> 8);
                    b[p + 2] = (byte) (v >> 16);
                    b[p + 3] = (byte) (v >> 24);
                }
            }
            case 3 -> { // insert random bytes
                int p = b.length == 0 ? 0 : rnd.nextInt(b.length);
                byte[] ins = new byte[1 + rnd.nextInt(8)];
                rnd.nextBytes(ins);
                byte[] out = new byte[b.length + ins.length];
                System.arraycopy(b, 0, out, 0, p);
                System.arraycopy(ins, 0, out, p, ins.length);
                System.arraycopy(b, p, out, p + ins.length, b.length - p);
                return out;
            }
            case 4 -> { // a run of 0xff (huge LEB128s, DW_EH_PE_omit, reserved lengths)
                if (b.length > 0) {
                    int p = rnd.nextInt(b.length);
                    for (int i = p; i < Math.min(b.length, p + 1 + rnd.nextInt(12)); i++) {
                        b[i] = (byte) 0xff;
                    }
                }
            }
            case 5 -> { // zero a run
                if (b.length > 0) {
                    int p = rnd.nextInt(b.length);
                    Arrays.fill(b, p, Math.min(b.length, p + 1 + rnd.nextInt(16)), (byte) 0);
                }
            }
            default -> { // random garbage of similar size
                rnd.nextBytes(b);
            }
        }
        return b;
    }
}
