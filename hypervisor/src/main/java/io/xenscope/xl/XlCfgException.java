package io.xenscope.xl;

import java.nio.file.Path;

/** An xl.cfg that cannot describe a domain to boot: the file, the 1-based line (0: the whole file) and why. */
public final class XlCfgException extends Exception {
    private final Path file;
    private final int line;
    private final String reason;

    public XlCfgException(Path file, int line, String reason) {
        super(file + (line > 0 ? ":" + line : "") + ": " + reason);
        this.file = file;
        this.line = line;
        this.reason = reason;
    }

    public Path file() {
        return file;
    }

    public int line() {
        return line;
    }

    public String reason() {
        return reason;
    }
}
