package io.xenscope.cpu.exec;

import io.xenscope.cpu.decoder.Instruction;
import io.xenscope.cpu.decoder.Mnemonic;
import java.util.ArrayList;
import java.util.List;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/** Mnemonic → op factory, and which instructions end a basic block. */
public final class OpTable {
    private final Map<Mnemonic, OpFactory> factories = new EnumMap<>(Mnemonic.class);
    private final Set<Mnemonic> blockEnders = EnumSet.noneOf(Mnemonic.class);
    private final Map<Mnemonic, FusionFactory> fusions = new EnumMap<>(Mnemonic.class);
    private final Map<Mnemonic, List<Form>> forms = new EnumMap<>(Mnemonic.class);

    /** A special form of a mnemonic that another family owns (e.g. mov to a segment or control register). */
    private record Form(Predicate<Instruction> claims, OpFactory factory, boolean endsBlock) {
    }

    /**
     * Registers a form of {@code mnemonic} recognised by {@code claims} (its operands, typically),
     * translated by {@code factory} before the mnemonic's own factory is consulted. Lets the system
     * family own {@code mov Sreg/CRn/DRn} and {@code push/pop Sreg} while the moves family owns MOV.
     */
    public void addForm(Mnemonic mnemonic, Predicate<Instruction> claims, OpFactory factory, boolean endsBlock) {
        forms.computeIfAbsent(mnemonic, m -> new ArrayList<>()).add(new Form(claims, factory, endsBlock));
    }

    private Form form(Instruction insn) {
        List<Form> list = forms.get(insn.mnemonic());
        if (list != null) {
            for (Form f : list) {
                if (f.claims().test(insn)) {
                    return f;
                }
            }
        }
        return null;
    }

    /** The factory for this instruction: a registered special form, else the mnemonic's factory. */
    public OpFactory factory(Instruction insn) {
        Form f = form(insn);
        return f != null ? f.factory() : factories.get(insn.mnemonic());
    }

    /** Whether this instruction ends its block (its special form decides, else its mnemonic). */
    public boolean endsBlock(Instruction insn) {
        Form f = form(insn);
        return f != null ? f.endsBlock() : blockEnders.contains(insn.mnemonic());
    }

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
