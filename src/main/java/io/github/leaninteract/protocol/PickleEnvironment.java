package io.github.leaninteract.protocol;

import java.util.function.IntUnaryOperator;

/**
 * Saves an environment to an {@code .olean} file; the REPL answers with a {@link CommandResponse}
 * naming the same environment. Immutable and thread-safe.
 *
 * @param env      the environment to save
 * @param pickleTo the file to write, as the REPL process sees it; not blank
 */
public record PickleEnvironment(int env, String pickleTo) implements LeanRequest {

    public PickleEnvironment {
        Require.nonBlank(pickleTo, "pickleTo");
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
        return mapped == env ? this : new PickleEnvironment(mapped, pickleTo);
    }

    @Override
    public boolean producesProofState() {
        return false;
    }
}
