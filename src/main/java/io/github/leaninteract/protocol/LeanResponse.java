package io.github.leaninteract.protocol;

/**
 * An answer of the REPL: a {@link CommandResponse}, a {@link ProofStepResponse}, or a {@link LeanError}.
 * A {@link LeanError} is an ordinary answer (such as {@code "Unknown environment."}), not an exception.
 *
 * <p>Java 17 has no pattern matching over sealed types in {@code switch}; use {@code instanceof}.
 * All implementations are immutable and thread-safe.
 */
public sealed interface LeanResponse permits CommandResponse, ProofStepResponse, LeanError {

    /** Whether this answer is a {@link LeanError}. */
    default boolean isError() {
        return this instanceof LeanError;
    }
}
