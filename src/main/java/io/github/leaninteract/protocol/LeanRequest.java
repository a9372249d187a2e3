package io.github.leaninteract.protocol;

import java.util.function.IntUnaryOperator;

/**
 * A request to the REPL. Seven kinds: {@link Command}, {@link FileCommand}, {@link ProofStep},
 * {@link PickleEnvironment}, {@link PickleProofState}, {@link UnpickleEnvironment},
 * {@link UnpickleProofState}. All are immutable, thread-safe, and validated on creation (an empty
 * command, tactic or path is an {@link IllegalArgumentException}, a {@code null} one a
 * {@link NullPointerException}).
 *
 * <p>Ids may be negative: negative ids are session-cache ids, which only an {@code AutoLeanServer}
 * resolves (via {@link #withReferencedIds}); a plain server rejects them before sending.
 */
public sealed interface LeanRequest
        permits Command, FileCommand, ProofStep, PickleEnvironment, PickleProofState, UnpickleEnvironment,
        UnpickleProofState {

    /** The environment id this request names, or {@code null} when it names none. */
    Integer referencedEnv();

    /** The proof state id this request names, or {@code null} when it names none. */
    Integer referencedProofState();

    /**
     * A copy of this request with the environment id it names mapped by {@code envMap} and the proof
     * state id mapped by {@code proofStateMap}. Returns this request when nothing changes.
     */
    LeanRequest withReferencedIds(IntUnaryOperator envMap, IntUnaryOperator proofStateMap);

    /**
     * Whether the REPL answers this request with a {@link ProofStepResponse} (proof steps and
     * (un)pickled proof states) rather than a {@link CommandResponse}.
     */
    boolean producesProofState();
}
