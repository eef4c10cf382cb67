package io.xenscope.boot.firmware;

import io.xenscope.memory.PhysicalMemory;

/**
 * int 10h with no VGA adapter behind it: text goes to the screen (console output of source "bios"), and
 * the cursor lives in the BDA of an 80x25 colour text mode (mode 3). AH = 0Eh teletype, 13h write
 * string, 02h/03h set/get cursor, 0Fh get mode, 00h set mode 3; other functions change nothing.
 */
final class VideoServices implements BiosService {
    private final Bios bios;

    VideoServices(Bios bios) {
        this.bios = bios;
    }

    @Override
    public void call(BiosCall c) {
        PhysicalMemory m = c.memory();
        switch (c.ah()) {
            case 0x00 -> { // set mode: text mode 3 is the only one
                if ((c.al() & 0x7f) != 3) {
                    bios.unsupported(c, "int 10h AH=00h mode " + Integer.toHexString(c.al()) + "h (only text mode 3)");
                }
                m.write8(BiosDataArea.BDA + BiosDataArea.VIDEO_MODE, 3);
                m.fill(BiosDataArea.BDA + BiosDataArea.CURSOR, 0, 16);
            }
            case 0x02 -> m.write16(cursorAddress(c.bh()), c.dx());
            case 0x03 -> {
                c.setReg16(1, m.read16(BiosDataArea.BDA + BiosDataArea.CURSOR_SHAPE));
                c.setReg16(2, m.read16(cursorAddress(c.bh())));
            }
            case 0x0e -> teletype(m, c.al());
            case 0x0f -> {
                c.setAx(BiosDataArea.TEXT_COLUMNS << 8 | m.read8(BiosDataArea.BDA + BiosDataArea.VIDEO_MODE));
                c.setReg16(3, c.bx() & 0xff); // BH = active page 0
            }
            case 0x13 -> writeString(c, m);
            default -> bios.unsupported(c, String.format("int 10h AH=%02Xh", c.ah()));
        }
    }

    private static long cursorAddress(int page) {
        return BiosDataArea.BDA + BiosDataArea.CURSOR + 2L * (page & 7);
    }

    /** AH=0Eh: the character goes out, the cursor of page 0 moves (CR, LF, BS, BEL as a terminal). */
    private void teletype(PhysicalMemory m, int ch) {
        bios.output(new byte[] {(byte) ch});
        long a = cursorAddress(0);
        int col = m.read8(a), row = m.read8(a + 1);
        switch (ch) {
            case '\r' -> col = 0;
            case '\n' -> row++;
            case 0x08 -> col = Math.max(0, col - 1);
            case 0x07 -> {
            }
            default -> {
                if (++col == BiosDataArea.TEXT_COLUMNS) {
                    col = 0;
                    row++;
                }
            }
        }
        m.write8(a, col);
        m.write8(a + 1, Math.min(row, BiosDataArea.TEXT_ROWS - 1));
    }

    /** AH=13h: CX characters at ES:BP (AL bit 1: character/attribute pairs; bit 0: move the cursor). */
    private void writeString(BiosCall c, PhysicalMemory m) {
        boolean attributes = (c.al() & 2) != 0;
        long at = BiosCall.linear(c.es(), c.bp());
        long cursor = cursorAddress(c.bh());
        int saved = m.read16(cursor);
        m.write16(cursorAddress(0), c.dx());
        for (int i = 0; i < c.cx(); i++) {
            teletype(m, m.read8(at + (attributes ? 2L * i : i)));
        }
        if ((c.al() & 1) == 0) {
            m.write16(cursor, saved);
        }
    }
}
