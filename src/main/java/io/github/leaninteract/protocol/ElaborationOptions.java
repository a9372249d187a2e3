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

    Boolean allTactics();

    Boolean rootGoals();

    Boolean declarations();

    InfoTreeOptions infotree();

    Boolean incrementality();

    List<LeanOption> setOptions();

    T withAllTactics(boolean value);

    T withRootGoals(boolean value);

    T withDeclarations(boolean value);

    T withInfotree(InfoTreeOptions value);

    T withIncrementality(boolean value);

    T withSetOptions(List<LeanOption> value);

    /** A copy with one more option, after those already set. */
    T withOption(List<String> name, Object value);

    /** Whether an option of this name is set. */
    default boolean setsOption(List<String> name) {
        List<LeanOption> options = setOptions();
        return options != null && options.stream().anyMatch(o -> o.name().equals(name));
    }
}
