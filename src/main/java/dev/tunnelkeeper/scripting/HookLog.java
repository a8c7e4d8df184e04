package dev.tunnelkeeper.scripting;

import dev.tunnelkeeper.log.Log;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Where one hook file's words go: {@code tk.log(...)} and console output, as {@code INFO [hooks] file: line}.
 * Capped per call, so a hook that logs in a loop cannot flood the log in the milliseconds it has.
 */
final class HookLog {
    static final int MAX_LINES_PER_CALL = 20;
    static final int MAX_LINE_LENGTH = 1000;
    private static final Log LOG = Log.of("hooks");

    private final String file;
    private final HookSecrets secrets;
    private int linesThisCall;
    private boolean toldDropped;

    HookLog(String file) {
        this(file, HookSecrets.NONE);
    }

    /** @param secrets masked in every line: a hook that logs a secret writes its name instead */
    HookLog(String file, HookSecrets secrets) {
        this.file = file;
        this.secrets = secrets;
    }

    /** A new call starts: its own line budget. */
    synchronized void newCall() {
        linesThisCall = 0;
        toldDropped = false;
    }

    synchronized void line(String text) {
        if (linesThisCall++ >= MAX_LINES_PER_CALL) {
            if (!toldDropped) {
                LOG.info(file + ": (more lines dropped: at most " + MAX_LINES_PER_CALL + " per call)");
                toldDropped = true;
            }
            return;
        }
        String clean = secrets.mask(text).replace('\n', ' ').replace('\r', ' ');
        LOG.info(file + ": " + (clean.length() > MAX_LINE_LENGTH ? clean.substring(0, MAX_LINE_LENGTH) + "..." : clean));
    }

    /** The context's stdout and stderr (console.log): one log line per written line. */
    OutputStream stream() {
        return new OutputStream() {
            private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

            @Override
            public synchronized void write(int b) {
                if (b == '\n') {
                    line(pending.toString(StandardCharsets.UTF_8));
                    pending.reset();
                } else if (pending.size() <= MAX_LINE_LENGTH) {
                    pending.write(b);
                }
            }
        };
    }
}
