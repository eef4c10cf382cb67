package io.xenscope.lsp.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The knowledge base (xen-abi.json) against the guest-sdk headers (guest-sdk/include/xen): every
 * hypercall number, every constant and every struct offset/size that both define must agree, and
 * the overlap must be large enough that this check means something.
 */
class AbiKnowledgeBaseTest {
    private static final Path HEADERS = Path.of("..", "guest-sdk", "include", "xen");
    private static final Pattern DEFINE = Pattern.compile("(?m)^#define\\s+(\\w+)\\s+\\(?\\s*(0[xX][0-9a-fA-F]+|\\d+)(?:[uUlL]*)\\s*(?:<<\\s*(\\d+))?\\s*\\)?");
    private static final Pattern OFF = Pattern.compile("XEN_ABI_OFF\\((\\w+?)(?:_t)?,\\s*([\\w.]+),\\s*(\\d+)\\)");
    private static final Pattern SIZE = Pattern.compile("XEN_ABI_SIZE\\((\\w+?)(?:_t)?,\\s*(\\d+)\\)");

    private static String headers() throws IOException {
        assertTrue(Files.isDirectory(HEADERS), "guest-sdk headers not found at " + HEADERS.toAbsolutePath());
        StringBuilder b = new StringBuilder();
        try (Stream<Path> s = Files.walk(HEADERS)) {
            for (Path p : s.filter(p -> p.toString().endsWith(".h")).sorted().toList()) b.append(Files.readString(p)).append('\n');
        }
        return b.toString();
    }

    private static Map<String, Long> defines(String text) {
        Map<String, Long> m = new HashMap<>();
        Matcher x = DEFINE.matcher(text);
        while (x.find()) {
            String v = x.group(2);
            long n = v.startsWith("0x") || v.startsWith("0X") ? Long.parseUnsignedLong(v.substring(2), 16) : Long.parseLong(v);
            if (x.group(3) != null) n <<= Integer.parseInt(x.group(3));
            m.put(x.group(1), n);
        }
        return m;
    }

    @Test
    void hypercallNumbersAndConstantsMatchTheHeaders() throws IOException {
        Map<String, Long> h = defines(headers());
        AbiKnowledgeBase kb = AbiKnowledgeBase.get();
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (AbiKnowledgeBase.Hypercall c : kb.hypercalls()) {
            Long v = h.get("__HYPERVISOR_" + c.name());
            if (v == null) continue;
            checked++;
            if (v != c.number()) wrong.add(c.name() + ": kb " + c.number() + ", header " + v);
        }
        for (AbiKnowledgeBase.Constant c : kb.constants()) {
            Long v = h.get(c.name());
            if (v == null) continue;
            checked++;
            if (v != c.value()) wrong.add(c.name() + ": kb " + c.value() + ", header " + v);
        }
        assertEquals(List.of(), wrong);
        assertTrue(checked >= 120, "only " + checked + " names in common with the headers");
        // A sample the brief names, so a silent drop from either side fails too.
        for (String n : List.of("MMUEXT_PIN_L4_TABLE", "EVTCHNOP_send", "VIRQ_TIMER", "SCHEDOP_block", "CONSOLEIO_write", "UVMF_ALL",
                "SHUTDOWN_crash", "XEN_EINVAL", "XENMEM_populate_physmap", "DOMID_SELF")) {
            assertEquals(h.get(n), kb.constant(n).map(AbiKnowledgeBase.Constant::value).orElse(null), n);
        }
        assertEquals(h.get("__HYPERVISOR_mmu_update"), 1L);
    }

    @Test
    void structOffsetsAndSizesMatchTheHeaders() throws IOException {
        String text = headers();
        AbiKnowledgeBase kb = AbiKnowledgeBase.get();
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        Matcher m = OFF.matcher(text);
        while (m.find()) {
            var st = kb.struct(m.group(1));
            if (st.isEmpty()) continue;
            for (List<Object> f : st.get().fields()) {
                if (f.get(0).equals(m.group(2))) {
                    checked++;
                    int off = ((Number) f.get(2)).intValue();
                    if (off != Integer.parseInt(m.group(3))) wrong.add(m.group(1) + "." + m.group(2) + ": kb " + off + ", header " + m.group(3));
                }
            }
        }
        m = SIZE.matcher(text);
        while (m.find()) {
            var st = kb.struct(m.group(1));
            if (st.isEmpty()) continue;
            checked++;
            if (st.get().size() != Integer.parseInt(m.group(2))) wrong.add(m.group(1) + " size: kb " + st.get().size() + ", header " + m.group(2));
        }
        assertEquals(List.of(), wrong);
        assertTrue(checked >= 25, "only " + checked + " offsets/sizes checked");
    }
}
