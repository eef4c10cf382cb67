package io.xenscope.cpu.exec;

import io.xenscope.cpu.decoder.Mnemonic;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** Mnemonic → op factory, and which instructions end a basic block. */
public final class OpTable {
    private final Map<Mnemonic, OpFactory> factories = new EnumMap<>(Mnemonic.class);
    private final Set<Mnemonic> blockEnders = EnumSet.noneOf(Mnemonic.class);
    private final Map<Mnemonic, FusionFactory> fusions = new EnumMap<>(Mnemonic.class);

    /** Registers an instruction that falls through to the next one. */
    public void add(Mnemonic mnemonic, OpFactory factory) {
        if (factories.putIfAbsent(mnemonic, factory) != null) {
            throw new IllegalStateException(mnemonic + " registered twice");
        }
    }

    /**
     * Registers an instruction that ends its block: a branch, or anything that changes the mode,
     * paging, or what the next instruction means. Its op must set {@code cpu.rip}.
     */
    public void addBlockEnd(Mnemonic mnemonic, OpFactory factory) {
        add(mnemonic, factory);
        blockEnders.add(mnemonic);
    }

    /** Lets {@code flagSetter} fuse with a following conditional jump. */
    public void addFusion(Mnemonic flagSetter, FusionFactory factory) {
        fusions.put(flagSetter, factory);
    }

    public FusionFactory fusion(Mnemonic flagSetter) {
        return fusions.get(flagSetter);
    }

    public OpFactory factory(Mnemonic mnemonic) {
        return factories.get(mnemonic);
    }

    public boolean endsBlock(Mnemonic mnemonic) {
        return blockEnders.contains(mnemonic);
    }

    public Set<Mnemonic> registered() {
        return factories.keySet();
    }
}
