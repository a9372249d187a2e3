package io.github.leaninteract.protocol;

/**
 * An answer of the REPL: a {@link CommandResponse}, a {@link ProofStepResponse}, or a {@link LeanError}.
 * A {@link LeanError} is an ordinary answer (such as {@code "Unknown environment."}), not an exception.
 *
 * <p>When the kind of answer is known (a command gets a {@link CommandResponse} or an error), read it without a
 * cast: the servers' typed methods ({@code server.command(...)}, {@code server.proofStep(...)}) answer the
 * type itself, and {@link #asCommand()} / {@link #asProofStep()} turn an answer held as a
 * {@code LeanResponse} into it, an error becoming a {@link LeanErrorException}. To treat an error as a value,
 * use {@code instanceof} (Java 17 has no pattern matching over sealed types in {@code switch}).
 *
 * <p>All implementations are immutable and thread-safe.
 */
public sealed interface LeanResponse permits CommandResponse, ProofStepResponse, LeanError {

    /** Whether this answer is a {@link LeanError}. */
    default boolean isError() {
        return this instanceof LeanError;
    }

    /**
     * This answer as a {@link CommandResponse}, the answer to a {@link Command}, a {@link FileCommand}, or a
     * pickled or unpickled environment:
     *
     * <pre>{@code
     * CommandResponse r = pool.check(text, Duration.ofMinutes(2)).asCommand();
     * }</pre>
     *
     * @throws LeanErrorException when this answer is a {@link LeanError} (its {@code request()} is
     *     {@code null}: an answer does not know its request; the servers' typed methods give it)
     * @throws ClassCastException when this answer is a {@link ProofStepResponse}: it answered another kind
     *     of request
     */
    default CommandResponse asCommand() {
        return as(CommandResponse.class);
    }

    /**
     * This answer as a {@link ProofStepResponse}, the answer to a {@link ProofStep}, or a pickled or
     * unpickled proof state:
     *
     * <pre>{@code
     * ProofStepResponse step = server.runAsync(new ProofStep(ps, "rfl"), timeout).join().asProofStep();
     * }</pre>
     *
     * @throws LeanErrorException when this answer is a {@link LeanError} (its {@code request()} is
     *     {@code null}: an answer does not know its request; the servers' typed methods give it)
     * @throws ClassCastException when this answer is a {@link CommandResponse}: it answered another kind of
     *     request
     */
    default ProofStepResponse asProofStep() {
        return as(ProofStepResponse.class);
    }

    private <T extends LeanResponse> T as(Class<T> type) {
        if (this instanceof LeanError e) {
            throw new LeanErrorException(e, null);
        }
        if (!type.isInstance(this)) {
            throw new ClassCastException("This answer is a " + getClass().getSimpleName() + ", not a "
                    + type.getSimpleName() + ": it answered another kind of request");
        }
        return type.cast(this);
    }
}
