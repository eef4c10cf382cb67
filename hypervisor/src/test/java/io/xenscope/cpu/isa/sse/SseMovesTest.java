package io.xenscope.cpu.isa.sse;

import static io.xenscope.cpu.isa.SimdMachine.DATA;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.xenscope.cpu.fault.GeneralProtection;
import io.xenscope.cpu.isa.SimdMachine;
import org.junit.jupiter.api.Test;

class SseMovesTest {
    private final SimdMachine m = new SimdMachine().gpr(0, DATA);

    @Test
    void movdqaLoadsAndStoresSixteenAlignedBytes() {
        m.write64(DATA, 0x1111).write64(DATA + 8, 0x2222);
        m.exec("movdqa xmm1, [rax]; movdqa [rax+16], xmm1");
        assertEquals(0x1111, m.lo(1));
        assertEquals(0x2222, m.hi(1));
        assertEquals(0x2222, m.read64(DATA + 24));
    }

    @Test
    void movdqaFromAMisalignedAddressRaisesGeneralProtection() {
        m.xmm(1, 5, 6);
        var f = m.run("movdqa xmm1, [rax+8]");
        assertInstanceOf(GeneralProtection.class, f);
        assertEquals(0, f.errorCode());
        assertEquals(5, m.lo(1));
    }

    @Test
    void movapsStoreToAMisalignedAddressRaisesGeneralProtectionAndWritesNothing() {
        m.xmm(2, -1, -1);
        assertInstanceOf(GeneralProtection.class, m.run("movaps [rax+4], xmm2"));
        assertEquals(0, m.read64(DATA));
    }

    @Test
    void movdquAndMovupsAcceptMisalignedAddresses() {
        m.write64(DATA + 1, 0x0102030405060708L).write64(DATA + 9, 0x1112131415161718L);
        m.exec("movdqu xmm3, [rax+1]; movups [rax+33], xmm3");
        assertEquals(0x0102030405060708L, m.lo(3));
        assertEquals(0x1112131415161718L, m.read64(DATA + 41));
    }

    @Test
    void legacySseArithmeticWithAMisalignedMemoryOperandRaisesGeneralProtection() {
        assertInstanceOf(GeneralProtection.class, m.run("paddb xmm0, [rax+1]"));
    }

    @Test
    void movdZeroExtendsIntoTheWholeRegister() {
        m.xmm(4, -1, -1).gpr(3, 0xdeadbeefcafebabeL);
        m.exec("movd xmm4, ebx");
        assertEquals(0xcafebabeL, m.lo(4));
        assertEquals(0, m.hi(4));
    }

    @Test
    void movqToAGeneralRegisterTakesTheLowQuadword() {
        m.xmm(5, 0x123456789abcdefL, 7);
        m.exec("movq rcx, xmm5; movd edx, xmm5");
        assertEquals(0x123456789abcdefL, m.gpr(1));
        assertEquals(0x89abcdefL, m.gpr(2));
    }

    @Test
    void movqBetweenRegistersZeroesTheHighQuadword() {
        m.xmm(1, 42, 43).xmm(2, 1, 2);
        m.exec("movq xmm2, xmm1");
        assertEquals(42, m.lo(2));
        assertEquals(0, m.hi(2));
    }

    @Test
    void movssBetweenRegistersMergesButALoadZeroesTheRest() {
        m.xmm(1, 0x1111111122222222L, 0x33).xmm(2, 0x44444444_55555555L, 0x66);
        m.write64(DATA, 0x7777777788888888L);
        m.exec("movss xmm2, xmm1; movss xmm3, [rax]");
        assertEquals(0x44444444_22222222L, m.lo(2));
        assertEquals(0x66, m.hi(2));
        assertEquals(0x88888888L, m.lo(3));
        assertEquals(0, m.hi(3));
    }

    @Test
    void movsdStoreWritesEightBytes() {
        m.xmm(1, 0x1122334455667788L, 9);
        m.exec("movsd [rax], xmm1");
        assertEquals(0x1122334455667788L, m.read64(DATA));
        assertEquals(0, m.read64(DATA + 8));
    }

    @Test
    void movhpsAndMovlpsMoveOneQuadwordLeavingTheOther() {
        m.xmm(1, 1, 2).write64(DATA, 0xaa).write64(DATA + 8, 0xbb);
        m.exec("movhps xmm1, [rax]; movlpd xmm1, [rax+8]; movhpd [rax+16], xmm1");
        assertEquals(0xbb, m.lo(1));
        assertEquals(0xaa, m.hi(1));
        assertEquals(0xaa, m.read64(DATA + 16));
    }

    @Test
    void movhlpsAndMovlhpsCrossHalves() {
        m.xmm(1, 1, 2).xmm(2, 3, 4).xmm(3, 5, 6);
        m.exec("movhlps xmm1, xmm2; movlhps xmm3, xmm2");
        assertEquals(4, m.lo(1));
        assertEquals(2, m.hi(1));
        assertEquals(5, m.lo(3));
        assertEquals(3, m.hi(3));
    }

    @Test
    void movmskExtractsSignBits() {
        m.xmm(1, 0x80000000_00000000L, 0x00000000_80000000L);
        m.xmm(2, 0x8000_0000_0000_0000L, 0x8000_0000_0000_0001L);
        m.xmm(3, 0x0080_0000_0000_0080L, 0x8000_0000_0000_0000L);
        m.exec("movmskps eax, xmm1; movmskpd ebx, xmm2; pmovmskb ecx, xmm3");
        assertEquals(0b0110, m.gpr(0));
        assertEquals(0b11, m.gpr(3));
        assertEquals(0x8041, m.gpr(1));
    }

    @Test
    void pinsrwAndPextrwAddressWordsByIndex() {
        m.xmm(1, 0, 0).gpr(3, 0xffff_abcd);
        m.exec("pinsrw xmm1, ebx, 5; pextrw ecx, xmm1, 5; pextrw edx, xmm1, 0");
        assertEquals(0xabcdL << 16, m.hi(1));
        assertEquals(0xabcd, m.gpr(1));
        assertEquals(0, m.gpr(2));
    }

    @Test
    void movntiAndMovntdqStore() {
        m.gpr(3, 0x55).xmm(1, 7, 8);
        m.exec("movnti [rax], rbx; movntdq [rax+16], xmm1");
        assertEquals(0x55, m.read64(DATA));
        assertEquals(8, m.read64(DATA + 24));
    }

    @Test
    void xorpsOfARegisterWithItselfZeroesIt() {
        m.xmm(6, 123, 456);
        m.exec("xorps xmm6, xmm6");
        assertEquals(0, m.lo(6));
        assertEquals(0, m.hi(6));
    }
}
