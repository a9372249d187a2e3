package io.github.leaninteract.protocol;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;
import java.util.function.IntUnaryOperator;

/**
 * Saves an environment to an {@code .olean} file; the REPL answers with a {@link CommandResponse}
 * naming the same environment. Immutable and thread-safe.
 *
 * @param env      the environment to save
 * @param pickleTo the file to write, as the REPL process sees it; not blank
 * @param extra fields sent as given besides those of the protocol (LeanInteract allows any); none may be
 *     a field of the protocol such as {@code env}
 */
public record PickleEnvironment(int env, String pickleTo, Map<String, JsonNode> extra) implements LeanRequest {

    public PickleEnvironment {
        extra = Extras.forRequest(extra);
        Require.nonBlank(pickleTo, "pickleTo");
    }

    /** A request without extra fields. */
    public PickleEnvironment(int env, String pickleTo) {
        this(env, pickleTo, Map.of());
    }

    /** Fields sent as given besides those of the protocol (a copy; empty when there are none). */
    @Override
    public Map<String, JsonNode> extra() {
        return Extras.copy(extra);
    }

    @Override
    public PickleEnvironment withExtra(String name, Object value) {
        return new PickleEnvironment(env, pickleTo, Extras.with(extra, name, value));
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
    public PickleEnvironment withReferencedIds(IntUnaryOperator envMap, IntUnaryOperator proofStateMap) {
        int mapped = envMap.applyAsInt(env);
        return mapped == env ? this : new PickleEnvironment(mapped, pickleTo, extra);
    }

    @Override
    public boolean producesProofState() {
        return false;
    }
}
