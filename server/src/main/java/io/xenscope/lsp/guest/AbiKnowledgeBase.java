package io.xenscope.lsp.guest;

import com.google.gson.Gson;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Xen guest ABI as data: hypercalls (number, signature, meaning, return values), constants
 * (value, group, header, the argument they are used with) and struct layouts (field offsets),
 * read from the resource {@code xen-abi.json} — the single source of truth, checked against the
 * guest-sdk headers by a test so the two cannot drift.
 */
public final class AbiKnowledgeBase {
    /** A hypercall. */
    public record Hypercall(String name, int number, String header, String signature, String doc, String returns) {
    }

    /** A group of related constants (MMUEXT_*, EVTCHNOP_*, ...). */
    public record ConstantGroup(String header, String usedWith, String doc, List<List<Object>> constants, String aliasPrefix) {
    }

    /** One constant with its group. */
    public record Constant(String name, long value, String doc, ConstantGroup group) {
    }

    /** A struct and its fields: [name, type, offset, doc]. */
    public record Struct(String name, String header, int size, String doc, List<List<Object>> fields) {
    }

    /** One field with its struct. */
    public record Field(String name, String type, int offset, String doc, Struct struct) {
    }

    private record Root(List<Hypercall> hypercalls, List<ConstantGroup> constantGroups, List<Struct> structs) {
    }

    private static volatile AbiKnowledgeBase instance;

    private final Map<String, Hypercall> hypercalls = new LinkedHashMap<>();
    private final Map<String, Constant> constants = new LinkedHashMap<>();
    private final Map<String, Struct> structs = new LinkedHashMap<>();
    private final Map<String, List<Field>> fieldsByName = new LinkedHashMap<>();

    private AbiKnowledgeBase(Root root) {
        for (Hypercall h : root.hypercalls()) hypercalls.put(h.name(), h);
        for (ConstantGroup g : root.constantGroups()) {
            for (List<Object> c : g.constants()) {
                Constant k = new Constant((String) c.get(0), ((Number) c.get(1)).longValue(), (String) c.get(2), g);
                constants.put(k.name(), k);
                if (g.aliasPrefix() != null && k.name().startsWith(g.aliasPrefix())) {
                    constants.putIfAbsent(k.name().substring(g.aliasPrefix().length()), k);
                }
            }
        }
        for (Struct s : root.structs()) {
            structs.put(s.name(), s);
            for (List<Object> f : s.fields()) {
                String full = (String) f.get(0);
                String leaf = full.substring(full.lastIndexOf('.') + 1);
                Field field = new Field(full, (String) f.get(1), ((Number) f.get(2)).intValue(), (String) f.get(3), s);
                fieldsByName.computeIfAbsent(leaf, k -> new ArrayList<>()).add(field);
            }
        }
    }

    public static AbiKnowledgeBase get() {
        AbiKnowledgeBase kb = instance;
        if (kb == null) {
            synchronized (AbiKnowledgeBase.class) {
                if (instance == null) instance = load();
                kb = instance;
            }
        }
        return kb;
    }

    private static AbiKnowledgeBase load() {
        try (InputStream in = AbiKnowledgeBase.class.getResourceAsStream("xen-abi.json")) {
            if (in == null) throw new IllegalStateException("xen-abi.json missing from the classpath");
            try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                return new AbiKnowledgeBase(new Gson().fromJson(r, Root.class));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** By bare name ("mmu_update"), HYPERVISOR_ name, __HYPERVISOR_ name or Xen's do_ handler name. */
    public Optional<Hypercall> hypercall(String word) {
        String n = word;
        if (n.startsWith("__HYPERVISOR_")) n = n.substring("__HYPERVISOR_".length());
        else if (n.startsWith("HYPERVISOR_")) n = n.substring("HYPERVISOR_".length());
        else if (n.startsWith("do_")) n = n.substring(3);
        else if (!hypercalls.containsKey(n)) return Optional.empty();
        return Optional.ofNullable(hypercalls.get(n));
    }

    public Optional<Constant> constant(String name) {
        return Optional.ofNullable(constants.get(name));
    }

    /** By name, with or without a _t suffix. */
    public Optional<Struct> struct(String name) {
        String n = name.endsWith("_t") ? name.substring(0, name.length() - 2) : name;
        return Optional.ofNullable(structs.get(n));
    }

    /** Fields with this (leaf) name in any struct. */
    public List<Field> fields(String name) {
        return fieldsByName.getOrDefault(name, List.of());
    }

    public Collection<Hypercall> hypercalls() {
        return hypercalls.values();
    }

    public Collection<Constant> constants() {
        return constants.values();
    }

    public Collection<Struct> structs() {
        return structs.values();
    }
}
