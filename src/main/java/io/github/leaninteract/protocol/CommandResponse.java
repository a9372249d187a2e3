package io.github.leaninteract.protocol;

import java.util.List;

/**
 * The REPL's answer to a {@link Command}, a {@link FileCommand}, or an (un)pickled environment: the id
 * of the new environment and what Lean reported. Lists are never {@code null} (empty when the REPL
 * omitted them) and unmodifiable.
 *
 * <pre>{@code
 * CommandResponse r = server.command(Command.of("theorem t : 1 = 1 := rfl"));
 * if (r.isValid(false)) { ... r.env() ... }
 * }</pre>
 *
 * @param env          the id of the environment after the command (negative when it is a session-cache id)
 * @param messages     Lean's messages
 * @param sorries      the sorries in the code, with their proof states
 * @param tactics      the tactics, when {@code allTactics} was asked for
 * @param declarations the declarations, when {@code declarations} was asked for
 * @param infotree     the info trees, when an info tree was asked for
 */
public record CommandResponse(int env, List<Message> messages, List<Sorry> sorries, List<Tactic> tactics,
                              List<DeclarationInfo> declarations, List<InfoTree> infotree)
        implements LeanResponse, ElaborationResult {

    public CommandResponse {
        messages = messages == null ? List.of() : List.copyOf(messages);
        sorries = sorries == null ? List.of() : List.copyOf(sorries);
        tactics = tactics == null ? List.of() : List.copyOf(tactics);
        declarations = declarations == null ? List.of() : List.copyOf(declarations);
        infotree = infotree == null ? List.of() : List.copyOf(infotree);
    }

    /** A response with only an environment id, as for a command that produced no messages. */
    public static CommandResponse of(int env) {
        return new CommandResponse(env, List.of(), List.of(), List.of(), List.of(), List.of());
    }

    /** A copy with {@code env} replaced. */
    public CommandResponse withEnv(int newEnv) {
        return newEnv == env ? this : new CommandResponse(newEnv, messages, sorries, tactics, declarations, infotree);
    }

    /** A copy with {@code messages} replaced. */
    public CommandResponse withMessages(List<Message> newMessages) {
        return new CommandResponse(env, newMessages, sorries, tactics, declarations, infotree);
    }

    /** A copy with {@code sorries} replaced. */
    public CommandResponse withSorries(List<Sorry> newSorries) {
        return new CommandResponse(env, messages, newSorries, tactics, declarations, infotree);
    }

    /** A copy with {@code tactics} replaced. */
    public CommandResponse withTactics(List<Tactic> newTactics) {
        return new CommandResponse(env, messages, sorries, newTactics, declarations, infotree);
    }

    /** A copy with {@code declarations} replaced. */
    public CommandResponse withDeclarations(List<DeclarationInfo> newDeclarations) {
        return new CommandResponse(env, messages, sorries, tactics, newDeclarations, infotree);
    }

    /** A copy with {@code infotree} replaced. */
    public CommandResponse withInfotree(List<InfoTree> newInfotree) {
        return new CommandResponse(env, messages, sorries, tactics, declarations, newInfotree);
    }

    /**
     * Whether the code is valid: no error, and, unless {@code allowSorry}, no sorry (neither a reported
     * sorry nor a "declaration uses sorry" warning).
     */
    public boolean isValid(boolean allowSorry) {
        return Validity.isValid(messages, sorries, null, null, allowSorry);
    }

    /**
     * Like {@link #isValid(boolean)}, but only counting messages and sorries that touch the lines from
     * {@code start} to {@code end} (either may be {@code null} for no bound). Only lines are compared, so
     * a message ending on {@code start}'s line counts. Useful when the submitted code wraps the part
     * of interest in a context.
     */
    public boolean isValid(Pos start, Pos end, boolean allowSorry) {
        return Validity.isValid(messages, sorries, start, end, allowSorry);
    }
}
