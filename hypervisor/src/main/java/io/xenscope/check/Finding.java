package io.xenscope.check;

import java.util.List;

/**
 * One thing the boot check found, located in the guest's sources where possible.
 *
 * @param severity what it means for the port: an {@code ERROR} is something real Xen refuses or a crash
 * @param kind     stable category: {@code refused-update}, {@code failed-hypercall}, {@code unknown-hypercall},
 *                 {@code fault}, {@code crash}, {@code no-shutdown}
 * @param file     absolute source path (from DWARF), null when no source line is known
 * @param line     1-based line, 0 when unknown
 * @param column   1-based column, 0 when unknown
 * @param message  one line, in words a porter understands
 * @param notes    related information: details (file null = at this finding) and the call stack
 * @param count    how many times the same finding occurred at this place
 */
public record Finding(Severity severity, String kind, String file, int line, int column, String message,
                      List<Note> notes, int count) {
    public enum Severity { ERROR, WARNING }

    /** Related information: a detail ({@code file} null) or a call-stack position. */
    public record Note(String file, int line, String message) {
    }

    public Finding {
        notes = List.copyOf(notes);
    }

    public Finding times(int n) {
        return new Finding(severity, kind, file, line, column, message, notes, n);
    }

    /** {@code file:line:col: error: message}, as gcc prints, with {@code kernel} standing in for an unknown file. */
    public String gccStyle(String kernel) {
        String where = file == null ? kernel : file + ":" + Math.max(1, line) + ":" + Math.max(1, column);
        return where + ": " + (severity == Severity.ERROR ? "error" : "warning") + ": " + message
                + (count > 1 ? " [" + count + " times]" : "");
    }
}
