package io.xenscope.lsp;

import java.util.List;
import org.eclipse.lsp4j.Diagnostic;

/**
 * A producer of diagnostics for open documents. The static analyses (xl.cfg checks, porting lints)
 * implement it; so will the runtime "boot check", which can also push results later through
 * {@link DiagnosticsService#publish(String, String, List)} when a boot finishes.
 *
 * <p>{@link #diagnose} runs on every open and edit of a document it {@link #appliesTo}; it must be
 * quick and must not throw for any input (an exception is reported as one diagnostic).
 */
public interface DiagnosticsSource {
    /** Short stable name, also used as the {@code source} of the diagnostics it makes. */
    String name();

    boolean appliesTo(TextDocument doc);

    List<Diagnostic> diagnose(TextDocument doc);
}
