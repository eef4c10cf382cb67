package io.xenscope.devices;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The debug console, isa-debug-exit and the reset ports. */
class LegacyPortsTest {
    @Test
    void debugConsoleWritesBytesAndIdentifiesItself() {
        Pc pc = new Pc();
        pc.out(0xe9, 'h');
        pc.out(0xe9, 'i');
        assertEquals("hi", pc.console("port 0xe9"));
        assertEquals(0xe9, pc.in(0xe9));
    }

    @Test
    void isaDebugExitEndsWithValueTimesTwoPlusOne() {
        Pc pc = new Pc();
        pc.out(0xf4, 0x10);
        assertEquals(List.of(0x21), pc.exits);
    }

    @Test
    void resetControlRegisterWithRstCpuResets() {
        Pc pc = new Pc();
        pc.out(0xcf9, 0x02);
        assertEquals(0, pc.resets, "SYS_RST alone only selects the reset type");
        pc.out(0xcf9, 0x06);
        assertEquals(1, pc.resets);
        assertEquals(0x02, pc.in(0xcf9));
    }

    @Test
    void keyboardControllerPulseResets() {
        Pc pc = new Pc();
        assertEquals(0, pc.in(0x64), "input buffer empty");
        pc.out(0x64, 0xfe);
        assertEquals(1, pc.resets);
    }

    @Test
    void otherKeyboardControllerCommandsDoNotReset() {
        Pc pc = new Pc();
        pc.out(0x64, 0xad);
        assertEquals(0, pc.resets);
    }

    @Test
    void fastA20ReadsBackWithoutReset() {
        Pc pc = new Pc();
        pc.out(0x92, 0x02);
        assertEquals(0x02, pc.in(0x92));
        assertEquals(0, pc.resets);
    }

    @Test
    void port92FastResetBitResets() {
        Pc pc = new Pc();
        pc.out(0x92, 0x03);
        assertEquals(1, pc.resets);
    }
}
