package io.xenscope.cpu.isa.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenscope.cpu.isa.NativeSimd;
import io.xenscope.cpu.isa.NativeSimd.State;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Each snippet runs on the host CPU and on the emulator from the same states (edge-case floats,
 * random integers, each MXCSR rounding mode, DAZ/FTZ); XMM0..7, MXCSR, RCX, RDX, memory (and the
 * flags, for compares) must match bit for bit.
 */
class SseDifferentialTest {
    private static final String[] SNIPPETS = {
            // integer
            "paddb xmm0, xmm1; paddw xmm2, xmm3; paddd xmm4, xmm5; paddq xmm6, xmm7",
            "psubb xmm0, xmm1; psubw xmm2, xmm3; psubd xmm4, xmm5; psubq xmm6, xmm7",
            "paddsb xmm0, xmm1; paddsw xmm2, xmm3; paddusb xmm4, xmm5; paddusw xmm6, xmm7",
            "psubsb xmm0, xmm1; psubsw xmm2, xmm3; psubusb xmm4, xmm5; psubusw xmm6, xmm7",
            "pmullw xmm0, xmm1; pmulhw xmm2, xmm3; pmulhuw xmm4, xmm5; pmuludq xmm6, xmm7",
            "pmaddwd xmm0, xmm1; psadbw xmm2, xmm3; pavgb xmm4, xmm5; pavgw xmm6, xmm7",
            "pminub xmm0, xmm1; pmaxub xmm2, xmm3; pminsw xmm4, xmm5; pmaxsw xmm6, xmm7",
            "pcmpeqb xmm0, xmm1; pcmpeqw xmm2, xmm3; pcmpeqd xmm4, xmm5; pcmpgtb xmm6, xmm7",
            "pcmpgtw xmm0, xmm1; pcmpgtd xmm2, xmm3; pand xmm4, xmm5; pandn xmm6, xmm7",
            "por xmm0, xmm1; pxor xmm2, xmm3; andnps xmm4, xmm5; orpd xmm6, xmm7",
            "psllw xmm0, 3; pslld xmm1, 17; psllq xmm2, 63; psrlw xmm3, 15; psrld xmm4, 1; psrlq xmm5, 40; psraw xmm6, 9; psrad xmm7, 31",
            "psllw xmm0, 16; psrad xmm1, 40; psrlq xmm2, 64; pslldq xmm3, 5; psrldq xmm4, 11; psrldq xmm5, 16",
            "psllw xmm0, xmm1; psrld xmm2, xmm3; psraw xmm4, xmm5; psllq xmm6, xmm7",
            "punpcklbw xmm0, xmm1; punpcklwd xmm2, xmm3; punpckldq xmm4, xmm5; punpcklqdq xmm6, xmm7",
            "punpckhbw xmm0, xmm1; punpckhwd xmm2, xmm3; punpckhdq xmm4, xmm5; punpckhqdq xmm6, xmm7",
            "packsswb xmm0, xmm1; packssdw xmm2, xmm3; packuswb xmm4, xmm5; unpcklps xmm6, xmm7",
            "pshufd xmm0, xmm1, 0x1b; pshuflw xmm2, xmm3, 0x93; pshufhw xmm4, xmm5, 0x4e; shufps xmm6, xmm7, 0xb1",
            "shufpd xmm0, xmm1, 1; shufpd xmm2, xmm3, 2; unpckhpd xmm4, xmm5; unpcklpd xmm6, xmm7",
            "pshufb xmm0, xmm1; palignr xmm2, xmm3, 5; palignr xmm4, xmm5, 20; palignr xmm6, xmm7, 16",
            "movd ecx, xmm0; movq rdx, xmm1; pextrw ecx, xmm2, 6; pinsrw xmm3, edx, 2; pmovmskb edx, xmm4",
            "movdqa xmm0, [rax]; movdqu xmm1, [rax+3]; movups [rax+17], xmm2; movss xmm3, [rax+4]; movsd [rax+40], xmm4",
            "paddd xmm0, [rax+16]; pshufd xmm1, [rax+32], 0x39; movhps xmm2, [rax+8]; movlps [rax+48], xmm3",
            // floating point
            "addps xmm0, xmm1; subps xmm2, xmm3; mulps xmm4, xmm5; divps xmm6, xmm7",
            "addpd xmm0, xmm1; subpd xmm2, xmm3; mulpd xmm4, xmm5; divpd xmm6, xmm7",
            "addss xmm0, xmm1; subsd xmm2, xmm3; mulss xmm4, xmm5; divsd xmm6, xmm7",
            "minps xmm0, xmm1; maxps xmm2, xmm3; minpd xmm4, xmm5; maxpd xmm6, xmm7",
            "minss xmm0, xmm1; maxsd xmm2, xmm3; sqrtps xmm4, xmm5; sqrtpd xmm6, xmm7",
            "sqrtss xmm0, xmm1; sqrtsd xmm2, xmm3; addss xmm4, [rax]; divsd xmm5, [rax+8]",
            "cmpps xmm0, xmm1, 0; cmpps xmm2, xmm3, 1; cmpps xmm4, xmm5, 2; cmpps xmm6, xmm7, 3",
            "cmppd xmm0, xmm1, 4; cmppd xmm2, xmm3, 5; cmpss xmm4, xmm5, 6; cmpsd xmm6, xmm7, 7",
            "comiss xmm0, xmm1",
            "ucomiss xmm2, xmm3",
            "comisd xmm4, xmm5",
            "ucomisd xmm6, xmm7",
            // conversions
            "cvtsi2ss xmm0, ecx; cvtsi2sd xmm1, rdx; cvtsi2ss xmm2, rdx; cvtsi2sd xmm3, ecx",
            "cvtss2si ecx, xmm4; cvtsd2si rdx, xmm5",
            "cvttss2si rcx, xmm6; cvttsd2si edx, xmm7",
            "cvtss2si rcx, xmm1; cvttsd2si rdx, xmm3",
            "cvtss2sd xmm0, xmm1; cvtsd2ss xmm2, xmm3; cvtps2pd xmm4, xmm5; cvtpd2ps xmm6, xmm7",
            "cvtdq2ps xmm0, xmm1; cvtps2dq xmm2, xmm3; cvttps2dq xmm4, xmm5; cvtdq2pd xmm6, xmm7",
            "cvtpd2dq xmm0, xmm1; cvttpd2dq xmm2, xmm3; cvtsd2ss xmm4, [rax]; cvtss2sd xmm5, [rax+8]",
    };

    private static final int[] F32 = {0, 0x80000000, 0x3f800000, 0xbfc00000, 0x40400000, 0x7fc00000, 0x7fa00000,
            0xffc00001, 0x7f800000, 0xff800000, 0x00000001, 0x807fffff, 0x7f7fffff, 0x3eaaaaab, 0x00800000,
            0x4f000000, 0xcf000000, 0x5f000000, 0xdf000001, 0x3f000000, 0x3fc00000, 0x40200000, 0xc0200000};
    private static final long[] F64 = {0, 0x8000000000000000L, 0x3ff0000000000000L, 0xbff8000000000000L,
            0x7ff8000000000000L, 0x7ff4000000000000L, 0xfff8000000000001L, 0x7ff0000000000000L, 0xfff0000000000000L,
            0x0000000000000001L, 0x800fffffffffffffL, 0x7fefffffffffffffL, 0x3fd5555555555555L, 0x0010000000000000L,
            0x41e0000000000000L, 0xc1e0000000200000L, 0x43e0000000000000L, 0xc3e0000000000000L, 0x3fe0000000000000L,
            0x3ff8000000000000L, 0x4004000000000000L, 0x47efffffe0000000L, 0x3810000000000000L, 0x36a0000000000000L};
    private static final int[] MXCSR = {0x1f80, 0x3f80, 0x5f80, 0x7f80, 0x9fc0, 0x1f80 | 0x3f};

    @TestFactory
    Stream<DynamicTest> snippetsMatchTheHostCpu() {
        // The host CPU is the oracle: without it this must fail, not pass silently.
        assertTrue(NativeSimd.available(), "the SSE differential test needs an x86-64 host with gcc");
        State[] states = states();
        return Stream.of(SNIPPETS).map(s -> DynamicTest.dynamicTest(s, () -> {
            State[] expected = NativeSimd.run(s, states);
            for (int n = 0; n < states.length; n++) {
                final int i = n;
                State e = expected[i];
                State a = NativeSimd.emulate(s, states[i]);
                if (!s.contains("comis")) {
                    e.flags = a.flags = 0;
                }
                assertEquals(e.describe(), a.describe(), () -> "input " + states[i].describe() + "\n differs: " + diff(e, a));
            }
        }));
    }

    private static String diff(State e, State a) {
        String[] x = e.describe().split(" ");
        String[] y = a.describe().split(" ");
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < x.length; i++) {
            if (!x[i].equals(y[i])) {
                b.append("host ").append(x[i]).append(" emulator ").append(y[i]).append("; ");
            }
        }
        return b.toString();
    }

    private static State[] states() {
        Random r = new Random(7);
        List<State> out = new ArrayList<>();
        for (int n = 0; n < 48; n++) {
            State s = new State();
            int kind = n % 3;
            for (int i = 0; i < 16; i++) {
                s.xmm[i] = switch (kind) {
                    case 0 -> r.nextLong();
                    case 1 -> (F32[r.nextInt(F32.length)] & 0xffffffffL) | (long) F32[r.nextInt(F32.length)] << 32;
                    default -> F64[r.nextInt(F64.length)];
                };
            }
            for (int i = 0; i < 8; i++) {
                s.mem[i] = kind == 2 ? F64[r.nextInt(F64.length)]
                        : (F32[r.nextInt(F32.length)] & 0xffffffffL) | (long) F32[r.nextInt(F32.length)] << 32;
            }
            s.rcx = n % 4 == 0 ? r.nextLong() : r.nextInt();
            s.rdx = n % 5 == 0 ? Long.MIN_VALUE + r.nextInt(1000) : r.nextLong() >> r.nextInt(64);
            s.mxcsr = MXCSR[(n / 3) % MXCSR.length];
            out.add(s);
        }
        return out.toArray(new State[0]);
    }
}
