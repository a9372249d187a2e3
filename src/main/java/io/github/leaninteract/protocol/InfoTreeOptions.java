package io.github.leaninteract.protocol;

import java.util.Locale;

/** How much of the info tree a command asks the REPL to return (the {@code infotree} field). */
public enum InfoTreeOptions {
    /** The whole tree: tactic, term and command information, goal states, and so on. */
    FULL,
    /** Only the nodes produced by tactics. */
    TACTICS,
    /** The tactic nodes, restricted to their original (non-synthetic) parts. */
    ORIGINAL,
    /** The tactic nodes without mere combinators such as {@code by}, {@code ;} or parentheses. */
    SUBSTANTIVE;

    /** The name on the wire, such as {@code "full"}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The option with the given wire name.
     *
     * @throws IllegalArgumentException if it is not {@code full}, {@code tactics}, {@code original} or
     *                                  {@code substantive}
     */
    public static InfoTreeOptions fromWireName(String wireName) {
        for (InfoTreeOptions o : values()) {
            if (o.wireName().equals(wireName)) {
                return o;
            }
        }
        throw new IllegalArgumentException("unknown infotree option '" + wireName
                + "'; expected full, tactics, original or substantive");
    }
}
