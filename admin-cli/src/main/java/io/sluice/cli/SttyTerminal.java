package io.sluice.cli;

import java.io.IOException;
import java.io.InputStream;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The process's own terminal, driven with {@code stty} through {@code /bin/sh} (no curses library, no native code).
 * Works on Linux and macOS; where {@code /bin/sh} or {@code stty} is missing it reports no terminal.
 */
final class SttyTerminal implements Terminal {

    /** What {@code stty -g} prints: colon-separated fields of letters and digits, safe to hand back to the shell. */
    private static final Pattern SAVED = Pattern.compile("[0-9A-Za-z:=-]+");
    private static final Pattern SIZE = Pattern.compile("(\\d+) (\\d+)");
    private static final long COMMAND_SECONDS = 5;

    private final InputStream stdin;
    private Boolean interactive;

    SttyTerminal(InputStream stdin) {
        this.stdin = stdin;
    }

    @Override
    public boolean interactive() {
        if (interactive == null) {
            try {
                // The shell inherits our stdin and stdout, so `test -t` asks about them, not about a pipe.
                Process test = new ProcessBuilder("/bin/sh", "-c", "test -t 0 && test -t 1")
                        .redirectInput(Redirect.INHERIT).redirectOutput(Redirect.INHERIT)
                        .redirectError(Redirect.DISCARD).start();
                interactive = test.waitFor(COMMAND_SECONDS, TimeUnit.SECONDS) && test.exitValue() == 0;
            } catch (IOException e) {
                interactive = false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                interactive = false;
            }
        }
        return interactive;
    }

    @Override
    public Size size() {
        String text = stty("size");
        Matcher m = text == null ? null : SIZE.matcher(text.trim());
        if (m == null || !m.matches()) {
            return null;
        }
        int rows = Integer.parseInt(m.group(1));
        int columns = Integer.parseInt(m.group(2));
        return rows > 0 && columns > 0 ? new Size(rows, columns) : null;
    }

    @Override
    public Restore keysMode() throws IOException {
        String saved = stty("-g");
        if (saved == null || !SAVED.matcher(saved.trim()).matches()) {
            throw new IOException("stty -g: cannot read the terminal's settings");
        }
        if (stty("-icanon -echo min 1 time 0") == null) {
            throw new IOException("stty: cannot switch the terminal to single keys");
        }
        String restore = saved.trim();
        return () -> stty(restore);
    }

    @Override
    public int readKey() throws IOException {
        return stdin.read();
    }

    /** Runs {@code stty ARGS < /dev/tty}; its output, or {@code null} when it failed. */
    private static String stty(String args) {
        try {
            Process stty = new ProcessBuilder("/bin/sh", "-c", "stty " + args + " < /dev/tty")
                    .redirectError(Redirect.DISCARD).start();
            stty.getOutputStream().close();
            byte[] out = stty.getInputStream().readAllBytes();
            if (!stty.waitFor(COMMAND_SECONDS, TimeUnit.SECONDS) || stty.exitValue() != 0) {
                return null;
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
