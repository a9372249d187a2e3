package io.github.leaninteract.protocol;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;
import java.util.function.IntUnaryOperator;

/**
 * Runs one tactic in a proof state; the REPL answers with a {@link ProofStepResponse} naming a new
 * proof state. Immutable and thread-safe.
 *
 * @param proofState the proof state to start from
 * @param tactic     the tactic (or tactic sequence) to run, not blank
 * @param extra fields sent as given besides those of the protocol (LeanInteract allows any); none may be
 *     a field of the protocol such as {@code env}
 */
public record ProofStep(int proofState, String tactic, Map<String, JsonNode> extra) implements LeanRequest {

    public ProofStep {
        extra = Extras.forRequest(extra);
        Require.nonBlank(tactic, "tactic");
    }

    /** A request without extra fields. */
    public ProofStep(int proofState, String tactic) {
        this(proofState, tactic, Map.of());
    }

    /** Fields sent as given besides those of the protocol (a copy; empty when there are none). */
    @Override
    public Map<String, JsonNode> extra() {
        return Extras.copy(extra);
    }

    @Override
    public ProofStep withExtra(String name, Object value) {
        return new ProofStep(proofState, tactic, Extras.with(extra, name, value));
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
        return mapped == proofState ? this : new ProofStep(mapped, tactic, extra);
    }

    @Override
    public boolean producesProofState() {
        return true;
    }
}
