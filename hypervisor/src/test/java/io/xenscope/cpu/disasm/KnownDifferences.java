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
            "umonitor", "umwait", "tpause", "ptwritel", "ptwriteq", "ptwrite", "clui", "stui", "testui", "senduipi", "uiret", "hreset", "serialize",
            "xsusldtrk", "xresldtrk", "pconfig", "wbnoinvd", "mcommit", "rdpru", "clzero", "monitorx", "mwaitx", "invlpgb",
            "tlbsync", "rmpupdate", "rmpquery", "psmash", "pvalidate", "rmpadjust", "vmgexit", "erets", "eretu", "lkgs", "wrmsrns",
            "rdmsrlist", "wrmsrlist", "encls", "vmfunc", "seamcall", "seamops", "seamret", "tdcall", "uwrmsr", "urdmsr",
            "gf2p8affineqb", "gf2p8affineinvqb", "gf2p8mulb", "sha1rnds4", "jmpe", "frstpm", "ud1", "ud0", "salc",
            "extrq", "insertq", "movntss", "movntsd", "getsec", "rsm", "pfcmpeq", "prefetch", "nop", "femms",
            "aesenc128kl", "aesdec128kl", "aesenc256kl", "aesdec256kl", "aesencwide128kl", "aesdecwide128kl",
            "aesencwide256kl", "aesdecwide256kl", "encodekey128", "encodekey256", "loadiwkey", "sha1msg1");

    /** Encodings that were hint NOPs and that newer extensions took over; the hardware we model runs them as NOPs. */
    static final Set<String> HINT_NOP_SPACE = Set.of("bndldx", "bndstx", "bndmk", "bndcl", "bndcu", "bndcn", "bndmov",
            "cldemote", "prefetchit0", "prefetchit1", "rdsspd", "rdsspq", "endbr32", "endbr64", "nop", "prefetch",
            "prefetchw", "prefetchwt1", "prefetchnta", "prefetcht0", "prefetcht1", "prefetcht2", "rdssp", "nopw", "nopl",
            "nopq");

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
                    c -> !c.ours().isValid() && c.theirText().contains("?")),
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
                            && c.ours().opcode() >= 0x118 && c.ours().opcode() <= 0x11F
                            && HINT_NOP_SPACE.contains(firstWord(c.theirText()))
                            && (c.ours().length() == c.theirLength() || c.theirText().contains("(bad)"))),
            new OracleComparison.Known("66 on 64-bit near branches",
                    "in 64-bit mode Intel CPUs ignore 66 on near jmp/call/ret/jcc (SDM Vol. 1 §3.6, 'near branches"
                            + " ... 64-bit operand size'); we follow Intel, objdump follows AMD (16-bit operand, rel16)",
                    c -> c.ours().codeSize() == io.xenscope.cpu.decoder.CodeSize.BITS64
                            && c.ours().has(io.xenscope.cpu.decoder.Instruction.PREFIX_OPSIZE)
                            && (PrefixWords.isNearBranch(c.ours().mnemonic()) || c.ours().mnemonic() == Mnemonic.XBEGIN)),
            new OracleComparison.Known("swapgs outside 64-bit mode",
                    "SWAPGS is #UD outside 64-bit mode (SDM SWAPGS); objdump decodes it in every mode",
                    c -> !c.ours().isValid() && firstWord(c.theirText()).equals("swapgs")),
            new OracleComparison.Known("mfence with ModRM.rm=7",
                    "0F AE F7: every 0F AE /6 register form is MFENCE on the CPUs we model; objdump reserves rm=7",
                    c -> (c.ours().mnemonic() == Mnemonic.MFENCE || c.ours().mnemonic() == Mnemonic.SFENCE
                            || c.ours().mnemonic() == Mnemonic.LFENCE) && c.theirText().contains("(bad)")),
            new OracleComparison.Known("lock mov cr0 (AMD cr8 alias)",
                    "F0 0F 20/22 is AMD's alternative encoding of mov cr8; we decode mov cr0 with LOCK_INVALID (#UD, as on Intel)",
                    c -> c.ours().mnemonic() == Mnemonic.MOV && c.ours().lockInvalid() && c.theirText().contains("cr")),
            new OracleComparison.Known("REX.W on far pointers and x87 environments",
                    "REX.W makes lss/lfs/lgs and far call/jmp load m16:64 (SDM LSS, CALL) and is ignored by x87"
                            + " environment instructions; objdump ignores it for the former and prints it as unused for both",
                    c -> c.ours().has(io.xenscope.cpu.decoder.Instruction.PREFIX_REX_W) && switch (c.ours().mnemonic()) {
                        case LSS, LFS, LGS, CALLF, JMPF, FLDENV, FRSTOR, FNSTENV, FNSAVE -> true;
                        default -> false;
                    }),
            new OracleComparison.Known("fs/gs base instructions outside 64-bit mode",
                    "RDFSBASE/RDGSBASE/WRFSBASE/WRGSBASE are #UD outside 64-bit mode (SDM); objdump decodes them",
                    c -> !c.ours().isValid() && firstWord(c.theirText()).matches("(rd|wr)[fg]sbase")),
            new OracleComparison.Known("66 together with REX.W",
                    "REX.W overrides 66 (SDM Vol. 2 §2.2.1.2); objdump's choice of which of the two to print as"
                            + " unused ('data16', 'rex.W') differs from ours; length and operands agree",
                    c -> c.ours().has(io.xenscope.cpu.decoder.Instruction.PREFIX_REX_W) && c.ours().length() == c.theirLength()
                            && c.hex().startsWith("66 48") && withoutPrefixWords(c.ourText()).equals(withoutPrefixWords(c.theirText()))),
            new OracleComparison.Known("objdump splits REX before fwait",
                    "objdump prints a REX prefix before 9B (fwait) as an instruction of its own; the CPU ignores the REX",
                    c -> c.ours().mnemonic() == Mnemonic.WAIT && Objdump.normalize(c.theirText()).contains("rex")));

    /** AT&T: the same categories (their predicates look at lengths, mnemonics and validity, not operand syntax). */
    static final List<OracleComparison.Known> ATT = INTEL;

    /** Real code adds VEX/EVEX-encoded AVX (glibc's string functions), which the decoder does not decode yet. */
    static final List<OracleComparison.Known> REAL_CODE = realCode();

    private static List<OracleComparison.Known> realCode() {
        List<OracleComparison.Known> l = new java.util.ArrayList<>(INTEL);
        l.add(new OracleComparison.Known("VEX/EVEX not decoded",
                "AVX/AVX2/AVX-512 (VEX C4/C5, EVEX 62 prefixes) decode as BAD for now (see Decoder javadoc)",
                c -> !c.ours().isValid() && isVexOrEvex(c)));
        return List.copyOf(l);
    }

    private static boolean isVexOrEvex(OracleComparison.Case c) {
        return isVexOrEvex(c.ours(), c.bytes(), 0);
    }

    static boolean isVexOrEvex(io.xenscope.cpu.decoder.Instruction insn, byte[] b, int start) {
        int i = start;
        while (i < b.length && io.xenscope.cpu.disasm.RawBytes.isPrefix(b[i] & 0xff, insn.codeSize())) {
            i++;
        }
        return i < b.length && ((b[i] & 0xff) == 0xC4 || (b[i] & 0xff) == 0xC5 || (b[i] & 0xff) == 0x62);
    }

    private static String withoutPrefixWords(String s) {
        return Objdump.normalize(s).replace("data16 ", "").replace("rex.W ", "");
    }

    private static boolean sixteenBitBranch(OracleComparison.Case c) {
        Operand rel = c.ours().operands().stream().filter(o -> o instanceof Operand.Rel).findFirst().orElse(null);
        if (rel == null || c.ours().length() != c.theirLength()) {
            return false;
        }
        String theirs = branchText(c.theirText());
        var m = LAST_HEX.matcher(theirs);
        if (!m.find()) {
            return false;
        }
        long t = Long.parseUnsignedLong(m.group(1), 16) & (rel.size() == 2 ? 0xffff : 0xffffffffL);
        return m.replaceFirst("0x" + Long.toHexString(t)).equals(branchText(c.ourText()));
    }

    private static String branchText(String s) {
        return Objdump.normalize(s).replace("data16 ", "").replace("data32 ", "").replaceFirst("^(call|jmp)[wdl] ", "$1 ");
    }
}
