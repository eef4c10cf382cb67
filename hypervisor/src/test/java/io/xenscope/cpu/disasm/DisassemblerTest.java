package io.xenscope.cpu.disasm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.xenscope.cpu.decoder.CodeSize;
import io.xenscope.cpu.decoder.CodeSource;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The disassembler prints what objdump prints, in both syntaxes (spot checks; the oracle tests cover the rest). */
class DisassemblerTest {
    private static final long AT = 0x401000;

    private static String att(String hex) {
        return one(Disassembler.att(), hex, CodeSize.BITS64);
    }

    private static String intel(String hex) {
        return one(Disassembler.intel(), hex, CodeSize.BITS64);
    }

    private static String one(Disassembler d, String hex, CodeSize mode) {
        byte[] b = HexFormat.of().parseHex(hex.replace(" ", ""));
        return d.disassembleOne(CodeSource.of(b, AT), AT, mode).text();
    }

    @Test
    void registerMovesReverseOperandsBetweenSyntaxes() {
        assertEquals("mov    %rsp,%rbp", att("48 89 e5"));
        assertEquals("mov    rbp,rsp", intel("48 89 e5"));
    }

    @Test
    void memoryOperandsShowSizeInIntelAndSuffixInAtt() {
        assertEquals("movl   $0x0,0x8(%rax)", att("c7 40 08 00 00 00 00"));
        assertEquals("mov    DWORD PTR [rax+0x8],0x0", intel("c7 40 08 00 00 00 00"));
        assertEquals("mov    -0x8(%rbp,%rcx,4),%eax", att("8b 44 8d f8"));
        assertEquals("mov    eax,DWORD PTR [rbp+rcx*4-0x8]", intel("8b 44 8d f8"));
        assertEquals("mov    %fs:0x28,%rax", att("64 48 8b 04 25 28 00 00 00"));
        assertEquals("mov    rax,QWORD PTR fs:0x28", intel("64 48 8b 04 25 28 00 00 00"));
    }

    @Test
    void ripRelativeOperandsGetTheTargetAsComment() {
        assertEquals("lea    0x10(%rip),%rdi        # 0x401017", att("48 8d 3d 10 00 00 00"));
        assertEquals("lea    rdi,[rip+0x10]        # 0x401017", intel("48 8d 3d 10 00 00 00"));
    }

    @Test
    void branchesPrintAbsoluteTargetsAndTheSymbolizerNamesThem() {
        assertEquals("call   0x401105", att("e8 00 01 00 00"));
        Disassembler named = Disassembler.att().withSymbolizer(a -> a == 0x401105 ? "main+0x5" : null);
        byte[] b = HexFormat.of().parseHex("e800010000");
        assertEquals("call   0x401105 <main+0x5>", named.disassembleOne(CodeSource.of(b, AT), AT, CodeSize.BITS64).text());
        assertEquals("jmp    *%rax", att("ff e0"));
        assertEquals("jmp    rax", intel("ff e0"));
        assertEquals("call   *0x8(%rax)", att("ff 50 08"));
        assertEquals("call   QWORD PTR [rax+0x8]", intel("ff 50 08"));
    }

    @Test
    void prefixesPrintAsObjdumpWords() {
        assertEquals("rep stos %rax,%es:(%rdi)", att("f3 48 ab"));
        assertEquals("rep stos QWORD PTR es:[rdi],rax", intel("f3 48 ab"));
        assertEquals("lock cmpxchg %rcx,(%rdx)", att("f0 48 0f b1 0a"));
        assertEquals("data16 cs nopw 0x0(%rax,%rax,1)", att("66 66 2e 0f 1f 84 00 00 00 00 00"));
        assertEquals("nop    DWORD PTR [rax+0x0]", intel("0f 1f 40 00"));
        assertEquals("repz ret", att("f3 c3"));
        assertEquals("rex.W push %rbp", att("48 55"));
        assertEquals("endbr64", att("f3 0f 1e fa"));
    }

    @Test
    void mnemonicsObjdumpSpellsDifferently() {
        assertEquals("cltq", att("48 98"));
        assertEquals("cdqe", intel("48 98"));
        assertEquals("movzbl (%rax),%eax", att("0f b6 00"));
        assertEquals("movzx  eax,BYTE PTR [rax]", intel("0f b6 00"));
        assertEquals("movslq %ecx,%rax", att("48 63 c1"));
        assertEquals("movabs $0x1122334455667788,%rax", att("48 b8 88 77 66 55 44 33 22 11"));
        assertEquals("cmpltps %xmm1,%xmm0", att("0f c2 c1 01"));
        assertEquals("shl    %eax", att("d1 e0"));
        assertEquals("shl    eax,1", intel("d1 e0"));
        assertEquals("fldt   (%rax)", att("db 28"));
        assertEquals("fld    TBYTE PTR [rax]", intel("db 28"));
    }

    @Test
    void invalidEncodingsPrintAsBad() {
        assertEquals("(bad)", att("06"));
    }

    @Test
    void sixteenBitCodeUsesSixteenBitForms() {
        assertEquals("mov    -0x2(%bp),%ax", one(Disassembler.att(), "8b 46 fe", CodeSize.BITS16));
        assertEquals("mov    ax,WORD PTR [bp-0x2]", one(Disassembler.intel(), "8b 46 fe", CodeSize.BITS16));
    }

    @Test
    void disassemblingARangeStopsWhereTheBytesEnd() {
        byte[] b = HexFormat.of().parseHex("554889e5c3");
        List<Disassembler.Line> lines = Disassembler.att().disassemble(CodeSource.of(b, AT), AT, CodeSize.BITS64, 10);
        assertEquals(List.of("push   %rbp", "mov    %rsp,%rbp", "ret"), lines.stream().map(Disassembler.Line::text).toList());
    }
}
