package io.xenscope.gdb;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.Flags;

/**
 * gdb's amd64 register layout (features org.gnu.gdb.i386.core and org.gnu.gdb.i386.sse, as
 * gdb/features/i386/64bit-core.xml and 64bit-sse.xml number them) over a {@link Cpu}: rax rbx rcx
 * rdx rsi rdi rbp rsp r8-r15 rip eflags cs ss ds es fs gs, st0-st7 fctrl fstat ftag fiseg fioff
 * foseg fooff fop, xmm0-15 mxcsr. Values are little-endian hex. x87 registers read as an empty FPU
 * (XenScope's x87 has no arithmetic) and writes to them and to segment selectors are ignored.
 */
public final class RegisterFile {
    public static final int RIP = 16, EFLAGS = 17, CS = 18, ST0 = 24, FCTRL = 32, XMM0 = 40, MXCSR = 56, COUNT = 57;
    /** gdb's order of the 16 GPRs, as indexes into Cpu.gpr (rax rcx rdx rbx rsp rbp rsi rdi ...). */
    private static final int[] GPR = {0, 3, 1, 2, 6, 7, 5, 4, 8, 9, 10, 11, 12, 13, 14, 15};
    private static final String[] GPR_NAMES = {"rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rbp", "rsp", "r8", "r9",
        "r10", "r11", "r12", "r13", "r14", "r15"};
    private static final String[] SEGS = {"cs", "ss", "ds", "es", "fs", "gs"};
    private static final int[] SEG_INDEX = {Cpu.CS, Cpu.SS, Cpu.DS, Cpu.ES, Cpu.FS, Cpu.GS};
    private static final String[] FPU = {"fctrl", "fstat", "ftag", "fiseg", "fioff", "foseg", "fooff", "fop"};

    private RegisterFile() {
    }

    /** Size in bytes of register {@code n}, or -1 if there is no such register. */
    public static int size(int n) {
        if (n < 0 || n >= COUNT) return -1;
        if (n <= RIP) return 8;
        if (n < ST0) return 4;
        if (n < FCTRL) return 10;
        if (n < XMM0) return 4;
        if (n < MXCSR) return 16;
        return 4;
    }

    public static String read(Cpu cpu, int n) {
        StringBuilder sb = new StringBuilder();
        if (n < 16) {
            le(sb, cpu.gpr[GPR[n]], 8);
        } else if (n == RIP) {
            le(sb, cpu.rip, 8);
        } else if (n == EFLAGS) {
            le(sb, Flags.read(cpu), 4);
        } else if (n < ST0) {
            le(sb, cpu.seg[SEG_INDEX[n - CS]].selector, 4);
        } else if (n < FCTRL) {
            le(sb, 0, 8);
            le(sb, 0, 2);
        } else if (n < XMM0) {
            le(sb, n == FCTRL ? 0x37f : n == FCTRL + 2 ? 0xffff : 0, 4);
        } else if (n < MXCSR) {
            le(sb, cpu.xmm[2 * (n - XMM0)], 8);
            le(sb, cpu.xmm[2 * (n - XMM0) + 1], 8);
        } else {
            le(sb, cpu.mxcsr, 4);
        }
        return sb.toString();
    }

    /** Writes register {@code n} from {@code hex} (little-endian, its full size); false if malformed. */
    public static boolean write(Cpu cpu, int n, String hex) {
        int size = size(n);
        if (size < 0 || hex.length() != 2 * size) return false;
        long lo = parseLe(hex, 0, Math.min(size, 8));
        if (lo == Long.MIN_VALUE + 1) return false;
        if (n < 16) {
            cpu.gpr[GPR[n]] = lo;
        } else if (n == RIP) {
            cpu.rip = lo;
        } else if (n == EFLAGS) {
            Flags.write(cpu, lo & 0xffffffffL);
        } else if (n >= XMM0 && n < MXCSR) {
            long hi = parseLe(hex, 8, 8);
            cpu.xmm[2 * (n - XMM0)] = lo;
            cpu.xmm[2 * (n - XMM0) + 1] = hi;
        } else if (n == MXCSR) {
            cpu.mxcsr = (int) lo;
        }
        return true;
    }

    /** The 'g' packet reply: every register in order. */
    public static String readAll(Cpu cpu) {
        StringBuilder sb = new StringBuilder();
        for (int n = 0; n < COUNT; n++) {
            sb.append(read(cpu, n));
        }
        return sb.toString();
    }

    /** The 'G' packet: as many registers as the data covers (gdb may send fewer). */
    public static boolean writeAll(Cpu cpu, String hex) {
        int pos = 0;
        for (int n = 0; n < COUNT && pos < hex.length(); n++) {
            int len = 2 * size(n);
            if (pos + len > hex.length() || !write(cpu, n, hex.substring(pos, pos + len))) {
                return false;
            }
            pos += len;
        }
        return pos == hex.length();
    }

    private static void le(StringBuilder sb, long v, int bytes) {
        for (int i = 0; i < bytes; i++) {
            int b = (int) (v >>> (8 * i)) & 0xff;
            sb.append(Character.forDigit(b >> 4, 16)).append(Character.forDigit(b & 0xf, 16));
        }
    }

    /** Little-endian hex at byte offset {@code from}; Long.MIN_VALUE+1 if malformed. */
    private static long parseLe(String hex, int from, int bytes) {
        long v = 0;
        for (int i = 0; i < bytes; i++) {
            int h = PacketChannel.hex(hex.charAt(2 * (from + i)));
            int l = PacketChannel.hex(hex.charAt(2 * (from + i) + 1));
            if (h < 0 || l < 0) {
                if (hex.charAt(2 * (from + i)) == 'x') continue; // unavailable
                return Long.MIN_VALUE + 1;
            }
            v |= (long) (h << 4 | l) << (8 * i);
        }
        return v;
    }

    /** target.xml: the register description gdb reads with qXfer:features:read. */
    public static String targetXml() {
        StringBuilder x = new StringBuilder();
        x.append("<?xml version=\"1.0\"?>\n<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n<target version=\"1.0\">\n");
        x.append("<architecture>i386:x86-64</architecture>\n<feature name=\"org.gnu.gdb.i386.core\">\n");
        for (int i = 0; i < 16; i++) {
            String type = i == 6 || i == 7 ? "data_ptr" : "int64";
            x.append(reg(GPR_NAMES[i], 64, type, i, null));
        }
        x.append(reg("rip", 64, "code_ptr", RIP, null));
        x.append(reg("eflags", 32, "int32", EFLAGS, null));
        for (int i = 0; i < 6; i++) {
            x.append(reg(SEGS[i], 32, "int32", CS + i, null));
        }
        for (int i = 0; i < 8; i++) {
            x.append(reg("st" + i, 80, "i387_ext", ST0 + i, null));
        }
        for (int i = 0; i < 8; i++) {
            x.append(reg(FPU[i], 32, "int", FCTRL + i, "float"));
        }
        x.append("</feature>\n<feature name=\"org.gnu.gdb.i386.sse\">\n");
        x.append("<vector id=\"v8bf16\" type=\"bfloat16\" count=\"8\"/>\n<vector id=\"v4f\" type=\"ieee_single\" count=\"4\"/>\n")
                .append("<vector id=\"v2d\" type=\"ieee_double\" count=\"2\"/>\n<vector id=\"v16i8\" type=\"int8\" count=\"16\"/>\n")
                .append("<vector id=\"v8i16\" type=\"int16\" count=\"8\"/>\n<vector id=\"v4i32\" type=\"int32\" count=\"4\"/>\n")
                .append("<vector id=\"v2i64\" type=\"int64\" count=\"2\"/>\n<union id=\"vec128\">\n")
                .append("<field name=\"v4_float\" type=\"v4f\"/>\n<field name=\"v2_double\" type=\"v2d\"/>\n")
                .append("<field name=\"v16_int8\" type=\"v16i8\"/>\n<field name=\"v8_int16\" type=\"v8i16\"/>\n")
                .append("<field name=\"v4_int32\" type=\"v4i32\"/>\n<field name=\"v2_int64\" type=\"v2i64\"/>\n")
                .append("<field name=\"uint128\" type=\"uint128\"/>\n</union>\n");
        for (int i = 0; i < 16; i++) {
            x.append(reg("xmm" + i, 128, "vec128", XMM0 + i, "vector"));
        }
        x.append(reg("mxcsr", 32, "int", MXCSR, "vector"));
        x.append("</feature>\n</target>\n");
        return x.toString();
    }

    private static String reg(String name, int bits, String type, int regnum, String group) {
        return "<reg name=\"" + name + "\" bitsize=\"" + bits + "\" type=\"" + type + "\" regnum=\"" + regnum + "\""
                + (group == null ? "" : " group=\"" + group + "\"") + "/>\n";
    }
}
