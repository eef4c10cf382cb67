package io.xenscope.dap.handlers;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import io.xenscope.dap.DapError;
import io.xenscope.dap.GuestView;

/** Reading the JSON arguments of the custom {@code xenscope/*} requests (absent arguments are {}). */
final class Args {
    private Args() {
    }

    private static JsonPrimitive primitive(JsonObject a, String name) {
        JsonElement e = a == null ? null : a.get(name);
        if (e == null || e.isJsonNull()) {
            return null;
        }
        if (!e.isJsonPrimitive()) {
            throw new DapError("'" + name + "' must be a number or a string");
        }
        return e.getAsJsonPrimitive();
    }

    /** An integer argument, or null when absent. */
    static Integer integer(JsonObject a, String name) {
        JsonPrimitive p = primitive(a, name);
        if (p == null) {
            return null;
        }
        try {
            return p.isNumber() ? Math.toIntExact(p.getAsLong()) : Integer.parseInt(p.getAsString().trim());
        } catch (ArithmeticException | NumberFormatException e) {
            throw new DapError("'" + name + "' must be an integer: " + p);
        }
    }

    /** An address argument ("0x…" hex string, decimal string or number), or null when absent. */
    static Long address(JsonObject a, String name) {
        JsonPrimitive p = primitive(a, name);
        if (p == null) {
            return null;
        }
        if (p.isNumber()) {
            try {
                return p.getAsBigDecimal().longValueExact();
            } catch (ArithmeticException e) {
                throw new DapError("'" + name + "' is not an address: " + p);
            }
        }
        return GuestView.parseAddress(p.getAsString());
    }
}
