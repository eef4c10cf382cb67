package io.xenscope.cpu.conformance;

import static io.xenscope.cpu.conformance.CaseBuilder.AF;
import static io.xenscope.cpu.conformance.CaseBuilder.ARITH;
import static io.xenscope.cpu.conformance.CaseBuilder.CF;
import static io.xenscope.cpu.conformance.CaseBuilder.OF;
import static io.xenscope.cpu.conformance.CaseBuilder.PF;
import static io.xenscope.cpu.conformance.CaseBuilder.RAX;
import static io.xenscope.cpu.conformance.CaseBuilder.RBP;
import static io.xenscope.cpu.conformance.CaseBuilder.RBX;
import static io.xenscope.cpu.conformance.CaseBuilder.RCX;
import static io.xenscope.cpu.conformance.CaseBuilder.RDI;
import static io.xenscope.cpu.conformance.CaseBuilder.RDX;
import static io.xenscope.cpu.conformance.CaseBuilder.RSI;
import static io.xenscope.cpu.conformance.CaseBuilder.RSP;
import static io.xenscope.cpu.conformance.CaseBuilder.SF;
import static io.xenscope.cpu.conformance.CaseBuilder.ZF;
import static io.xenscope.cpu.conformance.CaseBuilder.mem;
import static io.xenscope.cpu.conformance.Operands.reg;

import java.util.List;
import java.util.Random;

/**
 * Cases for the data movement, stack, near control transfer and string families (64-bit mode).
 * Pointers are aimed at the data window (string operands, cmpxchg8b/16b, xlat) or the stack
 * (enter/leave) so the host never faults where we would not; faulting cases (non-canonical branch
 * targets, misaligned cmpxchg16b) are there on purpose.
 */
public final class MoveCases {
    static final String[] CC = {"o", "no", "b", "ae", "e", "ne", "be", "a", "s", "ns", "p", "np", "l", "ge", "le", "g"};
    static final int[] SIZES = {1, 2, 4, 8};
    static final long DATA = Layout.DATA_BASE;
    /**
     * The host runs each snippet alone at CODE_BASE, the emulator a batch of them: code addresses
     * differ, so snippets that see one turn it into a difference and wipe the return address slot.
     */
    static final String FORGET_RIP = "\nmov ecx, 0\nmov qword ptr [rsp-8], rcx";

    private MoveCases() {
    }

    public static final List<CaseContributor> ALL = List.of(MoveCases::moves, MoveCases::exchanges, MoveCases::conditional,
            MoveCases::misc, MoveCases::stack, MoveCases::control, MoveCases::strings);

    static CaseBuilder c(Random r) {
        return new CaseBuilder(r);
    }

    static int reg2(Random r) {
        return Operands.USABLE[r.nextInt(Operands.USABLE.length)];
    }

    static void moves(List<ConformanceCase> out, Random r) {
        for (int i = 0; i < 300; i++) {
            for (int size : SIZES) {
                String a = reg(reg2(r), size), b = reg(reg2(r), size);
                int off = 8 * r.nextInt(60);
                c(r).add(out, "datamove", "mov " + a + ", " + b);
                c(r).add(out, "datamove", "mov " + a + ", " + mem(size, off));
                c(r).add(out, "datamove", "mov " + mem(size, off) + ", " + b);
                long imm = size == 8 ? r.nextInt() : r.nextLong() & Operands.mask(size);
                c(r).add(out, "datamove", "mov " + a + ", " + Operands.imm(imm));
                c(r).add(out, "datamove", "mov " + mem(size, off) + ", " + Operands.imm(imm));
            }
            c(r).add(out, "datamove", "movabs rax, " + r.nextLong());
            c(r).add(out, "datamove", "mov rax, -" + r.nextInt(1 << 30));
            c(r).add(out, "datamove", "movabs eax, [" + (DATA + 4 * r.nextInt(100)) + "]");
            c(r).add(out, "datamove", "movabs [" + (DATA + 8 * r.nextInt(60)) + "], rax");
            c(r).add(out, "datamove", "mov ah, bh\nmov ch, al\nmov dl, dh");
            int d = reg2(r), s = reg2(r);
            c(r).add(out, "datamove", "movzx " + reg(d, 4) + ", " + reg(s, 1));
            c(r).add(out, "datamove", "movzx " + reg(d, 8) + ", " + reg(s, 2));
            c(r).add(out, "datamove", "movzx " + reg(d, 2) + ", " + mem(1, r.nextInt(500)));
            c(r).add(out, "datamove", "movsx " + reg(d, 8) + ", " + reg(s, 1));
            c(r).add(out, "datamove", "movsx " + reg(d, 4) + ", " + mem(2, r.nextInt(500)));
            c(r).add(out, "datamove", "movsx " + reg(d, 2) + ", " + reg(s, 1));
            c(r).add(out, "datamove", "movsxd " + reg(d, 8) + ", " + reg(s, 4));
            c(r).add(out, "datamove", "movsxd " + reg(d, 8) + ", " + mem(4, r.nextInt(500)));
            c(r).add(out, "datamove", ".byte 0x63, 0xc3"); // movsxd eax, ebx (no REX.W)
            c(r).reg(RBX, DATA + r.nextInt(256)).reg(RSI, r.nextInt(64) - 32).undefined(ARITH).add(out, "datamove",
                    "lea " + reg(d, 8) + ", [rbx+rsi*4+" + r.nextInt(1000) + "]\nlea " + reg(s, 4) + ", [rbx+rsi*8-7]\n"
                            + "lea " + reg(reg2(r), 2) + ", [rbx+rsi+0x7fff]\nlea rcx, [ebx+esi*2]\nlea dx, [rip+0x1234]\nlea ax, [rip]\nsub dx, ax\nmov ax, 0");
        }
    }

    static void exchanges(List<ConformanceCase> out, Random r) {
        for (int i = 0; i < 200; i++) {
            for (int size : SIZES) {
                String a = reg(reg2(r), size), b = reg(reg2(r), size);
                int off = size * r.nextInt(400 / size);
                c(r).add(out, "datamove", "xchg " + a + ", " + b);
                c(r).add(out, "datamove", "xchg " + mem(size, off) + ", " + b);
                c(r).add(out, "datamove", "xadd " + a + ", " + b);
                c(r).add(out, "datamove", "lock xadd " + mem(size, off) + ", " + b);
                long v = r.nextLong();
                boolean equal = r.nextBoolean();
                c(r).reg(RAX, equal ? v : r.nextLong()).mem(off, v, size).add(out, "datamove",
                        "lock cmpxchg " + mem(size, off) + ", " + reg(RCX, size));
                c(r).reg(RAX, equal ? r.nextLong() : r.nextLong()).add(out, "datamove", "cmpxchg " + a + ", " + b);
                c(r).add(out, "datamove", "cmpxchg " + reg(RBX, size) + ", " + reg(RCX, size) + "\ncmpxchg "
                        + reg(RBX, size) + ", " + reg(RDX, size));
            }
            c(r).add(out, "datamove", ".byte 0x87, 0xc0"); // xchg eax, eax: zero-extends
            c(r).add(out, "datamove", "xchg ax, ax\nnop\nxchg r8, rax");
            long lo = r.nextLong(), hi = r.nextLong();
            boolean eq = r.nextBoolean();
            int off = 16 * r.nextInt(30);
            c(r).mem(off, lo, 8).mem(off + 8, hi, 8).reg(RAX, eq ? lo : r.nextLong()).reg(RDX, eq ? hi : r.nextLong())
                    .reg(RDI, DATA + off).add(out, "datamove", "lock cmpxchg16b [rdi]");
            c(r).mem(off, lo, 8).reg(RAX, eq ? lo : r.nextLong()).reg(RDX, eq ? lo >>> 32 : r.nextLong())
                    .reg(RDI, DATA + off + 4).add(out, "datamove", "cmpxchg8b [rdi]");
            c(r).reg(RDI, DATA + off + 8).add(out, "datamove", "cmpxchg16b [rdi]"); // misaligned: #GP
        }
    }

    static void conditional(List<ConformanceCase> out, Random r) {
        for (int i = 0; i < 40; i++) {
            for (String cc : CC) {
                long flags = r.nextLong() & ARITH;
                for (int size : new int[] {2, 4, 8}) {
                    c(r).flags(flags).add(out, "datamove", "cmov" + cc + " " + reg(reg2(r), size) + ", " + reg(reg2(r), size));
                    c(r).flags(flags).add(out, "datamove", "cmov" + cc + " " + reg(reg2(r), size) + ", " + mem(size, 8 * r.nextInt(60)));
                }
                c(r).flags(flags).add(out, "datamove", "set" + cc + " " + reg(reg2(r), 1));
                c(r).flags(flags).add(out, "datamove", "set" + cc + " " + mem(1, r.nextInt(500)) + "\nset" + cc + " ah");
            }
        }
    }

    static void misc(List<ConformanceCase> out, Random r) {
        String[] simple = {"cbw", "cwde", "cdqe", "cwd", "cdq", "cqo", "clc", "stc", "cmc", "cld", "std", "lahf",
            "sahf", "nop", "pause", "lfence", "mfence", "sfence", "endbr64", "nop dword ptr [rax+rax*1+0x0]",
            "nop word ptr [rax+rax*1+0x0]", "stc\ncmc\nlahf", "std\nlahf\ncld"};
        for (int i = 0; i < 100; i++) {
            for (String s : simple) {
                c(r).reg(RAX, i < 20 ? Operands.edges(8)[i % 10] : r.nextLong()).add(out, "datamove", s);
            }
            c(r).reg(RBX, DATA + r.nextInt(256)).add(out, "datamove", "xlatb");
            c(r).reg(RBX, DATA).add(out, "datamove", "prefetcht0 [rbx]\nprefetchnta [rbx+64]\nclflush [rbx]");
            c(r).add(out, "datamove", "prefetcht1 [rax]"); // never faults, whatever the address
        }
    }

    static void stack(List<ConformanceCase> out, Random r) {
        for (int i = 0; i < 300; i++) {
            String a = reg(reg2(r), 8), b = reg(reg2(r), 8);
            c(r).add(out, "stack", "push " + a + "\npop " + b);
            c(r).add(out, "stack", "push " + reg(reg2(r), 2) + "\npop " + reg(reg2(r), 2) + "\npush rsp\npop rax");
            c(r).add(out, "stack", "push " + (r.nextInt(256) - 128) + "\npush " + r.nextInt() + "\npop rax\npop rbx");
            c(r).add(out, "stack", "push word ptr " + r.nextInt(0x8000) + "\npop cx");
            c(r).add(out, "stack", "push " + mem(8, 8 * r.nextInt(60)) + "\npop " + mem(8, 8 * r.nextInt(60)));
            c(r).reg(RSP, Layout.STACK_TOP - 64).add(out, "stack", "push rax\npop qword ptr [rsp]\npop rbx");
            c(r).reg(RSP, Layout.STACK_TOP - 64).add(out, "stack", "push rax\npush rbx\npop qword ptr [rsp+8]\npop rcx");
            c(r).add(out, "stack", "push " + r.nextInt(100) + "\npop rsp");
            c(r).add(out, "stack", "pushfq\npop rax\npushf\npop bx");
            c(r).reg(RAX, r.nextLong() & (ARITH | 0x400) | 0x200).add(out, "stack", "push rax\npopfq\npushfq\npop rbx");
            c(r).reg(RAX, r.nextLong() & (ARITH | 0x400)).add(out, "stack", "push ax\npopfw");
            int level = r.nextInt(4);
            c(r).reg(RBP, Layout.STACK_TOP - 0x100 - 8 * r.nextInt(16)).add(out, "stack",
                    "enter " + r.nextInt(0x200) + ", " + level + "\nmov rax, rsp\nmov rbx, rbp\nmov rcx, [rsp+" + 8 * level + "]\nleave");
            c(r).reg(RBP, Layout.STACK_TOP - 0x100).add(out, "stack", "enter 8, 0\nleave\nenter 0, 1\nleave");
            c(r).reg(RBP, Layout.STACK_TOP - 0x80).add(out, "stack", "leave");
        }
    }

    static void control(List<ConformanceCase> out, Random r) {
        for (int i = 0; i < 60; i++) {
            for (String cc : CC) {
                long flags = r.nextLong() & ARITH;
                c(r).flags(flags).add(out, "control", "j" + cc + " 1f\nmov eax, 1\n1: nop");
                c(r).flags(flags).add(out, "control", "1: j" + cc + " 2f\nmov eax, 1\njmp 3f\n2: mov eax, 2\n3:");
            }
            c(r).undefined(ARITH).add(out, "control", "call 1f\n3: jmp 2f\n1: mov rax, [rsp]\nret\n2: lea rcx, [rip+3b]\nsub rax, rcx" + FORGET_RIP);
            c(r).add(out, "control", "push 1\npush 2\ncall 1f\njmp 2f\n1: ret 16\n2: mov qword ptr [rsp-24], 0");
            c(r).undefined(ARITH).add(out, "control", "lea rax, [rip+1f]\ncall rax\njmp 2f\n1: pop rbx\njmp 2f\n2: lea rcx, [rip+1b]\nsub rax, rcx\nsub rbx, rcx" + FORGET_RIP);
            c(r).undefined(ARITH).add(out, "control", "lea rax, [rip+1f]\npush rax\ncall qword ptr [rsp]\n1: pop rbx\npop rcx\nsub rbx, rcx\nsub rax, rcx\nmov qword ptr [rsp-16], 0" + FORGET_RIP);
            c(r).undefined(ARITH).add(out, "control", "lea rax, [rip+1f]\njmp rax\nmov ebx, 1\n1: lea rcx, [rip+1b]\nsub rax, rcx\nmov ecx, 0");
            c(r).reg(RCX, 1 + r.nextInt(20)).reg(RDX, 0).add(out, "control", "1: inc rdx\nloop 1b");
            c(r).reg(RCX, 1 + r.nextInt(20)).reg(RDX, 0).add(out, "control", "1: inc rdx\ncmp rdx, 5\nloopne 1b");
            c(r).reg(RCX, 1 + r.nextInt(20)).reg(RDX, r.nextInt(3)).add(out, "control", "1: dec rdx\ntest rdx, rdx\nloope 1b");
            c(r).reg(RCX, r.nextBoolean() ? 0 : r.nextBoolean() ? 0x1_0000_0000L : r.nextLong())
                    .add(out, "control", "jrcxz 1f\nmov eax, 1\n1: jecxz 2f\nmov ebx, 2\n2:");
            c(r).reg(RCX, 0x1_0000_0001L + r.nextInt(5)).reg(RDX, 0).add(out, "control", "1: inc rdx\naddr32 loop 1b");
        }
        long[] bad = {0x0000_8000_0000_0000L, 0xffff_7fff_ffff_ffffL, 0x8000_0000_0000_0000L};
        for (long t : bad) {
            c(r).reg(RAX, t).add(out, "control", "jmp rax");
            // call rax (non-canonical) is left to ControlTest: the host stores the return address
            // below RSP before the #GP, and code addresses differ between the host and our batch
            c(r).reg(RAX, t).add(out, "control", "push rax\nret");
        }
    }

    static void strings(List<ConformanceCase> out, Random r) {
        String[] ops = {"movs", "stos", "lods", "scas", "cmps"};
        String[] suffix = {"b", "w", "d", "q"};
        for (int i = 0; i < 60; i++) {
            for (String op : ops) {
                for (int s = 0; s < 4; s++) {
                    int size = 1 << s;
                    boolean df = r.nextBoolean();
                    int count = r.nextInt(24);
                    long span = (long) size * count;
                    long si = DATA + (df ? span + r.nextInt(64) : r.nextInt(64));
                    long di = DATA + 200 + (df ? span : 0) + r.nextInt(64);
                    long flags = (r.nextLong() & ARITH) | (df ? 0x400 : 0);
                    String prefix = switch (op) {
                        case "scas", "cmps" -> r.nextBoolean() ? "repe " : "repne ";
                        default -> "rep ";
                    };
                    String insn = op + suffix[s];
                    CaseBuilder b = c(r).flags(flags).reg(RSI, si).reg(RDI, di).reg(RCX, count);
                    if (r.nextInt(4) == 0) { // make repe/repne runs meaningful: equal blocks, a match for scas
                        b.reg(RAX, 0);
                    }
                    b.add(out, "string", prefix + insn);
                    c(r).flags(flags).reg(RSI, si).reg(RDI, di).add(out, "string", insn + "\n" + insn);
                    c(r).flags(flags).reg(RSI, si | 0xabcd_0000_0000_0000L & 0).reg(RDI, di).reg(RCX, 0xff_0000_0000L | count)
                            .add(out, "string", "addr32 " + prefix + insn);
                }
            }
            c(r).reg(RSI, DATA + 256).reg(RDI, DATA + 257).reg(RCX, 100).add(out, "string", "rep movsb");
            c(r).reg(RSI, DATA + 258).reg(RDI, DATA + 256).reg(RCX, 60).add(out, "string", "rep movsd");
            c(r).reg(RDI, DATA + 64).reg(RCX, 40).add(out, "string", "rep stosq");
        }
    }
}
