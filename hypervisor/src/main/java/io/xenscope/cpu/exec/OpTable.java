package io.xenscope.cpu.exec;

import io.xenscope.cpu.decoder.Mnemonic;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import io.xenscope.cpu.decoder.Instruction;

/** Mnemonic → op factory, and which instructions end a basic block. */
public final class OpTable {
    private final Map<Mnemonic, OpFactory> factories = new EnumMap<>(Mnemonic.class);
    private final Set<Mnemonic> blockEnders = EnumSet.noneOf(Mnemonic.class);
    private final Map<Mnemonic, List<Form>> forms = new EnumMap<>(Mnemonic.class);

    /** A form of a mnemonic that another family owns (e.g. mov to a control register). */
    private record Form(Predicate<Instruction> applies, OpFactory factory, boolean endsBlock) {
    }

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

    /**
     * Registers a factory for the forms of {@code mnemonic} that {@code applies} selects; it takes
     * precedence over the mnemonic's ordinary factory. Lets two families share a mnemonic: the data
     * movement family owns MOV/PUSH/POP on general-purpose registers and memory, the system family
     * their segment, control and debug register forms.
     */
    public void addForm(Mnemonic mnemonic, Predicate<Instruction> applies, OpFactory factory, boolean endsBlock) {
        forms.computeIfAbsent(mnemonic, m -> new java.util.ArrayList<>()).add(new Form(applies, factory, endsBlock));
    }

    /** The factory for this instruction: a matching {@link #addForm form}, else the mnemonic's. */
    public OpFactory factory(Instruction insn) {
        Form f = form(insn);
        return f != null ? f.factory() : factories.get(insn.mnemonic());
    }

    public boolean endsBlock(Instruction insn) {
        Form f = form(insn);
        return f != null ? f.endsBlock() : blockEnders.contains(insn.mnemonic());
    }

    private Form form(Instruction insn) {
        List<Form> l = forms.get(insn.mnemonic());
        if (l != null) {
            for (Form f : l) {
                if (f.applies().test(insn)) {
                    return f;
                }
            }
        }
        return null;
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
