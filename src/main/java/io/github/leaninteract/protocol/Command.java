package io.github.leaninteract.protocol;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntUnaryOperator;

/**
 * Runs Lean code, like a Lean file's content, in a new environment or on top of an existing one.
 * Only a command without an environment may contain {@code import}s.
 *
 * <pre>{@code
 * Command c = Command.of("theorem t (n : Nat) : n + 0 = n := by simp").withEnv(0).withAllTactics(true);
 * }</pre>
 *
 * <p>Every option is {@code null} when not set, and then not sent. Immutable and thread-safe.
 *
 * @param cmd            the Lean code, not blank
 * @param env            the environment to run in, or {@code null} for a fresh one
 * @param allTactics     whether to report every tactic with its goals and proof state
 * @param rootGoals      whether to report the root goal of every declaration as a sorry, even when proved
 * @param declarations   whether to report detailed declaration information
 * @param infotree       which info tree to return
 * @param incrementality whether to reuse elaboration of an earlier command with the same prefix
 * @param setOptions     Lean options to set before running
 * @param extra fields sent as given besides those of the protocol (LeanInteract allows any); none may be
 *     a field of the protocol such as {@code env}
 */
public record Command(String cmd, Integer env, Boolean allTactics, Boolean rootGoals, Boolean declarations,
                      InfoTreeOptions infotree, Boolean incrementality, List<LeanOption> setOptions,
                      Map<String, JsonNode> extra)
        implements LeanRequest, ElaborationOptions<Command> {

    public Command {
        extra = Extras.forRequest(extra);
        Require.nonBlank(cmd, "cmd");
        setOptions = setOptions == null ? null : List.copyOf(setOptions);
    }

    /** A request without extra fields. */
    public Command(String cmd, Integer env, Boolean allTactics, Boolean rootGoals, Boolean declarations,
            InfoTreeOptions infotree, Boolean incrementality, List<LeanOption> setOptions) {
        this(cmd, env, allTactics, rootGoals, declarations, infotree, incrementality, setOptions, Map.of());
    }

    /** Fields sent as given besides those of the protocol (a copy; empty when there are none). */
    @Override
    public Map<String, JsonNode> extra() {
        return Extras.copy(extra);
    }

    @Override
    public Command withExtra(String name, Object value) {
        return new Command(cmd, env, allTactics, rootGoals, declarations, infotree, incrementality, setOptions,
                Extras.with(extra, name, value));
    }

    /** A request with no environment and no options. */
    public static Command of(String cmd) {
        return new Command(cmd, null, null, null, null, null, null, null);
    }

    /** A copy that runs in environment {@code newEnv} (negative: a session id, for an {@code AutoLeanServer}). */
    public Command withEnv(int newEnv) {
        return withEnv(Integer.valueOf(newEnv));
    }

    /** A copy that runs in {@code newEnv}, or in a fresh environment when it is {@code null}. */
    public Command withEnv(Integer newEnv) {
        return new Command(cmd, newEnv, allTactics, rootGoals, declarations, infotree, incrementality, setOptions,
                extra);
    }

    @Override
    public Command withAllTactics(boolean value) {
        return new Command(cmd, env, value, rootGoals, declarations, infotree, incrementality, setOptions, extra);
    }

    @Override
    public Command withRootGoals(boolean value) {
        return new Command(cmd, env, allTactics, value, declarations, infotree, incrementality, setOptions, extra);
    }

    @Override
    public Command withDeclarations(boolean value) {
        return new Command(cmd, env, allTactics, rootGoals, value, infotree, incrementality, setOptions, extra);
    }

    /** A copy asking for the given info tree, or for none when {@code value} is {@code null}. */
    @Override
    public Command withInfotree(InfoTreeOptions value) {
        return new Command(cmd, env, allTactics, rootGoals, declarations, value, incrementality, setOptions, extra);
    }

    @Override
    public Command withIncrementality(boolean value) {
        return new Command(cmd, env, allTactics, rootGoals, declarations, infotree, value, setOptions, extra);
    }

    /** A copy with exactly these options, or none sent when {@code value} is {@code null}. */
    @Override
    public Command withSetOptions(List<LeanOption> value) {
        return new Command(cmd, env, allTactics, rootGoals, declarations, infotree, incrementality, value, extra);
    }

    /** A copy with one more option, after those already set. */
    @Override
    public Command withOption(List<String> name, Object value) {
        List<LeanOption> options = setOptions == null ? new ArrayList<>() : new ArrayList<>(setOptions);
        options.add(new LeanOption(name, value));
        return withSetOptions(options);
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
    public Command withReferencedIds(IntUnaryOperator envMap, IntUnaryOperator proofStateMap) {
        if (env == null) {
            return this;
        }
        int mapped = envMap.applyAsInt(env);
        return mapped == env ? this : withEnv(mapped);
    }

    @Override
    public boolean producesProofState() {
        return false;
    }
}
