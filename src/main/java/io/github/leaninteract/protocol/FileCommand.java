package io.github.leaninteract.protocol;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntUnaryOperator;

/**
 * Runs the Lean file at a path (as the REPL process sees it), in a new environment or on top of an
 * existing one.
 *
 * <p>Every option is {@code null} when not set, and then not sent. Immutable and thread-safe.
 *
 * @param path           the path of the file, not blank
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
public record FileCommand(String path, Integer env, Boolean allTactics, Boolean rootGoals, Boolean declarations,
                          InfoTreeOptions infotree, Boolean incrementality, List<LeanOption> setOptions,
                          Map<String, JsonNode> extra)
        implements LeanRequest, ElaborationOptions<FileCommand> {

    public FileCommand {
        extra = Extras.forRequest(extra);
        Require.nonBlank(path, "path");
        setOptions = setOptions == null ? null : List.copyOf(setOptions);
    }

    /** A request without extra fields. */
    public FileCommand(String path, Integer env, Boolean allTactics, Boolean rootGoals, Boolean declarations,
            InfoTreeOptions infotree, Boolean incrementality, List<LeanOption> setOptions) {
        this(path, env, allTactics, rootGoals, declarations, infotree, incrementality, setOptions, Map.of());
    }

    /** Fields sent as given besides those of the protocol (a copy; empty when there are none). */
    @Override
    public Map<String, JsonNode> extra() {
        return Extras.copy(extra);
    }

    @Override
    public FileCommand withExtra(String name, Object value) {
        return new FileCommand(path, env, allTactics, rootGoals, declarations, infotree, incrementality, setOptions,
                Extras.with(extra, name, value));
    }

    /** A request with no environment and no options. */
    public static FileCommand of(String path) {
        return new FileCommand(path, null, null, null, null, null, null, null);
    }

    /** A copy that runs in environment {@code newEnv} (negative: a session id, for an {@code AutoLeanServer}). */
    public FileCommand withEnv(int newEnv) {
        return withEnv(Integer.valueOf(newEnv));
    }

    /** A copy that runs in {@code newEnv}, or in a fresh environment when it is {@code null}. */
    public FileCommand withEnv(Integer newEnv) {
        return new FileCommand(path, newEnv, allTactics, rootGoals, declarations, infotree, incrementality, setOptions,
                extra);
    }

    @Override
    public FileCommand withAllTactics(boolean value) {
        return new FileCommand(path, env, value, rootGoals, declarations, infotree, incrementality, setOptions, extra);
    }

    @Override
    public FileCommand withRootGoals(boolean value) {
        return new FileCommand(path, env, allTactics, value, declarations, infotree, incrementality, setOptions, extra);
    }

    @Override
    public FileCommand withDeclarations(boolean value) {
        return new FileCommand(path, env, allTactics, rootGoals, value, infotree, incrementality, setOptions, extra);
    }

    /** A copy asking for the given info tree, or for none when {@code value} is {@code null}. */
    @Override
    public FileCommand withInfotree(InfoTreeOptions value) {
        return new FileCommand(path, env, allTactics, rootGoals, declarations, value, incrementality, setOptions,
                extra);
    }

    @Override
    public FileCommand withIncrementality(boolean value) {
        return new FileCommand(path, env, allTactics, rootGoals, declarations, infotree, value, setOptions, extra);
    }

    /** A copy with exactly these options, or none sent when {@code value} is {@code null}. */
    @Override
    public FileCommand withSetOptions(List<LeanOption> value) {
        return new FileCommand(path, env, allTactics, rootGoals, declarations, infotree, incrementality, value, extra);
    }

    /** A copy with one more option, after those already set. */
    @Override
    public FileCommand withOption(List<String> name, Object value) {
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
    public FileCommand withReferencedIds(IntUnaryOperator envMap, IntUnaryOperator proofStateMap) {
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
