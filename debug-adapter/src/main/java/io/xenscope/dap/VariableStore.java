package io.xenscope.dap;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.eclipse.lsp4j.debug.Variable;

/**
 * Variable references of the current stop: each maps to a supplier of its children, and, for
 * containers whose children can be changed (setVariable), a {@link Setter}. Cleared when the guest
 * runs again, as DAP requires.
 */
public final class VariableStore {
    /** Sets the child {@code name} to {@code value} (an expression); returns the child as it now is. */
    @FunctionalInterface
    public interface Setter {
        Variable set(String name, String value);
    }

    private final List<Supplier<List<Variable>>> refs = new ArrayList<>();
    private final java.util.Map<Integer, Setter> setters = new java.util.HashMap<>();

    public synchronized int add(Supplier<List<Variable>> children) {
        refs.add(children);
        return refs.size();
    }

    public synchronized int add(Supplier<List<Variable>> children, Setter setter) {
        int ref = add(children);
        setters.put(ref, setter);
        return ref;
    }

    /** The setter of a container, or an error when its children cannot be changed. */
    public synchronized Setter setter(int reference) {
        get(reference);
        Setter s = setters.get(reference);
        if (s == null) {
            throw new DapError("these values cannot be changed from the debugger");
        }
        return s;
    }

    public synchronized Supplier<List<Variable>> get(int reference) {
        if (reference < 1 || reference > refs.size()) {
            throw new DapError("unknown variablesReference " + reference + " (stale after the guest ran?)");
        }
        return refs.get(reference - 1);
    }

    public synchronized void clear() {
        refs.clear();
        setters.clear();
    }
}
