package io.github.leaninteract.protocol;

import java.util.function.IntUnaryOperator;

/**
 * Runs one tactic in a proof state; the REPL answers with a {@link ProofStepResponse} naming a new
 * proof state. Immutable and thread-safe.
 *
 * @param proofState the proof state to start from
 * @param tactic     the tactic (or tactic sequence) to run, not blank
 */
public record ProofStep(int proofState, String tactic) implements LeanRequest {

    public ProofStep {
        Require.nonBlank(tactic, "tactic");
    }

    @Override
    public Integer referencedEnv() {
        return null;
    }

    @Override
    public Integer referencedProofState() {
        return proofState;
    }

    @Override
    public ProofStep withReferencedIds(IntUnaryOperator envMap, IntUnaryOperator proofStateMap) {
        int mapped = proofStateMap.applyAsInt(proofState);
        return mapped == proofState ? this : new ProofStep(mapped, tactic);
    }

    @Override
    public boolean producesProofState() {
        return true;
    }
}
