package io.github.leaninteract.protocol;

import java.util.Objects;

/**
 * How much of the info tree a command asks the REPL to return (the {@code infotree} field): one of the
 * four options every REPL knows ({@link #FULL}, {@link #TACTICS}, {@link #ORIGINAL},
 * {@link #SUBSTANTIVE}), or any other string a REPL accepts, such as {@code "no_children"} in some
 * forks ({@link #of(String)}). A REPL answers an option it does not know with no info tree at all.
 *
 * <pre>{@code
 * Command.of("example : True := by trivial").withInfotree(InfoTreeOptions.TACTICS);
 * Command.of("example : True := by trivial").withInfotree(InfoTreeOptions.of("no_children"));
 * }</pre>
 *
 * <p>Immutable and thread-safe; equal when the wire names are equal.
 *
 * @param wireName the value of the {@code infotree} field, such as {@code "full"}; not blank
 */
public record InfoTreeOptions(String wireName) {

    /** The whole tree: tactic, term and command information, goal states, and so on. */
    public static final InfoTreeOptions FULL = new InfoTreeOptions("full");
    /** Only the nodes produced by tactics. */
    public static final InfoTreeOptions TACTICS = new InfoTreeOptions("tactics");
    /** The tactic nodes, restricted to their original (non-synthetic) parts. */
    public static final InfoTreeOptions ORIGINAL = new InfoTreeOptions("original");
    /** The tactic nodes without mere combinators such as {@code by}, {@code ;} or parentheses. */
    public static final InfoTreeOptions SUBSTANTIVE = new InfoTreeOptions("substantive");

    public InfoTreeOptions {
        Require.nonBlank(wireName, "infotree");
    }

    /**
     * The option with this wire name: one of the four constants for their names, else an option sent
     * as given.
     *
     * @throws IllegalArgumentException when the name is blank
     */
    public static InfoTreeOptions of(String wireName) {
        Objects.requireNonNull(wireName, "wireName");
        for (InfoTreeOptions known : new InfoTreeOptions[] {FULL, TACTICS, ORIGINAL, SUBSTANTIVE}) {
            if (known.wireName.equals(wireName)) {
                return known;
            }
        }
        return new InfoTreeOptions(wireName);
    }

    /**
     * Same as {@link #of(String)}.
     *
     * @throws IllegalArgumentException when the name is blank
     */
    public static InfoTreeOptions fromWireName(String wireName) {
        return of(wireName);
    }

    /** Whether this is one of the four options every REPL knows. */
    public boolean isStandard() {
        return this.equals(FULL) || this.equals(TACTICS) || this.equals(ORIGINAL) || this.equals(SUBSTANTIVE);
    }

    /** The wire name. */
    @Override
    public String toString() {
        return wireName;
    }
}
