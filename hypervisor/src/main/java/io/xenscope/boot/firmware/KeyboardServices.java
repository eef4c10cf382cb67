package io.xenscope.boot.firmware;

/**
 * int 16h on a machine with no keyboard: the buffer is always empty. AH=01h/11h: ZF set (no key);
 * AH=00h/10h (read a key) wait for one: the stub halts with interrupts on and retries after each
 * interrupt (how SeaBIOS waits), so a guest that waits for a key blocks forever, and the run report
 * says so. AH=02h: no shift key down.
 */
final class KeyboardServices implements BiosService {
    private final Bios bios;

    KeyboardServices(Bios bios) {
        this.bios = bios;
    }

    @Override
    public void call(BiosCall c) {
        switch (c.ah()) {
            case 0x00, 0x10 -> bios.waitForInterrupt(c.cpu());
            case 0x01, 0x11 -> c.setZero(true);
            case 0x02, 0x12 -> c.setAl(c.memory().read8(BiosDataArea.BDA + BiosDataArea.SHIFT_FLAGS));
            default -> bios.unsupported(c, String.format("int 16h AH=%02Xh", c.ah()));
        }
    }
}
