package io.xenscope.xen.hypercall;

import io.xenscope.xen.GuestMemory;
import io.xenscope.xen.Vcpu;
import io.xenscope.xen.mm.Errno;

/**
 * HYPERVISOR_callback_op(cmd, arg) and the older set_callbacks(event, failsafe, syscall)
 * (xen/arch/x86/pv/callback.c). struct callback_register {uint16_t type; uint16_t flags;
 * xen_callback_t address;} with the address at offset 8 on x86-64.
 */
public final class CallbackOp {
    public static final int NR = 30, NR_SET_CALLBACKS = 4;
    public static final int CALLBACKOP_REGISTER = 0, CALLBACKOP_UNREGISTER = 1;
    public static final int CALLBACKTYPE_EVENT = 0, CALLBACKTYPE_FAILSAFE = 1, CALLBACKTYPE_SYSCALL = 2,
            CALLBACKTYPE_NMI = 4, CALLBACKTYPE_SYSENTER = 5, CALLBACKTYPE_SYSCALL32 = 7;
    public static final int CALLBACKF_MASK_EVENTS = 1;

    private CallbackOp() {
    }

    public static long call(Vcpu v, long cmd, long arg) {
        GuestMemory g = v.guest();
        switch ((int) cmd) {
            case CALLBACKOP_REGISTER -> {
                return register(v, g.read16(arg), g.read16(arg + 2), g.read64(arg + 8));
            }
            case CALLBACKOP_UNREGISTER -> {
                int type = g.read16(arg);
                return switch (type) {
                    case CALLBACKTYPE_EVENT, CALLBACKTYPE_FAILSAFE, CALLBACKTYPE_SYSCALL, CALLBACKTYPE_SYSCALL32,
                         CALLBACKTYPE_SYSENTER -> -Errno.EINVAL;
                    case CALLBACKTYPE_NMI -> {
                        v.nmiCallback = 0;
                        yield 0;
                    }
                    default -> -Errno.ENOSYS;
                };
            }
            default -> {
                return -Errno.ENOSYS;
            }
        }
    }

    public static long register(Vcpu v, int type, int flags, long address) {
        if ((address << 16) >> 16 != address) {
            return -Errno.EINVAL;
        }
        boolean mask = (flags & CALLBACKF_MASK_EVENTS) != 0;
        switch (type) {
            case CALLBACKTYPE_EVENT -> v.eventCallback = address;
            case CALLBACKTYPE_FAILSAFE -> {
                v.failsafeCallback = address;
                v.failsafeDisablesEvents = mask;
            }
            case CALLBACKTYPE_SYSCALL -> {
                v.syscallCallback = address;
                v.syscallDisablesEvents = mask;
            }
            case CALLBACKTYPE_SYSCALL32, CALLBACKTYPE_SYSENTER -> { }
            case CALLBACKTYPE_NMI -> v.nmiCallback = address;
            default -> {
                return -Errno.ENOSYS;
            }
        }
        return 0;
    }

    public static long setCallbacks(Vcpu v, long event, long failsafe, long syscall) {
        register(v, CALLBACKTYPE_EVENT, 0, event);
        register(v, CALLBACKTYPE_FAILSAFE, 0, failsafe);
        register(v, CALLBACKTYPE_SYSCALL, 0, syscall);
        return 0;
    }
}
