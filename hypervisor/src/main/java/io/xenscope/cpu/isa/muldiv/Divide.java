package io.xenscope.cpu.isa.muldiv;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.exec.Location;
import io.xenscope.cpu.exec.Op;
import io.xenscope.cpu.fault.DivideError;

/**
 * DIV and IDIV (SDM Vol. 2 DIV, IDIV): AX, DX:AX, EDX:EAX or RDX:RAX divided by the operand, quotient
 * into AL/AX/EAX/RAX and remainder into AH/DX/EDX/RDX. #DE when the divisor is 0 or the quotient
 * does not fit (including IDIV of the most negative dividend by -1). The flags are undefined: Intel
 * hardware leaves them unchanged, and so do we.
 */
final class Divide implements Op {
    private final boolean signed;
    private final int width;
    private final Location src;

    Divide(boolean signed, Location src) {
        this.signed = signed;
        this.src = src;
        this.width = src.size() * 8;
    }

    @Override
    public void execute(Cpu c) {
        long d = src.read(c);
        long[] g = c.gpr;
        if ((width == 64 ? d : d & ((1L << width) - 1)) == 0) {
            throw new DivideError("divide by zero");
        }
        switch (width) {
            case 8 -> {
                long n = signed ? (short) g[0] : g[0] & 0xffff;
                long dv = signed ? (byte) d : d & 0xff;
                long q = n / dv, r = n % dv;
                check(signed ? q != (byte) q : q > 0xff);
                g[0] = (g[0] & ~0xffffL) | ((r & 0xff) << 8) | (q & 0xff);
            }
            case 16 -> {
                long n = ((g[2] & 0xffff) << 16) | (g[0] & 0xffff);
                if (signed) {
                    n = (int) n;
                }
                long dv = signed ? (short) d : d & 0xffff;
                long q = n / dv, r = n % dv;
                check(signed ? q != (short) q : q > 0xffff);
                g[0] = (g[0] & ~0xffffL) | (q & 0xffff);
                g[2] = (g[2] & ~0xffffL) | (r & 0xffff);
            }
            case 32 -> {
                long hi = g[2] & 0xffffffffL, lo = g[0] & 0xffffffffL;
                long q, r;
                if (signed) {
                    long n = (hi << 32) | lo;
                    long dv = (int) d;
                    if (n == Long.MIN_VALUE && dv == -1) {
                        throw new DivideError("quotient overflow");
                    }
                    q = n / dv;
                    r = n % dv;
                    check(q != (int) q);
                } else {
                    long n = (hi << 32) | lo;
                    long dv = d & 0xffffffffL;
                    q = Long.divideUnsigned(n, dv);
                    r = Long.remainderUnsigned(n, dv);
                    check((q >>> 32) != 0);
                }
                g[0] = q & 0xffffffffL;
                g[2] = r & 0xffffffffL;
            }
            default -> divide64(g, d);
        }
    }

    private void divide64(long[] g, long d) {
        long hi = g[2], lo = g[0];
        long q, r;
        if (!signed) {
            check(Long.compareUnsigned(hi, d) >= 0);
            q = Wide.divideUnsigned(hi, lo, d);
            r = lo - q * d;
        } else {
            boolean negative = hi < 0;
            long ahi = hi, alo = lo;
            if (negative) { // |dividend| as a 128-bit two's complement negation
                alo = -lo;
                ahi = ~hi + (lo == 0 ? 1 : 0);
            }
            long ad = d < 0 ? -d : d;
            check(Long.compareUnsigned(ahi, ad) >= 0);
            long uq = Wide.divideUnsigned(ahi, alo, ad);
            long ur = alo - uq * ad;
            boolean negativeQuotient = negative != (d < 0);
            // the quotient must fit in a signed 64-bit value: |q| <= 2^63 when negative, < 2^63 otherwise
            check(negativeQuotient ? Long.compareUnsigned(uq, Long.MIN_VALUE) > 0 : uq < 0);
            q = negativeQuotient ? -uq : uq;
            r = negative ? -ur : ur;
        }
        g[0] = q;
        g[2] = r;
    }

    private static void check(boolean overflow) {
        if (overflow) {
            throw new DivideError("quotient overflow");
        }
    }
}
