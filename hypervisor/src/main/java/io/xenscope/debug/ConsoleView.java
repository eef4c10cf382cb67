package io.xenscope.debug;

import io.xenscope.xen.MachineEvent;

import java.util.ArrayList;
import java.util.List;

/**
 * What a front end shows of a guest's output (`xenscope run`, the gdb stub's 'O' packets, the
 * DAP console): console bytes as they come, and the BIOS screen (int 10h text: a PC has no
 * console) a whole line at a time marked "[bios] ". A screen line completed while a console line
 * is still open follows the end of that line, so a boot sector that writes each message to both
 * ("text\r\n" on the screen and on COM1) shows its console line, then the screen's, never the two
 * interleaved character by character.
 */
public final class ConsoleView {
    static final String SCREEN_PREFIX = "[bios] ";

    private final StringBuilder screenLine = new StringBuilder();
    private final List<String> screenLinesWaiting = new ArrayList<>();
    private boolean consoleAtLineStart = true;

    /** The text to show for {@code output} now (possibly empty). */
    public String show(MachineEvent.ConsoleOutput output) {
        StringBuilder out = new StringBuilder();
        if (output.source().equals(MachineEvent.ConsoleOutput.BIOS_SCREEN)) {
            for (char ch : output.text().toCharArray()) {
                if (ch == '\n') {
                    screenLinesWaiting.add(screenLine.toString());
                    screenLine.setLength(0);
                } else if (ch != '\r') {
                    screenLine.append(ch);
                }
            }
            if (consoleAtLineStart) {
                appendWaitingScreenLines(out);
            }
            return out.toString();
        }
        String text = output.text();
        int lineEnd = text.lastIndexOf('\n');
        if (lineEnd >= 0) {
            out.append(text, 0, lineEnd + 1);
            consoleAtLineStart = true;
            appendWaitingScreenLines(out);
            text = text.substring(lineEnd + 1);
        }
        if (!text.isEmpty()) {
            out.append(text);
            consoleAtLineStart = false;
        }
        return out.toString();
    }

    /** At the end of a run: what is still held back (the screen's last line, after the console's open line). */
    public String flush() {
        StringBuilder out = new StringBuilder();
        if (screenLine.length() > 0) {
            screenLinesWaiting.add(screenLine.toString());
            screenLine.setLength(0);
        }
        if (!screenLinesWaiting.isEmpty() && !consoleAtLineStart) {
            out.append('\n');
            consoleAtLineStart = true;
        }
        appendWaitingScreenLines(out);
        return out.toString();
    }

    private void appendWaitingScreenLines(StringBuilder out) {
        for (String line : screenLinesWaiting) {
            out.append(SCREEN_PREFIX).append(line).append('\n');
        }
        screenLinesWaiting.clear();
    }
}
