package io.github.leaninteract.protocol;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;
import java.util.function.IntUnaryOperator;

/**
 * Loads a proof state saved by {@link PickleProofState}; the REPL answers with a
 * {@link ProofStepResponse} naming a new proof state. Without {@code env} the REPL re-imports the
 * recorded imports (slow for Mathlib); with {@code env} it replays onto that environment, which must
 * have the same imports. Immutable and thread-safe.
 *
 * @param unpickleProofStateFrom the file to read, as the REPL process sees it; not blank
 * @param env                    the environment to load into, or {@code null}
 * @param extra fields sent as given besides those of the protocol (LeanInteract allows any); none may be
 *     a field of the protocol such as {@code env}
 */
public record UnpickleProofState(String unpickleProofStateFrom, Integer env, Map<String, JsonNode> extra)
        implements LeanRequest {

    public UnpickleProofState {
        extra = Extras.forRequest(extra);
        Require.nonBlank(unpickleProofStateFrom, "unpickleProofStateFrom");
    }

    /** A request without extra fields. */
    public UnpickleProofState(String unpickleProofStateFrom, Integer env) {
        this(unpickleProofStateFrom, env, Map.of());
    }

    /** Fields sent as given besides those of the protocol (a copy; empty when there are none). */
    @Override
    public Map<String, JsonNode> extra() {
        return Extras.copy(extra);
    }

    @Override
    public UnpickleProofState withExtra(String name, Object value) {
        return new UnpickleProofState(unpickleProofStateFrom, env, Extras.with(extra, name, value));
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
        return mapped == env ? this : new UnpickleProofState(unpickleProofStateFrom, mapped, extra);
    }

    @Override
    public boolean producesProofState() {
        return true;
    }
}
