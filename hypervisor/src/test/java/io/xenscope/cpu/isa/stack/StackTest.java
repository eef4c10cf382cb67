package io.xenscope.cpu.isa.stack;

import static io.xenscope.cpu.isa.IsaMachine.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.xenscope.cpu.fault.StackSegmentFault;
import io.xenscope.cpu.isa.IsaMachine;
import org.junit.jupiter.api.Test;

class StackTest {
    private final IsaMachine m = IsaMachine.long64();

    @Test
    void pushAndPop64() {
        m.set(RAX, 0x1122334455667788L).exec("push rax", "pop rbx");
        assertEquals(0x1122334455667788L, m.reg(RBX));
        assertEquals(STACK, m.reg(RSP));
        assertEquals(0x1122334455667788L, m.peek(STACK - 8, 8));
    }

    @Test
    void pushImmediateIsSignExtendedTo64() {
        m.exec("push -2", "push 0x12345678");
        assertEquals(-2L, m.peek(STACK - 8, 8));
        assertEquals(0x12345678L, m.peek(STACK - 16, 8));
        assertEquals(STACK - 16, m.reg(RSP));
    }

    @Test
    void pushWithOperandSize16MovesRspByTwo() {
        m.set(RAX, 0xabcd).exec("push ax", "pop cx");
        assertEquals(0xabcd, m.reg(RCX) & 0xffff);
        assertEquals(STACK, m.reg(RSP));
    }

    @Test
    void pushRspPushesTheOldValue() {
        m.exec("push rsp", "pop rax");
        assertEquals(STACK, m.reg(RAX));
    }

    @Test
    void popRspKeepsThePoppedValue() {
        m.poke(STACK, 8, 0x55550).exec("pop rsp");
        assertEquals(0x55550, m.reg(RSP));
    }

    @Test
    void pushAndPopMemory() {
        m.poke(DATA, 8, 77).set(RBX, DATA).exec("push qword ptr [rbx]", "pop qword ptr [rbx+8]");
        assertEquals(77, m.peek(DATA + 8, 8));
    }

    @Test
    void popIntoRspRelativeMemoryUsesTheIncrementedRsp() {
        m.poke(STACK, 8, 99).exec("pop qword ptr [rsp]");
        assertEquals(99, m.peek(STACK + 8, 8));
        assertEquals(STACK + 8, m.reg(RSP));
    }

    @Test
    void pushToNonCanonicalStackIsStackFault() {
        m.set(RSP, 0x8000_0000_0000_0008L).run("push rax");
        assertInstanceOf(StackSegmentFault.class, m.fault());
        assertEquals(0x8000_0000_0000_0008L, m.reg(RSP));
    }

    @Test
    void stackWidthComesFromSsInProtectedMode() {
        IsaMachine p = IsaMachine.protected32();
        p.set(RAX, 0x11223344).exec("push eax", "push ax", "pop bx", "pop ecx");
        assertEquals(0x3344, p.reg(RBX) & 0xffff);
        assertEquals(0x11223344, p.reg(RCX));
        assertEquals(STACK, p.reg(RSP));
    }

    @Test
    void realModeStackPointerWrapsAt64K() {
        IsaMachine r = IsaMachine.real16();
        r.set(RSP, 0x1_0000_0000L).set(RAX, 0xbeef).exec("push ax");
        assertEquals(0x1_0000_fffeL, r.reg(RSP), "only SP changes");
        assertEquals(0xbeef, r.peek(r.cpu.seg[io.xenscope.cpu.Cpu.SS].base + 0xfffe, 2));
    }

    @Test
    void pushaAndPopaRoundTrip() {
        IsaMachine p = IsaMachine.protected32();
        for (int r = 0; r < 8; r++) {
            if (r != RSP) {
                p.set(r, 0x100 + r);
            }
        }
        p.exec("pushad", "mov eax, 0", "mov edi, 0", "mov ebx, [esp+12]", "popad");
        assertEquals(0x100, p.reg(RAX));
        assertEquals(0x107, p.reg(RDI));
        assertEquals(0x103, p.reg(RBX));
        assertEquals(STACK, p.reg(RSP));
        assertEquals(STACK, p.peek(STACK - 20, 4), "the saved ESP is the original one");
    }

    @Test
    void enterWithoutNesting() {
        m.set(RBP, 0x1234).exec("enter 0x20, 0");
        assertEquals(STACK - 8, m.reg(RBP));
        assertEquals(STACK - 8 - 0x20, m.reg(RSP));
        assertEquals(0x1234, m.peek(STACK - 8, 8));
    }

    @Test
    void enterWithNestingCopiesFramePointers() {
        m.poke(0x80000 - 8, 8, 0xaaaa).poke(0x80000 - 16, 8, 0xbbbb).set(RBP, 0x80000).exec("enter 16, 3");
        long frame = STACK - 8;
        assertEquals(frame, m.reg(RBP));
        assertEquals(0x80000, m.peek(frame, 8));
        assertEquals(0xaaaa, m.peek(frame - 8, 8));
        assertEquals(0xbbbb, m.peek(frame - 16, 8));
        assertEquals(frame, m.peek(frame - 24, 8));
        assertEquals(frame - 24 - 16, m.reg(RSP));
    }

    @Test
    void leaveUndoesEnter() {
        m.set(RBP, 0x4321).exec("enter 64, 1", "leave");
        assertEquals(0x4321, m.reg(RBP));
        assertEquals(STACK, m.reg(RSP));
    }
}
