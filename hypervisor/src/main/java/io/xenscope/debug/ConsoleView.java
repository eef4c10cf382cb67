package io.xenscope.debug;

import io.xenscope.xen.MachineEvent;

/**
 * What a debugger front end shows of a guest's output: console bytes as they come, and the BIOS
 * screen (int 10h text: no console on a PC) a whole line at a time marked "[bios] ", as
 * {@code xenscope run} prints it, so a boot sector that writes each message to both never
 * interleaves the two character by character.
 */
public final class ConsoleView {
    private final StringBuilder screenLine = new StringBuilder();
    private boolean consoleAtLineStart = true;

    /** The text to show for {@code output} (empty while a screen line is incomplete). */
    public String show(MachineEvent.ConsoleOutput output) {
        if (!output.source().equals(MachineEvent.ConsoleOutput.BIOS_SCREEN)) {
            String text = output.text();
            if (!text.isEmpty()) {
                consoleAtLineStart = text.charAt(text.length() - 1) == '\n';
            }
            return text;
        }
        StringBuilder out = new StringBuilder();
        for (char ch : output.text().toCharArray()) {
            if (ch == '\n') {
                if (!consoleAtLineStart) {
                    out.append('\n');
                    consoleAtLineStart = true;
                }
                out.append("[bios] ").append(screenLine).append('\n');
                screenLine.setLength(0);
            } else if (ch != '\r') {
                screenLine.append(ch);
            }
        }
        return out.toString();
    }
}
