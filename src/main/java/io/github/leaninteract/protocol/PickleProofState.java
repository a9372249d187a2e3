package io.github.leaninteract.protocol;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;
import java.util.function.IntUnaryOperator;

/**
 * Saves a proof state to an {@code .olean} file; the REPL answers with a {@link ProofStepResponse}
 * naming a new proof state. Immutable and thread-safe.
 *
 * @param proofState the proof state to save
 * @param pickleTo   the file to write, as the REPL process sees it; not blank
 * @param extra fields sent as given besides those of the protocol (LeanInteract allows any); none may be
 *     a field of the protocol such as {@code env}
 */
public record PickleProofState(int proofState, String pickleTo, Map<String, JsonNode> extra) implements LeanRequest {

    public PickleProofState {
        extra = Extras.forRequest(extra);
        Require.nonBlank(pickleTo, "pickleTo");
    }

    /** A request without extra fields. */
    public PickleProofState(int proofState, String pickleTo) {
        this(proofState, pickleTo, Map.of());
    }

    /** Fields sent as given besides those of the protocol (a copy; empty when there are none). */
    @Override
    public Map<String, JsonNode> extra() {
        return Extras.copy(extra);
    }

    @Override
    public PickleProofState withExtra(String name, Object value) {
        return new PickleProofState(proofState, pickleTo, Extras.with(extra, name, value));
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
        return mapped == proofState ? this : new PickleProofState(mapped, pickleTo, extra);
    }

    @Override
    public boolean producesProofState() {
        return true;
    }
}
