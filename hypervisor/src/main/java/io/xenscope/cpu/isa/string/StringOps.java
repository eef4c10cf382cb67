package io.xenscope.cpu.isa.string;

import io.xenscope.cpu.Cpu;
import io.xenscope.cpu.Flags;
import io.xenscope.cpu.exec.Op;

/**
 * MOVS, STOS, LODS, SCAS and CMPS (SDM Vol. 2), each with its repeat prefix (see {@link Repeat}).
 * One element: read, write, then advance rSI/rDI by ±size (DF). A repeated instruction checks rCX
 * before each element and decrements it after; REPE/REPNE also stop on ZF. A fault in the middle
 * leaves the registers at the completed iterations and RIP on the instruction, so it restarts.
 * These ops end their block (they may leave RIP on themselves).
 */
final class StringOps {
    private StringOps() {
    }

    /** Runs a repeated instruction: {@code element} does one iteration, returns false to stop early. */
    interface Element {
        /** Performs up to {@code max} (≥ 1) iterations; returns how many, or -1 after one that ends a REPE/REPNE. */
        long run(Cpu c, long max);
    }

    /** One execution of a string instruction: a single element, or a bounded run of its REP form. */
    static void execute(Cpu c, Shape s, int rep, Element e) {
        if (rep == Repeat.NONE) {
            e.run(c, 1);
            c.rip = s.next();
        } else {
            repeat(c, s, e);
        }
    }

    static void repeat(Cpu c, Shape s, Element e) {
        long count = s.count(c);
        // single-stepping traps after each iteration (SDM Vol. 2 REP; Vol. 3 §17.3.1.4)
        long budget = (c.rflags & Flags.TF) != 0 ? 1 : Repeat.MAX_ELEMENTS;
        while (count != 0) {
            if (budget == 0) {
                c.rip = s.self();
                return;
            }
            long n = e.run(c, Math.min(count, budget));
            if (n < 0) {
                count--;
                break;
            }
            count -= n;
            budget -= n;
            s.setCount(c, count);
            if (c.mmu.watchHit() != null) {
                budget = 0; // a data breakpoint is reported after the iteration that hit (SDM Vol. 3 §17.3.1.2)
            }
        }
        // rCX is written even when no iteration ran: with a 32-bit address size in 64-bit mode that
        // zero-extends RCX (as the host CPU does)
        s.setCount(c, count);
        c.rip = s.next();
    }

    record Movs(Shape s, int rep) implements Op, Element {
        @Override
        public void execute(Cpu c) {
            StringOps.execute(c, s, rep, this);
        }

        @Override
        public long run(Cpu c, long max) {
            if (max > 1) {
                long n = BulkMemory.movs(c, s, max);
                if (n > 0) {
                    return n;
                }
            }
            long v = c.mmu.read(s.source(c), s.size());
            c.mmu.write(s.destination(c, true), s.size(), v);
            long d = s.delta(c);
            s.advanceSi(c, d);
            s.advanceDi(c, d);
            return 1;
        }
    }

    record Stos(Shape s, int rep) implements Op, Element {
        @Override
        public void execute(Cpu c) {
            StringOps.execute(c, s, rep, this);
        }

        @Override
        public long run(Cpu c, long max) {
            long v = c.readGpr(0, s.size(), false);
            if (max > 1) {
                long n = BulkMemory.stos(c, s, max, v);
                if (n > 0) {
                    return n;
                }
            }
            c.mmu.write(s.destination(c, true), s.size(), v);
            s.advanceDi(c, s.delta(c));
            return 1;
        }
    }

    record Lods(Shape s, int rep) implements Op, Element {
        @Override
        public void execute(Cpu c) {
            StringOps.execute(c, s, rep, this);
        }

        @Override
        public long run(Cpu c, long max) {
            long v = c.mmu.read(s.source(c), s.size());
            c.writeGpr(0, s.size(), false, v);
            s.advanceSi(c, s.delta(c));
            return 1;
        }
    }

    /** SCAS: compares the accumulator with ES:rDI (flags as CMP accumulator, element). */
    record Scas(Shape s, int rep) implements Op, Element {
        @Override
        public void execute(Cpu c) {
            StringOps.execute(c, s, rep, this);
        }

        @Override
        public long run(Cpu c, long max) {
            long m = c.mmu.read(s.destination(c, false), s.size());
            long a = c.readGpr(0, s.size(), false);
            s.advanceDi(c, s.delta(c));
            Flags.setSub(c, Flags.sizeCode(s.size()), a, m, a - m);
            return stop(rep, a == m) ? -1 : 1;
        }
    }

    /** CMPS: compares seg:rSI with ES:rDI (flags as CMP source, destination). */
    record Cmps(Shape s, int rep) implements Op, Element {
        @Override
        public void execute(Cpu c) {
            StringOps.execute(c, s, rep, this);
        }

        @Override
        public long run(Cpu c, long max) {
            long a = c.mmu.read(s.source(c), s.size());
            long b = c.mmu.read(s.destination(c, false), s.size());
            long d = s.delta(c);
            s.advanceSi(c, d);
            s.advanceDi(c, d);
            Flags.setSub(c, Flags.sizeCode(s.size()), a, b, a - b);
            return stop(rep, a == b) ? -1 : 1;
        }
    }

    /** REPE stops when the elements differ, REPNE when they are equal. */
    static boolean stop(int rep, boolean equal) {
        return rep == Repeat.REPE ? !equal : rep == Repeat.REPNE && equal;
    }
}
