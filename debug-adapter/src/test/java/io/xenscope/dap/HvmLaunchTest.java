package io.xenscope.dap;

import static io.xenscope.dap.DapTestClient.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.lsp4j.debug.DisassembleArguments;
import org.eclipse.lsp4j.debug.DisassembledInstruction;
import org.eclipse.lsp4j.debug.ExitedEventArguments;
import org.eclipse.lsp4j.debug.ScopesArguments;
import org.eclipse.lsp4j.debug.StackFrame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An HVM guest under the debug adapter: it starts at the reset vector in real mode (F000:FFF0, linear
 * 0xFFFFFFF0), and its C code, reached through the BIOS and the Multiboot entry in long mode, is
 * debugged with the DWARF of the ELF64 the ELF32 container was made from.
 */
class HvmLaunchTest {
    @RegisterExtension
    final DapTestClient c = new DapTestClient();

    private static Map<String, Object> launch(Path program, Object... kv) {
        Map<String, Object> m = new HashMap<>();
        m.put("program", program.toString());
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static Path helloHvm() throws Exception {
        return DapTestClient.sample("hello-hvm");
    }

    private void stopAtEntry(Map<String, Object> launch) throws Exception {
        c.start(launch);
        c.configurationDone();
        c.stopped("entry");
    }

    private Map<String, String> registers() throws Exception {
        ScopesArguments a = new ScopesArguments();
        a.setFrameId(c.top().getId());
        return c.variables(get(c.server.scopes(a)).getScopes()[0].getVariablesReference());
    }

    @Test
    void withoutAModeAMultibootImageIsDetectedAsHvmAndItsElf64GivesTheSymbols() throws Exception {
        Path image = helloHvm();
        stopAtEntry(launch(image, "stopOnEntry", true));
        assertTrue(c.output().contains("XenScope: hello-hvm boots as hvm (detected); symbols from " + image + ".elf64\n"),
                c.output());
    }

    @Test
    void theEntryIsTheResetVectorInRealMode() throws Exception {
        stopAtEntry(launch(helloHvm(), "mode", "hvm", "stopOnEntry", true));
        StackFrame top = c.top();
        assertEquals("0xfffffff0", top.getInstructionPointerReference());
        assertEquals("0xfffffff0", top.getName());
        Map<String, String> regs = registers();
        assertEquals("0xf000", regs.get("cs"));
        assertTrue(regs.get("rip").startsWith("0xfff0"), regs.get("rip"));
    }

    @Test
    void realModeCodeDisassemblesAs16BitAtCsBasePlusIp() throws Exception {
        stopAtEntry(launch(helloHvm(), "stopOnEntry", true));
        DisassembleArguments a = new DisassembleArguments();
        a.setMemoryReference(c.top().getInstructionPointerReference());
        a.setInstructionCount(1);
        DisassembledInstruction[] insns = get(c.server.disassemble(a)).getInstructions();
        assertEquals("0xfffffff0", insns[0].getAddress());
        assertEquals("ljmp   $0xf000,$0xe05b", insns[0].getInstruction());
        assertEquals("ea 5b e0 00 f0", insns[0].getInstructionBytes());
    }

    @Test
    void aLineBreakpointInTheCCodeIsHitInLongModeThenNextAndExit() throws Exception {
        Path image = helloHvm();
        Path source = image.resolveSibling("hello.c");
        c.start(launch(image, "stopOnEntry", true));
        assertTrue(c.breakAt(source.toString(), 66).getBreakpoints()[0].isVerified());
        c.configurationDone();
        c.stopped("entry");
        c.cont();
        c.stopped("breakpoint");
        StackFrame top = c.top();
        assertTrue(top.getName().startsWith("main"), top.getName());
        assertEquals(66, top.getLine());
        assertEquals(source.toString(), top.getSource().getPath());
        assertEquals("0x8", registers().get("cs")); // BOOT_CS, the 64-bit code segment of guest-sdk/arch/x86_64/common/entry.S
        c.next();
        c.stopped("step");
        assertEquals(67, c.top().getLine());
        assertTrue(c.output().contains("Hello from an HVM guest!"), c.output());
        c.cont();
        assertEquals(0, ((ExitedEventArguments) c.waitFor("exited")).getExitCode());
        assertTrue(c.output().contains("Goodbye."), c.output());
    }

    @Test
    void aBootDiskTakesItsSymbolsFromTheElfOfTheSameName() throws Exception {
        Path disk = DapTestClient.sample("hvm-realmode").resolveSibling("hvm-realmode.img");
        stopAtEntry(launch(disk, "stopOnEntry", true));
        assertTrue(c.output().contains("XenScope: hvm-realmode.img boots as hvm (detected); symbols from "
                + disk.resolveSibling("hvm-realmode") + "\n"), c.output());
    }

    @Test
    void theSymbolsAttributeNamesTheElfWithTheDebugInformation() throws Exception {
        Path image = helloHvm();
        Path other = DapTestClient.helloPv();
        stopAtEntry(launch(image, "symbols", other.toString(), "stopOnEntry", true));
        assertTrue(c.output().contains("; symbols from " + other + "\n"), c.output());
    }

    @Test
    void aMissingSymbolFileIsRefused() throws Exception {
        assertEquals("symbols not found: /nonexistent/kernel.elf64", DapTestClient.error(c.server.launch(
                launch(helloHvm(), "symbols", "/nonexistent/kernel.elf64"))));
    }

    @Test
    void theXenScopeAndTheMachineSummaryNameTheGuestHvmWithItsHvmParams() throws Exception {
        stopAtEntry(launch(helloHvm(), "stopOnEntry", true));
        ScopesArguments a = new ScopesArguments();
        a.setFrameId(c.top().getId());
        org.eclipse.lsp4j.debug.Scope xen = java.util.Arrays.stream(get(c.server.scopes(a)).getScopes())
                .filter(sc -> sc.getName().equals("Xen")).findFirst().orElseThrow();
        Map<String, String> vars = c.variables(xen.getVariablesReference());
        assertEquals("hvm", vars.get("type"));
        assertTrue(vars.containsKey("HVM params"), vars.toString());
        assertTrue(!vars.containsKey("start_info") && !vars.containsKey("hvm_start_info"), vars.toString());
        assertEquals("hvm", c.request(XenDebugAdapter.MACHINE_SUMMARY, null).getAsJsonObject("domain").get("mode").getAsString());
    }

    /** The boot sector's own source (16-bit code at 0000:7C00): a line breakpoint, then next steps line by line. */
    @Test
    void aBootSectorIsDebuggedByLineInRealMode() throws Exception {
        Path disk = DapTestClient.sample("hvm-realmode").resolveSibling("hvm-realmode.img");
        Path bootsect = disk.getParent().resolveSibling("../guest-sdk/arch/x86_64/hvm/bootsect.S").normalize();
        c.start(launch(disk));
        assertTrue(c.breakAt(bootsect.toString(), 30).getBreakpoints()[0].isVerified());
        c.configurationDone();
        c.stopped("breakpoint");
        StackFrame top = c.top();
        assertEquals("0x7c00", top.getInstructionPointerReference());
        assertEquals(30, top.getLine());
        c.next();
        c.stopped("step");
        assertEquals(31, c.top().getLine());
        assertEquals("0x7c01", c.top().getInstructionPointerReference());
    }

    /** A boot sector that runs ud2: the "ud" exception filter stops there in real mode, before the BIOS takes it. */
    @Test
    void theUdExceptionFilterStopsAnHvmGuestInRealMode(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        byte[] sector = new byte[512];
        sector[0] = 0x0f; // ud2
        sector[1] = 0x0b;
        sector[510] = 0x55;
        sector[511] = (byte) 0xaa;
        Path disk = dir.resolve("ud2.img");
        java.nio.file.Files.write(disk, sector);
        c.start(launch(disk));
        org.eclipse.lsp4j.debug.SetExceptionBreakpointsArguments ea = new org.eclipse.lsp4j.debug.SetExceptionBreakpointsArguments();
        ea.setFilters(new String[] {"ud"});
        get(c.server.setExceptionBreakpoints(ea));
        c.configurationDone();
        c.stopped("exception");
        assertEquals("0x7c00", c.top().getInstructionPointerReference());
        c.cont();
        assertTrue(c.waitFor("exited") instanceof ExitedEventArguments);
    }
}
