package io.xenscope.devices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The 16550A on COM1 (0x3F8, IRQ 4). */
class Uart16550Test {
    private static final int THR = 0x3f8, IER = 0x3f9, IIR = 0x3fa, FCR = 0x3fa, LCR = 0x3fb, MCR = 0x3fc,
            LSR = 0x3fd, MSR = 0x3fe, SCR = 0x3ff;

    private static void write(Pc pc, String s) {
        for (byte b : s.getBytes(StandardCharsets.ISO_8859_1)) {
            pc.out(THR, b);
        }
    }

    /** The PIC programmed with only IRQ 4 unmasked, and the UART's OUT2 set (its IRQ gate on a PC). */
    private static Pc withIrq4() {
        Pc pc = new Pc();
        pc.initPic(~(1 << 4) & 0xff, 0xff);
        pc.out(MCR, 0x08);
        return pc;
    }

    @Test
    void uartTransmitsWrittenByteToCom1() {
        Pc pc = new Pc();
        write(pc, "hello\n");
        assertEquals("hello\n", pc.console("com1"));
    }

    @Test
    void lineStatusAlwaysShowsTransmitterEmpty() {
        Pc pc = new Pc();
        write(pc, "x");
        assertEquals(0x60, pc.in(LSR));
    }

    @Test
    void dlabSelectsTheDivisorLatch() {
        Pc pc = new Pc();
        pc.out(LCR, 0x83);
        pc.out(THR, 0x01); // 115200 baud
        pc.out(IER, 0x00);
        assertEquals(0x01, pc.in(THR));
        assertEquals(0x00, pc.in(IER));
        pc.out(LCR, 0x03);
        assertEquals(0x03, pc.in(LCR));
        assertEquals("", pc.console("com1"), "divisor writes are not transmitted");
    }

    @Test
    void scratchRegisterHoldsAByte() {
        Pc pc = new Pc();
        pc.out(SCR, 0x5a);
        assertEquals(0x5a, pc.in(SCR));
    }

    @Test
    void iirReportsNoInterruptAndFifoBitsOnceFifoEnabled() {
        Pc pc = new Pc();
        assertEquals(0x01, pc.in(IIR));
        pc.out(FCR, 0xc7);
        assertEquals(0xc1, pc.in(IIR));
    }

    @Test
    void enablingThrEmptyInterruptRaisesIrq4() {
        Pc pc = withIrq4();
        pc.out(IER, 0x02);
        assertTrue(pc.pending());
        assertEquals(0x24, pc.acknowledge());
        assertEquals(0x02, pc.in(IIR), "THRE interrupt identified");
        assertEquals(0x01, pc.in(IIR), "reading IIR cleared it");
    }

    @Test
    void eachTransmittedByteRaisesThrEmptyAgain() {
        Pc pc = withIrq4();
        pc.out(IER, 0x02);
        pc.in(IIR);
        pc.out(THR, 'a');
        assertEquals(0x02, pc.in(IIR));
    }

    @Test
    void out2LowKeepsTheInterruptOffIrq4() {
        Pc pc = withIrq4();
        pc.out(MCR, 0x00);
        pc.out(IER, 0x02);
        assertFalse(pc.pending());
        assertEquals(0x02, pc.in(IIR), "the UART itself still has the interrupt");
    }

    @Test
    void queuedInputIsReadFromRbrWithDataReady() {
        Pc pc = new Pc();
        pc.platform.com1().input("ok".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(0x61, pc.in(LSR));
        assertEquals('o', pc.in(THR));
        assertEquals('k', pc.in(THR));
        assertEquals(0x60, pc.in(LSR));
    }

    @Test
    void receivedDataInterruptsWhenEnabled() {
        Pc pc = withIrq4();
        pc.out(IER, 0x01);
        assertFalse(pc.pending());
        pc.platform.com1().input(new byte[] {'z'});
        assertTrue(pc.pending());
        assertEquals(0x04, pc.in(IIR));
    }

    @Test
    void loopbackReturnsTransmittedBytesToTheReceiver() {
        Pc pc = new Pc();
        pc.out(MCR, 0x10);
        pc.out(THR, 0xae);
        assertEquals(0xae, pc.in(THR));
        assertEquals("", pc.console("com1"));
    }

    @Test
    void loopbackWiresModemOutputsToModemInputs() {
        Pc pc = new Pc();
        pc.out(MCR, 0x10 | 0x0f);
        assertEquals(0xf0, pc.in(MSR) & 0xf0, "CTS DSR RI DCD follow RTS DTR OUT1 OUT2");
        pc.out(MCR, 0x10);
        assertEquals(0x00, pc.in(MSR) & 0xf0);
    }

    @Test
    void modemStatusShowsCarrierDsrAndCtsFromTheBackend() {
        Pc pc = new Pc();
        assertEquals(0xb0, pc.in(MSR));
    }

    @Test
    void resetStateIsQemusOut2And9600Baud() {
        Pc pc = new Pc();
        assertEquals(0x08, pc.in(MCR));
        pc.out(LCR, 0x80);
        assertEquals(12, pc.in(THR) | pc.in(IER) << 8);
    }

    @Test
    void eachTransmittedByteIsANewEdgeOnIrq4() {
        Pc pc = withIrq4();
        pc.out(IER, 0x02);
        pc.acknowledge();
        pc.out(0x20, 0x20); // EOI, without reading IIR: the line stays up
        pc.out(THR, 'a');
        assertTrue(pc.pending(), "THR full then empty again: a fresh edge");
    }
}
