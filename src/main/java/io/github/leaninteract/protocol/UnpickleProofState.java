package io.github.leaninteract.protocol;

import java.util.function.IntUnaryOperator;

/**
 * Loads a proof state saved by {@link PickleProofState}; the REPL answers with a
 * {@link ProofStepResponse} naming a new proof state. Without {@code env} the REPL re-imports the
 * recorded imports (slow for Mathlib); with {@code env} it replays onto that environment, which must
 * have the same imports. Immutable and thread-safe.
 *
 * @param unpickleProofStateFrom the file to read, as the REPL process sees it; not blank
 * @param env                    the environment to load into, or {@code null}
 */
public record UnpickleProofState(String unpickleProofStateFrom, Integer env) implements LeanRequest {

    public UnpickleProofState {
        Require.nonBlank(unpickleProofStateFrom, "unpickleProofStateFrom");
    }

    /** Loads the proof state without a given environment. */
    public UnpickleProofState(String unpickleProofStateFrom) {
        this(unpickleProofStateFrom, null);
    }

    @Override
    public Integer referencedEnv() {
        return env;
    }

    @Override
    public Integer referencedProofState() {
        return null;
    }

    @Override
    public UnpickleProofState withReferencedIds(IntUnaryOperator envMap, IntUnaryOperator proofStateMap) {
        if (env == null) {
            return this;
        }
        int mapped = envMap.applyAsInt(env);
        return mapped == env ? this : new UnpickleProofState(unpickleProofStateFrom, mapped);
    }

    @Override
    public boolean producesProofState() {
        return true;
    }
}
