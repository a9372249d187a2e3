package io.github.leaninteract.server;

/**
 * The REPL process could not be started, or died (crash, out of memory, killed, closed its output).
 * Carries the exit code when known and the last part of what the process wrote to stderr.
 */
public class LeanProcessException extends LeanServerException {

    private final Integer exitCode;
    private final String stderrTail;
    private final boolean beforeFirstAnswer;

    /** An exception with this message, exit code (null: unknown) and stderr tail. */
    public LeanProcessException(String message, Integer exitCode, String stderrTail) {
        this(message, exitCode, stderrTail, null);
    }

    /** An exception with this message, cause, exit code (null: unknown) and stderr tail. */
    public LeanProcessException(String message, Integer exitCode, String stderrTail, Throwable cause) {
        this(message, exitCode, stderrTail, cause, false);
    }

    /**
     * An exception with this message, cause, exit code (null: unknown) and stderr tail, saying whether the
     * process ended before it had answered any request.
     */
    public LeanProcessException(String message, Integer exitCode, String stderrTail, Throwable cause,
            boolean beforeFirstAnswer) {
        super(describe(message, exitCode, stderrTail), cause);
        this.exitCode = exitCode;
        this.stderrTail = stderrTail == null ? "" : stderrTail;
        this.beforeFirstAnswer = beforeFirstAnswer;
    }

    /** The exit code of the process, or {@code null} when it never started or is not known. */
    public Integer exitCode() {
        return exitCode;
    }

    /** The last part of the process's stderr (at most a few tens of KiB), possibly empty. */
    public String stderrTail() {
        return stderrTail;
    }

    /**
     * Whether the process ended before it had answered any request. Then nothing shows that it could run
     * at all: the request it met may have killed it, or the program may have failed to start (a REPL that
     * dies at once is reported this way, by the first request that meets it).
     */
    public boolean beforeFirstAnswer() {
        return beforeFirstAnswer;
    }

    private static String describe(String message, Integer exitCode, String stderrTail) {
        StringBuilder sb = new StringBuilder(message);
        if (exitCode != null) {
            sb.append(" (exit code ").append(exitCode).append(')');
        }
        if (stderrTail != null && !stderrTail.isBlank()) {
            String tail = stderrTail.strip();
            if (tail.length() > 2000) {
                tail = "…" + tail.substring(tail.length() - 2000);
            }
            sb.append("\nstderr:\n").append(tail);
        }
        return sb.toString();
    }
}
