package io.github.leaninteract.testing;

/**
 * Ends the simulated REPL the way the real one dies: a text on stderr, an exit code, no answer.
 * Thrown wherever the real REPL would let an exception escape its loop.
 */
final class ReplExit extends RuntimeException {

    private final int exitCode;

    ReplExit(int exitCode, String stderrText) {
        super(stderrText, null, false, false);
        this.exitCode = exitCode;
    }

    /** The real REPL's top level prints {@code uncaught exception: <message>} and exits with 1. */
    static ReplExit uncaught(String message) {
        return new ReplExit(1, "uncaught exception: " + message);
    }

    int exitCode() {
        return exitCode;
    }

    String stderrText() {
        return getMessage();
    }
}
