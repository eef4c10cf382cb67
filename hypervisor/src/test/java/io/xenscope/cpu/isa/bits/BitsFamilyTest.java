package io.xenscope.cpu.isa.bits;

import static io.xenscope.cpu.Flags.CF;
import static io.xenscope.cpu.Flags.ZF;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenscope.cpu.isa.Snippet;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BitsFamilyTest {
    @Test
    void btCopiesTheBitIntoCarryModuloTheWidth() {
        assertTrue(new Snippet("bt eax, ebx").rax(1L << 3).rbx(35).run().flag(CF));
    }

    @Test
    void btsSetsTheBitAndReportsTheOldOne() {
        Snippet s = new Snippet("bts rax, 63").rax(0).run();
        assertEquals(Long.MIN_VALUE, s.rax());
        assertTrue(!s.flag(CF));
    }

    @Test
    void aRegisterBitOffsetAddressesBeyondTheMemoryOperand() {
        Snippet s = new Snippet("btc dword ptr [0x200010], ebx").rbx(-1).mem64(0x200008, 0).run();
        assertEquals(0x8000_0000L << 32, s.mem64(0x200008)); // bit -1 = bit 31 of the dword at 0x20000c
        Snippet far = new Snippet("bts qword ptr [0x200000], rbx").rbx(64 * 3 + 5).run();
        assertEquals(1 << 5, far.mem64(0x200018));
    }

    @Test
    void bsfOfZeroSetsZeroFlagAndLeavesTheDestination() {
        Snippet s = new Snippet("bsf eax, ebx").rax(0xdead_beef_1234_5678L).rbx(0).run();
        assertEquals(0xdead_beef_1234_5678L, s.rax());
        assertTrue(s.flag(ZF));
    }

    @Test
    void bsfAndBsrFindTheLowestAndHighestSetBit() {
        assertEquals(4, new Snippet("bsf rax, rbx").rbx(0x30).run().rax());
        assertEquals(5, new Snippet("bsr rax, rbx").rbx(0x30).run().rax());
    }

    @Test
    void tzcntAndLzcntOfZeroGiveTheWidthWithCarry() {
        Snippet t = new Snippet("tzcnt ax, bx").rbx(0).run();
        assertEquals(16, t.rax() & 0xffff);
        assertTrue(t.flag(CF) && !t.flag(ZF));
        assertEquals(31, new Snippet("lzcnt eax, ebx").rbx(1).run().rax());
    }

    @Test
    void popcntCountsBitsAndClearsTheOtherFlags() {
        Snippet s = new Snippet("popcnt rax, rbx").rbx(-1).flags(CF).run();
        assertEquals(64, s.rax());
        assertEquals(0, s.status());
    }

    @Test
    void bswapReversesBytes() {
        assertEquals(0x7856_3412L, new Snippet("bswap eax").rax(0xffff_ffff_1234_5678L).run().rax());
        assertEquals(0x0807_0605_0403_0201L, new Snippet("bswap rax").rax(0x0102_0304_0506_0708L).run().rax());
    }

    @Test
    void sixteenBitBswapClearsTheWordLikeIntelHardware() {
        assertEquals(0x1234_0000L, new Snippet(".byte 0x66, 0x0f, 0xc8").rax(0x1234_5678L).run().rax());
    }

    @Test
    void crc32ComputesCrc32c() {
        byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
        Snippet s = new Snippet("crc32 rax, qword ptr [0x200000]\ncrc32 eax, byte ptr [0x200008]")
                .bytes(0x200000, check).rax(0xffff_ffffL).run();
        assertEquals(0xe306_9283L, ~s.rax() & 0xffff_ffffL); // the CRC-32C check value
    }

    @Test
    void movbeLoadsAndStoresByteSwapped() {
        Snippet s = new Snippet("movbe eax, dword ptr [0x200000]\nmovbe word ptr [0x200008], bx")
                .mem64(0x200000, 0x1122_3344L).rbx(0xaabb).run();
        assertEquals(0x4433_2211L, s.rax());
        assertEquals(0xbbaa, s.mem64(0x200008));
    }
}
