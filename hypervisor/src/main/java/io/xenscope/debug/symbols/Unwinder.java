package io.xenscope.debug.symbols;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Produces a call stack: call frame information where an FDE covers the pc, the frame-pointer chain
 * (saved rbp at [rbp], return address at [rbp+8]) otherwise. Stops at the outermost frame (return
 * address undefined or 0), at a frame limit, or when the stack pointer does not grow (a loop).
 */
public final class Unwinder {
    /** How a frame's caller was found. */
    public enum Method { CFI, FRAME_POINTER }

    /**
     * One frame. {@code pc} is the frame's pc (for callers: the return address); function and line are
     * looked up at pc-1 for callers, so a call at the end of a function maps to that function.
     */
    public record Frame(int level, long pc, long sp, String function, long offset, String file, int line,
                        Method callerFoundBy, String note) {
        @Override
        public String toString() {
            return String.format("#%d 0x%x in %s%s", level, pc, function == null ? "??" : function,
                    file == null ? "" : " at " + file + ":" + line);
        }
    }

    /** The frames and why unwinding stopped. */
    public record Backtrace(List<Frame> frames, String stopReason) {
    }

    private final SymbolTable symbols;
    private final int maxFrames;

    public Unwinder(SymbolTable symbols, int maxFrames) {
        this.symbols = symbols;
        this.maxFrames = Math.max(1, maxFrames);
    }

    public Backtrace unwind(Registers start, CallFrameInfo.Memory memory) {
        List<Frame> frames = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        Registers regs = start;
        String stop;
        boolean calleeIsSignalFrame = false;
        while (true) {
            int level = frames.size();
            long pc = regs.pc();
            // a caller's pc is a return address: look up the call instruction (pc-1), unless the callee
            // was a signal/interrupt frame (augmentation "S"), whose saved pc is the interrupted instruction
            long lookupPc = level == 0 || calleeIsSignalFrame ? pc : pc - 1;
            Optional<SymbolTable.Symbolized> sym = symbols.lookup(lookupPc);
            String fn = sym.map(SymbolTable.Symbolized::function).orElse(null);
            long off = sym.isPresent() && fn != null ? pc - (lookupPc - sym.get().offset()) : 0;
            String file = sym.map(SymbolTable.Symbolized::file).orElse(null);
            int line = sym.map(SymbolTable.Symbolized::line).orElse(0);
            Method method;
            Registers caller;
            String failure = null;
            CallFrameInfo.FrameRow row = null;
            try {
                row = symbols.callFrameInfo().rowFor(lookupPc);
            } catch (DwarfFormatException e) {
                failure = "CFI at 0x" + Long.toHexString(pc) + ": " + e.getMessage();
            }
            if (row != null) {
                method = Method.CFI;
                try {
                    caller = CallFrameInfo.step(row, regs, memory);
                } catch (CallFrameInfo.UnwindException e) {
                    failure = e.getMessage();
                    method = Method.FRAME_POINTER;
                    caller = framePointerStep(regs, memory);
                }
            } else {
                method = Method.FRAME_POINTER;
                caller = framePointerStep(regs, memory);
            }
            calleeIsSignalFrame = row != null && row.signalFrame();
            frames.add(new Frame(level, pc, regs.sp(), fn, off, file, line, method,
                    failure == null ? null : failure + "; used the frame pointer chain"));
            if (caller == null) {
                stop = failure != null ? failure + "; frame pointer chain unusable" : "frame pointer chain ends";
                break;
            }
            if (!caller.has(CallFrameInfo.RIP) || caller.pc() == 0) {
                stop = "outermost frame (no return address)";
                break;
            }
            if (frames.size() >= maxFrames) {
                stop = "frame limit " + maxFrames + " reached";
                break;
            }
            if (caller.has(CallFrameInfo.RSP) && regs.has(CallFrameInfo.RSP) && caller.sp() <= regs.sp()) {
                stop = String.format("stack pointer did not grow (0x%x -> 0x%x): corrupt stack or loop", regs.sp(), caller.sp());
                break;
            }
            if (!seen.add(caller.pc() ^ (caller.sp() * 31))) {
                stop = "loop detected";
                break;
            }
            regs = caller;
        }
        return new Backtrace(frames, stop);
    }

    /** rbp-chain step: caller rbp = [rbp], return address = [rbp+8], caller rsp = rbp+16. */
    static Registers framePointerStep(Registers regs, CallFrameInfo.Memory memory) {
        if (!regs.has(CallFrameInfo.RBP)) {
            return null;
        }
        long rbp = regs.get(CallFrameInfo.RBP);
        if (rbp == 0 || (rbp & 7) != 0) {
            return null;
        }
        OptionalLong saved = memory.read64(rbp);
        OptionalLong ret = memory.read64(rbp + 8);
        if (saved.isEmpty() || ret.isEmpty()) {
            return null;
        }
        Registers c = new Registers();
        for (int r : new int[] {3, 12, 13, 14, 15}) {
            if (regs.has(r)) {
                c.set(r, regs.get(r));
            }
        }
        return c.set(CallFrameInfo.RBP, saved.getAsLong()).set(CallFrameInfo.RSP, rbp + 16).set(CallFrameInfo.RIP, ret.getAsLong());
    }
}
