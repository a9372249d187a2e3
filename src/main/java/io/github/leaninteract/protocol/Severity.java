package io.github.leaninteract.protocol;

import java.util.Locale;

/** The severity of a Lean {@link Message}; on the wire it is written in lower case. */
public enum Severity {
    ERROR, WARNING, INFO, TRACE;

    /** The name the REPL uses, such as {@code "error"}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The severity with the given wire name.
     *
     * @throws IllegalArgumentException if the name is not one of {@code error}, {@code warning},
     *                                  {@code info}, {@code trace}
     */
    public static Severity fromWireName(String wireName) {
        for (Severity s : values()) {
            if (s.wireName().equals(wireName)) {
                return s;
            }
        }
        throw new IllegalArgumentException(
                "unknown message severity '" + wireName + "'; expected error, warning, info or trace");
    }
}
