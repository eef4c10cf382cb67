package io.xenscope.boot.firmware;

import io.xenscope.memory.PhysicalMemory;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.function.LongSupplier;

/**
 * int 1Ah from the virtual clock (wallclock = the boot epoch + NOW(), the same clock Xen's
 * shared_info gives PV guests): 00h ticks since midnight (18.2065 Hz, the PIT's 1193182 Hz / 65536)
 * in CX:DX, 01h sets them, 02h RTC time and 04h RTC date in BCD (AL = CH, as SeaBIOS's clock.c). Also int 08h (IRQ 0): advances
 * the BDA tick count and sends the EOI. Unknown functions: CF set.
 */
final class ClockServices implements BiosService {
    static final long PIT_HZ = 1_193_182, TICKS_PER_DAY = 0x1800B0;
    private final Bios bios;
    private final long epochSeconds;
    private final LongSupplier nowNs;
    private long tickOffset;

    ClockServices(Bios bios, long epochSeconds, LongSupplier nowNs) {
        this.bios = bios;
        this.epochSeconds = epochSeconds;
        this.nowNs = nowNs;
    }

    private LocalDateTime now() {
        long ns = nowNs.getAsLong();
        return LocalDateTime.ofInstant(Instant.ofEpochSecond(epochSeconds + ns / 1_000_000_000L, ns % 1_000_000_000L),
                ZoneOffset.UTC);
    }

    private long ticksSinceMidnight() {
        long usOfDay = now().toLocalTime().toNanoOfDay() / 1000;
        long t = usOfDay * PIT_HZ / (65536L * 1_000_000) + tickOffset;
        return Math.floorMod(t, TICKS_PER_DAY);
    }

    @Override
    public void call(BiosCall c) {
        PhysicalMemory m = c.memory();
        if (c.vector() == 0x08) {
            m.write32(BiosDataArea.BDA + BiosDataArea.TICKS, (int) ticksSinceMidnight());
            c.cpu().io.out(0x20, 1, 0x20); // EOI to the master PIC
            return;
        }
        switch (c.ah()) {
            case 0x00 -> {
                long t = ticksSinceMidnight();
                m.write32(BiosDataArea.BDA + BiosDataArea.TICKS, (int) t);
                c.setReg16(1, (int) (t >>> 16));
                c.setReg16(2, (int) t);
                c.setAl(m.read8(BiosDataArea.BDA + BiosDataArea.MIDNIGHT));
                m.write8(BiosDataArea.BDA + BiosDataArea.MIDNIGHT, 0);
            }
            case 0x01 -> {
                long wanted = (long) c.cx() << 16 | c.dx();
                tickOffset += wanted - ticksSinceMidnight();
                c.success();
            }
            case 0x02 -> {
                LocalDateTime t = now();
                c.setReg16(1, bcd(t.getHour()) << 8 | bcd(t.getMinute()));
                c.setReg16(2, bcd(t.getSecond()) << 8);
                c.setAx(bcd(t.getHour())); // SeaBIOS's handle_1a02: AH = 0, AL = CH
                c.setCarry(false);
            }
            case 0x04 -> {
                LocalDateTime t = now();
                c.setReg16(1, bcd(t.getYear() / 100) << 8 | bcd(t.getYear() % 100));
                c.setReg16(2, bcd(t.getMonthValue()) << 8 | bcd(t.getDayOfMonth()));
                c.setAx(bcd(t.getYear() / 100)); // handle_1a04: AH = 0, AL = CH (the century)
                c.setCarry(false);
            }
            default -> {
                bios.unsupported(c, String.format("int 1Ah AH=%02Xh", c.ah()));
                c.setCarry(true);
            }
        }
    }

    static int bcd(int v) {
        return (v / 10) << 4 | (v % 10);
    }
}
