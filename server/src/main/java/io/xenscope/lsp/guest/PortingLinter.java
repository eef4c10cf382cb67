package io.xenscope.lsp.guest;

import io.xenscope.boot.elf.BootCapabilities;
import io.xenscope.boot.elf.GuestType;
import io.xenscope.lsp.DiagnosticsSource;
import io.xenscope.lsp.DocumentKind;
import io.xenscope.lsp.TextDocument;
import io.xenscope.lsp.xlcfg.KernelImages;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DiagnosticSeverity;

/**
 * Porting lints for C and assembly guest sources, for the guest type the project targets
 * ({@link GuestTargetResolver}): for PV, every instruction a 64-bit PV kernel may not execute
 * (in .S/.s files and in C inline asm) with what Xen does and the hypercall to use; for files
 * that define the Xen ELF notes, whether the kernel can boot as the target type (from the built
 * image through BootCapabilities when the xl.cfg names one, else from the notes the file emits).
 * HVM and PVH kernels run in ring 0: no instruction lints for them.
 */
public final class PortingLinter implements DiagnosticsSource {
    public static final String SOURCE = "xenscope-port";

    @Override
    public String name() {
        return SOURCE;
    }

    @Override
    public boolean appliesTo(TextDocument doc) {
        DocumentKind k = DocumentKind.of(doc);
        return k == DocumentKind.C || k == DocumentKind.ASM;
    }

    @Override
    public List<Diagnostic> diagnose(TextDocument doc) {
        Optional<GuestTarget> target = GuestTargetResolver.resolve(doc);
        if (target.isEmpty()) return List.of();
        return diagnose(doc, target.get());
    }

    /** With an explicit target (tests, benchmark). */
    public List<Diagnostic> diagnose(TextDocument doc, GuestTarget target) {
        List<Diagnostic> out = new ArrayList<>();
        boolean asm = DocumentKind.of(doc) == DocumentKind.ASM;
        if (target.type() == GuestType.PV) {
            List<AsmText> texts = asm ? List.of(AsmText.fromAssembly(doc.text())) : AsmText.fromC(doc.text());
            for (AsmText t : texts) {
                for (AsmText.Statement s : t.statements()) {
                    if (!PvPortingRules.isRuleMnemonic(s.mnemonic())) continue;
                    PvPortingRules.check(s.mnemonic(), s.operands()).ifPresent(f -> {
                        Diagnostic d = new Diagnostic(doc.rangeOf(s.docStart(), s.docEnd()),
                                f.message() + " [target PV: " + target.origin() + "]", f.severity(), SOURCE, f.code());
                        out.add(d);
                    });
                }
            }
        }
        if (asm) elfNotes(doc, target, out);
        return out;
    }

    private void elfNotes(TextDocument doc, GuestTarget target, List<Diagnostic> out) {
        String text = doc.text();
        int first = text.indexOf("XEN_ELFNOTE_");
        if (first < 0) first = text.indexOf(".note.Xen");
        if (first < 0) return; // not the file that defines the kernel's notes
        int end = first;
        while (end < text.length() && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '_' || text.charAt(end) == '.')) end++;
        String type = target.type().name();
        if (target.kernel() != null) {
            Optional<KernelImages.Result> r = KernelImages.inspect(target.kernel());
            if (r.isPresent() && r.get().capabilities() != null) {
                BootCapabilities caps = r.get().capabilities();
                if (!caps.canBoot(target.type())) {
                    out.add(new Diagnostic(doc.rangeOf(first, end), "the built kernel " + io.xenscope.lsp.xlcfg.XlCfgDiagnostics.because(target.kernel().toString(), type,
                            caps.get(target.type()).reason()) + " [target: " + target.origin() + "]", DiagnosticSeverity.Error, SOURCE, "elfnote-boot"));
                }
                return; // the image is the authority
            }
        }
        boolean phys32 = text.contains("XEN_ELFNOTE_PHYS32_ENTRY");
        if (target.type() == GuestType.PVH && !phys32) {
            out.add(new Diagnostic(doc.rangeOf(first, end), "the target is PVH but this file emits no XEN_ELFNOTE_PHYS32_ENTRY: Xen's PVH builder needs the 32-bit physical entry point (entered in flat protected mode, paging off, ebx = hvm_start_info) [target: "
                    + target.origin() + "]", DiagnosticSeverity.Error, SOURCE, "elfnote-phys32-entry"));
        }
        if (target.type() == GuestType.PV) {
            if (!text.contains("XEN_ELFNOTE_HYPERCALL_PAGE")) {
                out.add(new Diagnostic(doc.rangeOf(first, end), "the target is PV but this file emits no XEN_ELFNOTE_HYPERCALL_PAGE: Xen will not fill a hypercall page, and a 64-bit PV guest has no other way to make hypercalls",
                        DiagnosticSeverity.Warning, SOURCE, "elfnote-hypercall-page"));
            }
            if (!text.contains("XEN_ELFNOTE_ENTRY")) {
                out.add(new Diagnostic(doc.rangeOf(first, end), "no XEN_ELFNOTE_ENTRY: Xen enters the PV kernel at the ELF e_entry",
                        DiagnosticSeverity.Information, SOURCE, "elfnote-entry"));
            }
        }
        if (target.type() == GuestType.HVM && text.toLowerCase(Locale.ROOT).contains("xen_elfnote") && !text.contains("0x1BADB002") && !text.contains("0x1badb002")
                && !text.contains("MULTIBOOT")) {
            out.add(new Diagnostic(doc.rangeOf(first, end), "the target is HVM: Xen ELF notes are ignored; XenScope's HVM firmware loads a Multiboot image (no Multiboot header found in this file)",
                    DiagnosticSeverity.Information, SOURCE, "elfnote-hvm"));
        }
    }
}
