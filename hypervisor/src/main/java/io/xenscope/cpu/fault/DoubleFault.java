package io.xenscope.cpu.fault;

/** #DF double fault (vector 8, error code 0): a fault while delivering a fault (SDM Vol. 3 §6.15). */
public final class DoubleFault extends GuestFault {
    public DoubleFault(String detail) {
        super(8, "#DF", 0, true, detail);
    }
}
