package io.xenscope.cpu.disasm;

import io.xenscope.cpu.decoder.Mnemonic;
import io.xenscope.cpu.decoder.Operand;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The documented categories of disagreement with objdump. Each is a deliberate choice of ours or
 * a quirk of objdump; everything else must match exactly.
 */
final class KnownDifferences {
    private KnownDifferences() {
    }

    /** Extensions objdump knows and our decoder deliberately does not (not needed by kernels we run; #UD for us). */
    static final Set<String> NOT_DECODED = Set.of(
            "wrssd", "wrssq", "wrussd", "wrussq", "rdsspd", "rdsspq", "incsspd", "incsspq", "saveprevssp", "rstorssp",
            "setssbsy", "clrssbsy", // CET shadow stacks
            "movdiri", "movdir64b", "enqcmd", "enqcmds", "aadd", "aand", "aor", "axor", "cmpccxadd", // newer stores/atomics
            "montmul", "xsha1", "xsha256", "xstore-rng", "xcrypt-ecb", "xcrypt-cbc", "xcrypt-ctr", "xcrypt-cfb", "xcrypt-ofb", // VIA PadLock
            "umonitor", "umwait", "tpause", "ptwrite", "clui", "stui", "testui", "senduipi", "uiret", "hreset", "serialize",
            "xsusldtrk", "xresldtrk", "pconfig", "wbnoinvd", "mcommit", "rdpru", "clzero", "monitorx", "mwaitx", "invlpgb",
            "tlbsync", "rmpupdate", "psmash", "pvalidate", "rmpadjust", "vmgexit", "erets", "eretu", "lkgs", "wrmsrns",
            "rdmsrlist", "wrmsrlist", "encls", "vmfunc", "seamcall", "seamops", "seamret", "tdcall", "uwrmsr", "urdmsr",
            "gf2p8affineqb", "gf2p8affineinvqb", "gf2p8mulb", "sha1rnds4", "jmpe", "frstpm", "ud1", "ud0", "salc",
            "extrq", "insertq", "movntss", "movntsd", "getsec", "rsm", "pfcmpeq", "prefetch", "nop", "femms",
            "aesenc128kl", "aesdec128kl", "aesenc256kl", "aesdec256kl", "aesencwide128kl", "aesdecwide128kl",
            "aesencwide256kl", "aesdecwide256kl", "encodekey128", "encodekey256", "loadiwkey", "sha1msg1");

    /** Encodings that were hint NOPs and that newer extensions took over; the hardware we model runs them as NOPs. */
    static final Set<String> HINT_NOP_SPACE = Set.of("bndldx", "bndstx", "bndmk", "bndcl", "bndcu", "bndcn", "bndmov",
            "cldemote", "prefetchit0", "prefetchit1", "rdsspd", "rdsspq", "endbr32", "endbr64", "nop", "prefetch",
            "prefetchw", "prefetchwt1", "prefetchnta", "prefetcht0", "prefetcht1", "prefetcht2", "rdssp");

    private static final Pattern TEST_REGISTER = Pattern.compile("\\btr[0-7]\\b");
    private static final Pattern LAST_HEX = Pattern.compile("0x([0-9a-f]+)$");

    static String firstWord(String objdump) {
        String s = Objdump.normalize(objdump);
        String[] words = s.split(" ");
        for (String w : words) {
            if (!isPrefixWord(w)) {
                return w;
            }
        }
        return s;
    }

    private static boolean isPrefixWord(String w) {
        return switch (w) {
            case "lock", "rep", "repz", "repnz", "repe", "repne", "data16", "data32", "addr16", "addr32", "bnd",
                    "notrack", "cs", "ds", "es", "ss", "fs", "gs", "xacquire", "xrelease" -> true;
            default -> w.startsWith("rex");
        };
    }

    static final List<OracleComparison.Known> INTEL = List.of(
            new OracleComparison.Known("invalid for both",
                    "both sides reject the encoding; objdump's '(bad)' consumes and prints a different number of bytes"
                            + " (the length of an invalid encoding is not architectural: it raises #UD)",
                    c -> !c.ours().isValid() && c.theirText().contains("(bad)")),
            new OracleComparison.Known("segment register 6/7",
                    "mov Sw with ModRM.reg 6 or 7 is #UD (SDM MOV); objdump prints the register as '?', we decode BAD",
                    c -> !c.ours().isValid() && (c.theirText().contains(",?") || c.theirText().contains("?,"))),
            new OracleComparison.Known("16-bit branch targets wrap",
                    "with a 16-bit operand size the new IP is truncated to 16 bits (SDM JMP/Jcc/CALL: 'IP <- temp AND"
                            + " 0000FFFFH'); objdump does not truncate and prints data16 on such branches",
                    KnownDifferences::sixteenBitBranch),
            new OracleComparison.Known("test registers",
                    "mov to/from TR3..TR7 (0F 24/26) existed on the 386/486 only: #UD on every CPU we model",
                    c -> !c.ours().isValid() && TEST_REGISTER.matcher(c.theirText()).find()),
            new OracleComparison.Known("extensions not decoded",
                    "instructions of extensions outside our baseline (CET shadow stack, MOVDIRI, RAO-INT, VIA PadLock,"
                            + " WAITPKG, SNP, Key Locker, SSE4a, 3DNow! ...): we decode BAD (#UD)",
                    c -> !c.ours().isValid() && NOT_DECODED.contains(firstWord(c.theirText()))),
            new OracleComparison.Known("hint-NOP space",
                    "0F 18..0F 1F are hint NOPs (SDM NOP); MPX, CLDEMOTE, PREFETCHI, CET took some over. We decode"
                            + " the NOP (or prefetch) a CPU without those extensions executes",
                    c -> (c.ours().mnemonic() == Mnemonic.NOP || c.ours().mnemonic().name().startsWith("PREFETCH"))
                            && HINT_NOP_SPACE.contains(firstWord(c.theirText())) && c.ours().length() == c.theirLength()));

    private static boolean sixteenBitBranch(OracleComparison.Case c) {
        Operand rel = c.ours().operands().stream().filter(o -> o instanceof Operand.Rel).findFirst().orElse(null);
        if (rel == null || rel.size() != 2 || c.ours().length() != c.theirLength()) {
            return false;
        }
        String theirs = Objdump.normalize(c.theirText()).replace("data16 ", "");
        var m = LAST_HEX.matcher(theirs);
        if (!m.find()) {
            return false;
        }
        long t = Long.parseUnsignedLong(m.group(1), 16) & 0xffff;
        return m.replaceFirst("0x" + Long.toHexString(t)).equals(Objdump.normalize(c.ourText()));
    }
}
