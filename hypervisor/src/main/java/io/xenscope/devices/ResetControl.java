package io.xenscope.devices;

import io.xenscope.memory.IoBus;
import io.xenscope.memory.IoPortHandler;

/**
 * The ways a PC guest resets itself, each ending in {@link PlatformSink#resetRequested()}:
 * <ul>
 * <li>the PIIX3 reset control register at 0xCF9 (QEMU hw/isa/piix.c rcr_write): writing a value
 * with RST_CPU (bit 2) set resets, whatever SYS_RST (bit 1) says; bit 1 (and bit 3, FULL_RST) read
 * back;</li>
 * <li>the 8042 keyboard controller's pulse of the reset line, command 0xFE to port 0x64 (any of
 * 0xF0-0xFE with bit 0 clear pulses it: i8042 "pulse output port"); the status register reads 0
 * (input buffer empty, no data), so a reboot loop waiting for room can write the command — and a
 * keyboard driver probing for a controller finds none answering;</li>
 * <li>System Control Port A at 0x92 (QEMU hw/i386/port92.c): a 0→1 transition of bit 0 (fast reset)
 * resets; the register reads back as written (bit 1 is fast A20). A20 is always enabled in this machine (addresses
 * never wrap at 1 MiB) whatever the guest writes; real-mode code that tests the wrap sees A20 on.</li>
 * </ul>
 */
public final class ResetControl {
    public static final int RESET_CONTROL_PORT = 0xcf9, KBC_COMMAND_PORT = 0x64, PORT_A = 0x92;
    private static final int RCR_SYS_RST = 1 << 1, RCR_RST_CPU = 1 << 2, RCR_FULL_RST = 1 << 3;

    private final PlatformSink sink;
    private int rcr;
    private int portA;

    public ResetControl(IoBus io, PlatformSink sink) {
        this.sink = sink;
        io.register(RESET_CONTROL_PORT, 1, new IoPortHandler() {
            @Override
            public int in(int port, int size) {
                return rcr;
            }

            @Override
            public void out(int port, int size, int value) {
                if ((value & RCR_RST_CPU) != 0) {
                    sink.resetRequested();
                }
                rcr = value & (RCR_SYS_RST | RCR_FULL_RST);
            }
        });
        io.register(KBC_COMMAND_PORT, 1, new IoPortHandler() {
            @Override
            public int in(int port, int size) {
                return 0;
            }

            @Override
            public void out(int port, int size, int value) {
                if ((value & 0xf1) == 0xf0) { // pulse output port bits; bit 0 (low = pulse) is the reset line
                    sink.resetRequested();
                }
            }
        });
        io.register(PORT_A, 1, new IoPortHandler() {
            @Override
            public int in(int port, int size) {
                return portA;
            }

            @Override
            public void out(int port, int size, int value) {
                int old = portA;
                portA = value & 0xff; // read back as written, as QEMU's port92
                if ((value & 1) != 0 && (old & 1) == 0) {
                    sink.resetRequested();
                }
            }
        });
    }
}
