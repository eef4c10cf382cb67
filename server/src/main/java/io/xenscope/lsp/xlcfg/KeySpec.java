package io.xenscope.lsp.xlcfg;

import java.util.List;

/**
 * One xl.cfg(5) key: the value it takes, its documentation, and the guests it applies to.
 *
 * @param type       what value the key takes
 * @param values     the allowed strings for {@link ValueType#ENUM} (and for list elements of
 *                   {@link ValueType#ENUM_LIST}); empty otherwise
 * @param min        smallest number allowed (inclusive) or null
 * @param max        largest number allowed (inclusive) or null
 * @param guests     which guest types it applies to: "all", or a '|'-list of pv, pvh, hvm
 * @param deprecated null, or what to use instead
 * @param unit       unit of a number ("MiB") or null
 */
public record KeySpec(String name, ValueType type, List<String> values, Long min, Long max, String guests,
        String deprecated, String unit, String doc) {

    /** What a key's value looks like. */
    public enum ValueType {
        STRING("string"), NUMBER("number"), BOOLEAN("boolean (0 or 1)"), ENUM("string"), LIST("list of strings"),
        STRING_OR_LIST("string or list of strings"), ENUM_LIST("list of strings"), NUMBER_OR_STRING("number or string");

        private final String label;

        ValueType(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public boolean appliesTo(String guestType) {
        return guests.equals("all") || ("|" + guests + "|").contains("|" + guestType + "|");
    }

    /** The documentation as Markdown, for hover and completion. */
    public String markdown() {
        StringBuilder b = new StringBuilder();
        b.append("**").append(name).append("** — ").append(type.label());
        if (unit != null) b.append(", in ").append(unit);
        b.append("\n\n").append(doc);
        if (!values.isEmpty()) {
            b.append("\n\nValues: ");
            for (int i = 0; i < values.size(); i++) b.append(i == 0 ? "" : ", ").append('`').append(values.get(i)).append('`');
        }
        if (min != null || max != null) {
            b.append("\n\nRange: ").append(min == null ? "" : min).append(" … ").append(max == null ? "" : max);
        }
        if (!guests.equals("all")) b.append("\n\nApplies to: ").append(guests.replace("|", ", ")).append(" guests");
        if (deprecated != null) b.append("\n\n**Deprecated**: ").append(deprecated);
        b.append("\n\n*xl.cfg(5)*");
        return b.toString();
    }

    /** A completion snippet for {@code key = value}. */
    public String snippet() {
        return switch (type) {
            case NUMBER, BOOLEAN -> name + " = ${1:" + (min != null && min > 0 ? min : type == ValueType.BOOLEAN ? 1 : 0) + "}";
            case ENUM -> name + " = \"${1|" + String.join(",", values) + "|}\"";
            case LIST, ENUM_LIST -> name + " = [ \"${1}\" ]";
            default -> name + " = \"${1}\"";
        };
    }
}
