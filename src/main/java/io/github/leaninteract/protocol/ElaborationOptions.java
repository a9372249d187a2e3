package io.github.leaninteract.protocol;

import java.util.List;

/**
 * The options that {@link Command} and {@link FileCommand} share: what the REPL reports about the code it
 * elaborates, and how it elaborates it. Lets code treat both kinds alike, for example to add an option to
 * every request that elaborates code:
 *
 * <pre>{@code
 * if (request instanceof ElaborationOptions<?> e && e.incrementality() == null) {
 *     request = (LeanRequest) e.withIncrementality(true);
 * }
 * }</pre>
 *
 * <p>Every option is {@code null} when not set, and then not sent.
 *
 * @param <T> the request type, which the withers return
 */
public interface ElaborationOptions<T extends LeanRequest & ElaborationOptions<T>> {

    /** Whether to report every tactic with its goals and proof state. */
    Boolean allTactics();

    /** Whether to report the root goal of every declaration as a sorry. */
    Boolean rootGoals();

    /** Whether to report detailed declaration information. */
    Boolean declarations();

    /** Which info tree to return. */
    InfoTreeOptions infotree();

    /** Whether to reuse the elaboration of an earlier command with the same prefix. */
    Boolean incrementality();

    /** Lean options to set before running. */
    List<LeanOption> setOptions();

    /** A copy with {@code allTactics} set. */
    T withAllTactics(boolean value);

    /** A copy with {@code rootGoals} set. */
    T withRootGoals(boolean value);

    /** A copy with {@code declarations} set. */
    T withDeclarations(boolean value);

    /** A copy asking for this info tree ({@code null}: none). */
    T withInfotree(InfoTreeOptions value);

    /** A copy with {@code incrementality} set. */
    T withIncrementality(boolean value);

    /** A copy with exactly these options ({@code null}: none). */
    T withSetOptions(List<LeanOption> value);

    /** A copy with one more option, after those already set. */
    T withOption(List<String> name, Object value);

    /** Whether an option of this name is set. */
    default boolean setsOption(List<String> name) {
        List<LeanOption> options = setOptions();
        return options != null && options.stream().anyMatch(o -> o.name().equals(name));
    }
}
