package io.xenscope.xen.hypercall;

import io.xenscope.xen.MachineEvent;
import io.xenscope.xen.Vcpu;
import io.xenscope.xen.mm.Errno;

/**
 * HYPERVISOR_console_io(cmd, count, buffer) (xen/drivers/char/console.c do_console_io). In a Xen
 * built with CONFIG_VERBOSE_DEBUG (debug builds) a domU may write to Xen's console; a release build
 * answers -EPERM (xsm_console_io). Reading needs the console privilege: -EPERM.
 */
public final class ConsoleIo {
    public static final int NR = 18;
    public static final int CONSOLEIO_WRITE = 0, CONSOLEIO_READ = 1;

    private ConsoleIo() {
    }

    public static long call(Vcpu v, long cmd, long count, long buffer) {
        switch ((int) cmd) {
            case CONSOLEIO_WRITE -> {
                if (!v.domain().debugXen) {
                    return -Errno.EPERM; // xsm_console_io: XSM_PRIV for a domU in a release build
                }
                int n = (int) Math.min(count & 0xffffffffL, 1 << 20);
                byte[] bytes = v.guest().readBytes(buffer, n);
                v.domain().emit(new MachineEvent.ConsoleOutput(v.cpu().instructionCount, "console_io", bytes));
                return 0;
            }
            case CONSOLEIO_READ -> {
                return -Errno.EPERM;
            }
            default -> {
                return -Errno.ENOSYS;
            }
        }
    }
}
