package io.github.leaninteract.protocol;

import java.util.function.IntUnaryOperator;

/**
 * Loads an environment saved by {@link PickleEnvironment}; the REPL answers with a
 * {@link CommandResponse} naming a new environment. A missing or corrupt file makes the REPL process
 * exit. Immutable and thread-safe.
 *
 * @param unpickleEnvFrom the file to read, as the REPL process sees it; not blank
 */
public record UnpickleEnvironment(String unpickleEnvFrom) implements LeanRequest {

    public UnpickleEnvironment {
        Require.nonBlank(unpickleEnvFrom, "unpickleEnvFrom");
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
