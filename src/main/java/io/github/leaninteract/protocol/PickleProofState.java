package io.github.leaninteract.protocol;

import java.util.function.IntUnaryOperator;

/**
 * Saves a proof state to an {@code .olean} file; the REPL answers with a {@link ProofStepResponse}
 * naming a new proof state. Immutable and thread-safe.
 *
 * @param proofState the proof state to save
 * @param pickleTo   the file to write, as the REPL process sees it; not blank
 */
public record PickleProofState(int proofState, String pickleTo) implements LeanRequest {

    public PickleProofState {
        Require.nonBlank(pickleTo, "pickleTo");
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
    public PickleProofState withReferencedIds(IntUnaryOperator envMap, IntUnaryOperator proofStateMap) {
        int mapped = proofStateMap.applyAsInt(proofState);
        return mapped == proofState ? this : new PickleProofState(mapped, pickleTo);
    }

    @Override
    public boolean producesProofState() {
        return true;
    }
}
