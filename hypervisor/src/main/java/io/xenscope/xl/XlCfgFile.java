package io.xenscope.xl;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A parsed xl.cfg(5) domain configuration: the settings in file order (a key may repeat; xl uses
 * the last one) and the syntax errors found on the way. Offsets are char offsets in the text.
 */
public final class XlCfgFile {
    /** A value: a string, a number, or a list of values. */
    public sealed interface Value permits Str, Num, ListValue {
        int start();

        int end();

        /** The type as xl.cfg(5) names it, for messages. */
        String typeName();
    }

    /** "..." or '...'; {@code value} is the decoded text. */
    public record Str(String value, int start, int end) implements Value {
        public String typeName() { return "string"; }
    }

    /** A number as written ({@code 0x10}, {@code 512}); {@code value} null when it does not parse. */
    public record Num(String text, Long value, int start, int end) implements Value {
        public String typeName() { return "number"; }
    }

    /** [ v, v, ... ]. */
    public record ListValue(List<Value> items, int start, int end) implements Value {
        public String typeName() { return "list"; }
    }

    /** KEY = VALUE or KEY += VALUE; value null when it was missing or malformed. */
    public record Setting(String key, int keyStart, int keyEnd, boolean append, Value value, int start, int end) {
    }

    /** A syntax error with its exact extent; {@code fix} is a suggested replacement text or null. */
    public record SyntaxError(String message, int start, int end, String fix) {
    }

    private final List<Setting> settings;
    private final List<SyntaxError> errors;

    XlCfgFile(List<Setting> settings, List<SyntaxError> errors) {
        this.settings = List.copyOf(settings);
        this.errors = List.copyOf(errors);
    }

    public List<Setting> settings() { return settings; }

    public List<SyntaxError> errors() { return errors; }

    /** The effective (last) setting of a key. */
    public Optional<Setting> get(String key) {
        Setting found = null;
        for (Setting s : settings) {
            if (s.key().equals(key)) found = s;
        }
        return Optional.ofNullable(found);
    }

    /** The effective string value of a key, if it is set to a string. */
    public Optional<String> string(String key) {
        return get(key).map(Setting::value).filter(v -> v instanceof Str).map(v -> ((Str) v).value());
    }

    /** The effective number value of a key, if it is set to a number. */
    public Optional<Long> number(String key) {
        return get(key).map(Setting::value).filter(v -> v instanceof Num n && n.value() != null).map(v -> ((Num) v).value());
    }

    public List<Setting> all(String key) {
        List<Setting> r = new ArrayList<>();
        for (Setting s : settings) if (s.key().equals(key)) r.add(s);
        return r;
    }
}
