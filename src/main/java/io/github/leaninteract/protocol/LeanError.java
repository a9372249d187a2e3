package io.github.leaninteract.protocol;

import java.util.Objects;

/**
 * The REPL's answer when it could not do what was asked, such as {@code "Unknown environment."} or
 * {@code "Lean error:\n<input>:1:1: unknown tactic"}. On the wire: {@code {"message": "…"}}.
 * An ordinary value, never thrown.
 *
 * @param message the REPL's message
 */
public record LeanError(String message) implements LeanResponse {

    public LeanError {
        Objects.requireNonNull(message, "message");
    }
}
