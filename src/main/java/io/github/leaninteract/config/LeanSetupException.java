package io.github.leaninteract.config;

import io.github.leaninteract.protocol.LeanInteractException;

/**
 * Setting up Lean failed: a tool is missing, a version or revision does not exist, a clone or
 * fetch failed, a build failed, or a lock could not be obtained in time. The message says what
 * to do; {@link #outputTail()} holds the last lines printed by the failing tool, when there was one.
 * Like every failure of this library, a {@link LeanInteractException}.
 */
public class LeanSetupException extends LeanInteractException {

    private static final long serialVersionUID = 1L;

    private final String outputTail;

    public LeanSetupException(String message) {
        this(message, null, null);
    }

    public LeanSetupException(String message, Throwable cause) {
        this(message, null, cause);
    }

    /**
     * @param message what failed and what to do about it
     * @param outputTail the last lines of the failing tool's output (appended to the message), or null
     * @param cause the underlying failure, or null
     */
    public LeanSetupException(String message, String outputTail, Throwable cause) {
        super(outputTail == null || outputTail.isBlank() ? message
                : message + "\n--- last lines of output ---\n" + outputTail.stripTrailing(), cause);
        this.outputTail = outputTail == null ? "" : outputTail;
    }

    /** The last lines printed by the failing tool, or an empty string. */
    public String outputTail() {
        return outputTail;
    }
}
