package io.xenscope.xen;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The sample guests of samples/ (built with guest-sdk) boot end to end on the emulated Xen and
 * print their expected.txt transcript ({{name}} matches a machine-dependent value, consistently)
 * before the expected shutdown reason.
 */
class SampleBootTest {
    @ParameterizedTest
    @ValueSource(strings = {"hello-pv", "pv-pagetables", "pv-events", "pv-xenstore", "hello-pvh"})
    void bootsToItsExpectedTranscript(String sample) throws Exception {
        XenMachine m = SampleGuests.boot(sample, PvBootOptions.defaults());
        RunReport r = m.run(200_000_000);
        List<String> expected = new ArrayList<>();
        String reason = "poweroff";
        for (String line : Files.readAllLines(SampleGuests.samplesDir().resolve(sample).resolve("expected.txt"))) {
            if (line.startsWith("# shutdown:")) {
                reason = line.substring("# shutdown:".length()).trim();
            } else if (!line.startsWith("#")) {
                expected.add(line);
            }
        }
        assertEquals(RunReport.Outcome.SHUTDOWN, r.outcome(), r.detail() + "\n" + r.console());
        assertEquals(reason, r.shutdownReasonName(), r.detail());
        String[] actual = r.console().split("\n", -1);
        Map<String, String> bound = new HashMap<>();
        for (int i = 0; i < expected.size(); i++) {
            if (i >= actual.length) {
                fail("missing line " + (i + 1) + ": " + expected.get(i) + "\n" + r.console());
            }
            assertTrue(matches(expected.get(i), actual[i], bound),
                    "line " + (i + 1) + ": expected «" + expected.get(i) + "» got «" + actual[i] + "»");
        }
        assertTrue(r.faults().isEmpty(), r.faults().toString());
        assertTrue(r.unknownHypercalls().isEmpty(), r.unknownHypercalls().toString());
    }

    static boolean matches(String pattern, String line, Map<String, String> bound) {
        Matcher names = Pattern.compile("\\{\\{(\\w+)}}").matcher(pattern);
        StringBuilder regex = new StringBuilder();
        List<String> order = new ArrayList<>();
        int last = 0;
        while (names.find()) {
            regex.append(Pattern.quote(pattern.substring(last, names.start()))).append("(.*?)");
            order.add(names.group(1));
            last = names.end();
        }
        regex.append(Pattern.quote(pattern.substring(last)));
        Matcher mm = Pattern.compile(regex.toString()).matcher(line);
        if (!mm.matches()) {
            return false;
        }
        for (int k = 0; k < order.size(); k++) {
            String prev = bound.putIfAbsent(order.get(k), mm.group(k + 1));
            if (prev != null && !prev.equals(mm.group(k + 1))) {
                return false;
            }
        }
        return true;
    }
}
