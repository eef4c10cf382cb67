package io.xenscope.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** Runs host tools (gcc, as, objcopy, nm) for the test infrastructure and turns failures into clear errors. */
final class HostTools {
    private HostTools() {
    }

    /** The module directory: Maven's {@code basedir}, else the working directory (an IDE run). */
    static Path moduleDir() {
        return Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
    }

    /** The build directory tests may write to ({@code target/} of the module). */
    static Path targetDir() {
        return moduleDir().resolve("target");
    }

    /** Runs a command to completion; returns its stdout, throws with its stderr if it fails. */
    static String run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(false).start();
            p.getOutputStream().close();
            // Small outputs only (tool versions, nm listings), so reading them in turn cannot deadlock in practice.
            byte[] out = p.getInputStream().readAllBytes();
            byte[] err = p.getErrorStream().readAllBytes();
            int status = p.waitFor();
            if (status != 0) {
                throw new ToolFailure(String.join(" ", command) + " exited with " + status + ":\n"
                        + new String(err, StandardCharsets.UTF_8));
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ToolFailure("cannot run " + command.get(0) + " (install gcc and binutils; see README.md): " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ToolFailure("interrupted while running " + command.get(0));
        }
    }

    /** A host tool failed or is missing. The message holds the tool's own diagnostics. */
    static final class ToolFailure extends RuntimeException {
        ToolFailure(String message) {
            super(message);
        }
    }
}
