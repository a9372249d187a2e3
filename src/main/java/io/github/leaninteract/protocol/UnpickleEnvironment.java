package io.github.leaninteract.protocol;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;
import java.util.function.IntUnaryOperator;

/**
 * Loads an environment saved by {@link PickleEnvironment}; the REPL answers with a
 * {@link CommandResponse} naming a new environment. A missing or corrupt file makes the REPL process
 * exit. Immutable and thread-safe.
 *
 * @param unpickleEnvFrom the file to read, as the REPL process sees it; not blank
 * @param extra fields sent as given besides those of the protocol (LeanInteract allows any); none may be
 *     a field of the protocol such as {@code env}
 */
public record UnpickleEnvironment(String unpickleEnvFrom, Map<String, JsonNode> extra) implements LeanRequest {

    public UnpickleEnvironment {
        extra = Extras.forRequest(extra);
        Require.nonBlank(unpickleEnvFrom, "unpickleEnvFrom");
    }

    /** A request without extra fields. */
    public UnpickleEnvironment(String unpickleEnvFrom) {
        this(unpickleEnvFrom, Map.of());
    }

    /** Fields sent as given besides those of the protocol (a copy; empty when there are none). */
    @Override
    public Map<String, JsonNode> extra() {
        return Extras.copy(extra);
    }

    @Override
    public UnpickleEnvironment withExtra(String name, Object value) {
        return new UnpickleEnvironment(unpickleEnvFrom, Extras.with(extra, name, value));
    }

    @Override
    public Integer referencedEnv() {
        return null;
    }

    @Override
    public Integer referencedProofState() {
        return null;
    }

    @Override
    public UnpickleEnvironment withReferencedIds(IntUnaryOperator envMap, IntUnaryOperator proofStateMap) {
        return this;
    }

    @Override
    public boolean producesProofState() {
        return false;
    }
}
