package io.github.leaninteract.protocol;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A Lean option to set before a command runs, as {@code set_option} would. On the wire:
 * {@code [["Elab","async"], true]}.
 *
 * <pre>{@code
 * Command.of("example : True := trivial").withOption(List.of("maxHeartbeats"), 400000)
 * }</pre>
 *
 * @param name  the option name split into its components, such as {@code ["pp", "all"]}
 * @param value a {@link Boolean}, an integral {@link Number} ({@code Integer}, {@code Long},
 *              {@code Short}, {@code Byte} or {@code BigInteger}: Lean options hold naturals and
 *              integers, not decimals), a {@link String}, or a {@code List<String>} (a Lean name)
 */
public record LeanOption(List<String> name, Object value) {

    public LeanOption {
        Objects.requireNonNull(name, "name");
        name = List.copyOf(name);
        if (name.isEmpty()) {
            throw new IllegalArgumentException("an option name needs at least one component");
        }
        for (String part : name) {
            if (part.isBlank()) {
                throw new IllegalArgumentException("option name components must not be blank: " + name);
            }
        }
        Objects.requireNonNull(value, "value");
        if (value instanceof List<?> list) {
            for (Object o : list) {
                if (!(o instanceof String)) {
                    throw new IllegalArgumentException("a name-valued option must be a list of strings, got " + list);
                }
            }
            value = List.copyOf(list);
        } else if (!(value instanceof Boolean || value instanceof String || isIntegral(value))) {
            throw new IllegalArgumentException("option " + String.join(".", name) + ": value must be a Boolean, an "
                    + "integral number, a String or a List<String>, got " + value.getClass().getName());
        }
    }

    /** An option from its dotted name, such as {@code LeanOption.of("pp.all", true)}. */
    public static LeanOption of(String dottedName, Object value) {
        Require.nonBlank(dottedName, "option name");
        return new LeanOption(Arrays.asList(dottedName.split("\\.", -1)), value);
    }

    private static boolean isIntegral(Object value) {
        return value instanceof Integer || value instanceof Long || value instanceof Short
                || value instanceof Byte || value instanceof BigInteger;
    }
}
