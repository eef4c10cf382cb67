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
        assertTrue(matchesFrom(expected, 0, actual, 0, new HashMap<>()),
                "console does not match " + sample + "/expected.txt:\n" + r.console());
        assertTrue(r.faults().isEmpty(), r.faults().toString());
        assertTrue(r.unknownHypercalls().isEmpty(), r.unknownHypercalls().toString());
    }

    /**
     * The expected lines from p on against the console lines from a on (the console may go on
     * after them); a line {{name...}} matches any number of console lines.
     */
    static boolean matchesFrom(List<String> expected, int p, String[] actual, int a, Map<String, String> bound) {
        if (p == expected.size()) {
            return true;
        }
        if (expected.get(p).matches("\\{\\{\\w+\\.\\.\\.}}")) {
            for (int k = a; k <= actual.length; k++) {
                if (matchesFrom(expected, p + 1, actual, k, bound)) {
                    return true;
                }
            }
            return false;
        }
        Map<String, String> tried = new HashMap<>(bound);
        return a < actual.length && matches(expected.get(p), actual[a], tried)
                && matchesFrom(expected, p + 1, actual, a + 1, tried);
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
