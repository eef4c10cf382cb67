package io.xenscope.dap;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.eclipse.lsp4j.debug.Variable;

/**
 * Variable references of the current stop: each maps to a supplier of its children. Cleared when
 * the guest runs again, as DAP requires.
 */
public final class VariableStore {
    private final List<Supplier<List<Variable>>> refs = new ArrayList<>();

    public synchronized int add(Supplier<List<Variable>> children) {
        refs.add(children);
        return refs.size();
    }

    public synchronized Supplier<List<Variable>> get(int reference) {
        if (reference < 1 || reference > refs.size()) {
            throw new DapError("unknown variablesReference " + reference + " (stale after the guest ran?)");
        }
        return refs.get(reference - 1);
    }

    public synchronized void clear() {
        refs.clear();
    }
}
