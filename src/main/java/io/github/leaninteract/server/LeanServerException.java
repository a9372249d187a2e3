package io.github.leaninteract.server;

import io.github.leaninteract.protocol.LeanInteractException;

/**
 * Base of every failure of the REPL transport: the process could not start, died, hung or answered
 * something that is not a response. A Lean-level error ({@code {"message": …}}) is not an exception
 * but a {@link io.github.leaninteract.protocol.LeanError} value. Like every failure of this library, a
 * {@link LeanInteractException}.
 */
public class LeanServerException extends LeanInteractException {

    /** An exception with this message. */
    public LeanServerException(String message) {
        super(message);
    }

    /** An exception with this message, cause. */
    public LeanServerException(String message, Throwable cause) {
        super(message, cause);
    }
}
