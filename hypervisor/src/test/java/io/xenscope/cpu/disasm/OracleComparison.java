package io.xenscope.cpu.disasm;

import io.xenscope.cpu.decoder.Instruction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Tallies agreement between our decoder/disassembler and an oracle, sorting disagreements into
 * named, documented categories ({@link Known}); whatever fits no category is unexplained.
 */
final class OracleComparison {
    /** One compared instruction. */
    record Case(Instruction ours, byte[] bytes, String ourText, String theirText, int theirLength) {
        String hex() {
            StringBuilder sb = new StringBuilder();
            for (byte b : bytes) {
                sb.append(String.format("%02x ", b & 0xff));
            }
            return sb.toString().trim();
        }

        @Override
        public String toString() {
            return String.format("%s [%s] ours(len %d): '%s'  objdump(len %d): '%s'", ours.codeSize(), hex(),
                    ours.length(), ourText, theirLength, theirText, theirLength);
        }
    }

    /** A documented category of disagreement. */
    record Known(String name, String why, Predicate<Case> matches) {
    }

    private final List<Known> known;
    final Map<String, Integer> counts = new LinkedHashMap<>();
    final List<Case> unexplained = new ArrayList<>();
    int compared;
    int agreed;

    OracleComparison(List<Known> known) {
        this.known = known;
    }

    void compare(Case c) {
        compared++;
        boolean lengthOk = c.theirLength() == c.ours().length() || (!c.ours().isValid() && c.theirText().equals("(bad)"));
        if (lengthOk && Objdump.normalize(c.ourText()).equals(Objdump.normalize(c.theirText()))) {
            agreed++;
            return;
        }
        for (Known k : known) {
            if (k.matches().test(c)) {
                counts.merge(k.name(), 1, Integer::sum);
                return;
            }
        }
        unexplained.add(c);
    }

    String report(String title) {
        StringBuilder sb = new StringBuilder();
        sb.append(title).append(": compared ").append(compared).append(", identical ").append(agreed)
                .append(", known-category differences ").append(counts.values().stream().mapToInt(i -> i).sum())
                .append(", unexplained ").append(unexplained.size()).append('\n');
        counts.forEach((k, v) -> sb.append("  ").append(k).append(": ").append(v).append('\n'));
        Map<String, List<Case>> groups = new LinkedHashMap<>();
        for (Case c : unexplained) {
            String key = c.ours().codeSize() + " " + Integer.toHexString(c.ours().opcode()) + " " + c.hex().substring(0, 2);
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(c);
        }
        groups.values().stream().limit(Integer.getInteger("oracle.groups", 60))
                .forEach(g -> sb.append("  UNEXPLAINED x").append(g.size()).append(' ').append(g.get(0)).append('\n'));
        return sb.toString();
    }
}
