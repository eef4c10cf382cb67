package io.xenscope.cpu;

/** The standard and extended cpuid leaves of {@link CpuModel} (SDM Vol. 2 CPUID, Table 3-8). */
final class CpuidLeaves {
    static final int MAX_BASIC = 0xd, MAX_EXTENDED = 0x80000008;

    // Leaf 1 EDX: fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clfsh mmx fxsr sse sse2
    static final int L1_EDX = 1 | 1 << 1 | 1 << 2 | 1 << 3 | 1 << 4 | 1 << 5 | 1 << 6 | 1 << 7 | 1 << 8 | 1 << 9
            | 1 << 11 | 1 << 12 | 1 << 13 | 1 << 14 | 1 << 15 | 1 << 16 | 1 << 17 | 1 << 19 | 1 << 23 | 1 << 24
            | 1 << 25 | 1 << 26;
    // Leaf 1 ECX: sse3 pclmul? no; ssse3 9, cx16 13, sse4.1 19, sse4.2 20, movbe 22, popcnt 23, xsave 26, hypervisor 31
    static final int L1_ECX = 1 | 1 << 9 | 1 << 13 | 1 << 19 | 1 << 20 | 1 << 22 | 1 << 23 | 1 << 26 | 1 << 31;
    // 0x80000001 EDX: syscall 11, nx 20, pdpe1gb 26, rdtscp 27, lm 29; ECX: lahf_lm 0, abm/lzcnt 5
    static final int E1_EDX = 1 << 11 | 1 << 20 | 1 << 26 | 1 << 27 | 1 << 29;
    static final int E1_ECX = 1 | 1 << 5;

    private CpuidLeaves() {
    }

    static int[] standard(CpuModel model, int leaf, int subleaf) {
        return switch (leaf) {
            case 0 -> new int[] {MAX_BASIC, 0x756e6547, 0x6c65746e, 0x49656e69}; // "GenuineIntel"
            case 1 -> new int[] {model.signature(), 0x00010800, L1_ECX, L1_EDX}; // 1 logical cpu, clflush 64
            case 7 -> new int[] {0, subleaf == 0 ? (1 | 1 << 3 | 1 << 8) : 0, 0, 0}; // fsgsbase bmi1 bmi2
            case 0xd -> subleaf == 0 ? new int[] {0x3, 0x240, 0x240, 0} : new int[] {0, 0, 0, 0};
            case 0x80000000 -> new int[] {MAX_EXTENDED, 0, 0, 0};
            case 0x80000001 -> new int[] {0, 0, E1_ECX, E1_EDX};
            case 0x80000002 -> brand(0);
            case 0x80000003 -> brand(1);
            case 0x80000004 -> brand(2);
            case 0x80000008 -> new int[] {0x3028, 0, 0, 0}; // 40-bit physical, 48-bit linear
            default -> leaf >= 0 && leaf <= MAX_BASIC || leaf < 0 && leaf <= MAX_EXTENDED
                    ? new int[] {0, 0, 0, 0}
                    // Intel: out-of-range leaves return the highest basic leaf's data
                    : standard(model, MAX_BASIC, 0);
        };
    }

    private static int[] brand(int part) {
        byte[] s = String.format("%-48s", "XenScope virtual x86-64 CPU").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        s[47] = 0;
        int[] r = new int[4];
        for (int i = 0; i < 4; i++) {
            int o = part * 16 + i * 4;
            r[i] = (s[o] & 0xff) | (s[o + 1] & 0xff) << 8 | (s[o + 2] & 0xff) << 16 | (s[o + 3] & 0xff) << 24;
        }
        return r;
    }
}
