package io.xenscope.cpu.isa.sse;

/** A value computed from a whole XMM register (movmskps, pmovmskb). */
@FunctionalInterface
public interface XmmReduce {
    long apply(long lo, long hi);
}
