package io.xenscope.samples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A sample's expected console transcript (expected.txt; the format is in samples/README.md): lines
 * compared exactly except that {{name}} matches any text within a line (the same text wherever the
 * same name recurs) and a line {{name...}} matches any number of whole lines.
 */
final class Transcript {
    /** Lines a guest prints only because it found Xen (Linux's convention). */
    static final String XEN_PREFIX = "xen: ";
    private static final Pattern VALUE = Pattern.compile("\\{\\{(\\w+)}}");
    private static final Pattern LINES = Pattern.compile("\\{\\{\\w+\\.\\.\\.}}");

    private final List<String> lines;
    private final String shutdownReason;

    private Transcript(List<String> lines, String shutdownReason) {
        this.lines = List.copyOf(lines);
        this.shutdownReason = shutdownReason;
    }

    static Transcript read(Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        String reason = "poweroff";
        for (String line : Files.readAllLines(file)) {
            if (line.startsWith("# shutdown:")) {
                reason = line.substring("# shutdown:".length()).trim();
            } else if (!line.startsWith("#")) {
                lines.add(line);
            }
        }
        return new Transcript(lines, reason);
    }

    /** What the guest prints on a machine without Xen: the same, minus its "xen: " lines. */
    Transcript withoutXenLines() {
        return new Transcript(lines.stream().filter(l -> !l.startsWith(XEN_PREFIX)).toList(), shutdownReason);
    }

    /** The SCHEDOP_shutdown reason ("# shutdown:"), poweroff unless given. */
    String shutdownReason() {
        return shutdownReason;
    }

    List<String> lines() {
        return lines;
    }

    /**
     * Compares a whole console text (a serial "\r\n" reads as "\n"; a final line end is not an
     * extra empty line) with this transcript; empty when it matches, else the first difference.
     */
    Optional<String> mismatch(String console) {
        String text = console.replace("\r\n", "\n");
        if (text.endsWith("\n")) {
            text = text.substring(0, text.length() - 1);
        }
        List<String> actual = text.isEmpty() ? List.of() : Arrays.asList(text.split("\n", -1));
        int[] furthest = {0, 0};
        if (match(0, 0, actual, new HashMap<>(), furthest)) {
            return Optional.empty();
        }
        int p = furthest[0];
        int a = furthest[1];
        String want = p < lines.size() ? "«" + lines.get(p) + "»" : "the end of the transcript";
        String got = a < actual.size() ? "«" + actual.get(a) + "»" : "the end of the output";
        return Optional.of("line " + (a + 1) + ": expected " + want + ", got " + got + "\n---- output:\n" + console);
    }

    private boolean match(int p, int a, List<String> actual, Map<String, String> bound, int[] furthest) {
        if (p > furthest[0] || (p == furthest[0] && a > furthest[1])) {
            furthest[0] = p;
            furthest[1] = a;
        }
        if (p == lines.size()) {
            return a == actual.size();
        }
        String pattern = lines.get(p);
        if (LINES.matcher(pattern).matches()) {
            for (int k = a; k <= actual.size(); k++) {
                if (match(p + 1, k, actual, bound, furthest)) {
                    return true;
                }
            }
            return false;
        }
        if (a == actual.size()) {
            return false;
        }
        Map<String, String> tried = new HashMap<>(bound);
        if (matchesLine(pattern, actual.get(a), tried) && match(p + 1, a + 1, actual, tried, furthest)) {
            bound.putAll(tried);
            return true;
        }
        return false;
    }

    /**
     * One line: {{name}} matches any text, the same text as an earlier {{name}} (a name bound by
     * an earlier line is matched as that text, so lazy matching cannot bind it differently).
     */
    static boolean matchesLine(String pattern, String line, Map<String, String> bound) {
        Matcher names = VALUE.matcher(pattern);
        StringBuilder regex = new StringBuilder();
        Map<String, Integer> groups = new HashMap<>();
        int last = 0;
        while (names.find()) {
            regex.append(Pattern.quote(pattern.substring(last, names.start())));
            String name = names.group(1);
            if (bound.containsKey(name)) {
                regex.append(Pattern.quote(bound.get(name)));
            } else if (groups.containsKey(name)) {
                regex.append("\\").append(groups.get(name));
            } else {
                groups.put(name, groups.size() + 1);
                regex.append("(.*?)");
            }
            last = names.end();
        }
        regex.append(Pattern.quote(pattern.substring(last)));
        Matcher m = Pattern.compile(regex.toString()).matcher(line);
        if (!m.matches()) {
            return false;
        }
        groups.forEach((name, group) -> bound.put(name, m.group(group)));
        return true;
    }
}
