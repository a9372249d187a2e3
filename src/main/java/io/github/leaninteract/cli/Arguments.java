package io.github.leaninteract.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The options of one command, parsed by hand (the jar has no dependency for it): {@code --name value},
 * {@code --name=value} and flags. Anything else, a repeated option or a missing value is a
 * {@link UsageException}. Not thread-safe; used by one command at a time.
 */
final class Arguments {

    private final Map<String, String> values = new LinkedHashMap<>();

    private Arguments() {
    }

    /**
     * Parses {@code args} for a command that takes the options in {@code withValue} (each followed by a
     * value) and the flags in {@code flags}; {@code --help} and {@code -h} are always flags.
     */
    static Arguments parse(String command, List<String> args, Set<String> withValue, Set<String> flags) {
        Arguments parsed = new Arguments();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            if (name.equals("-h")) {
                name = "--help";
            }
            if (withValue.contains(name)) {
                if (value == null) {
                    if (i + 1 >= args.size()) {
                        throw new UsageException(command + ": " + name + " needs a value");
                    }
                    value = args.get(++i);
                }
                if (value.isBlank()) {
                    throw new UsageException(command + ": " + name + " needs a non-empty value");
                }
            } else if (flags.contains(name) || name.equals("--help")) {
                if (value != null) {
                    throw new UsageException(command + ": " + name + " takes no value");
                }
                value = "";
            } else if (arg.startsWith("-")) {
                throw new UsageException(command + ": unknown option " + name);
            } else {
                throw new UsageException(command + ": unexpected argument `" + arg + "`");
            }
            if (parsed.values.put(name, value) != null) {
                throw new UsageException(command + ": " + name + " is given twice");
            }
        }
        return parsed;
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    Optional<String> value(String name) {
        return Optional.ofNullable(values.get(name));
    }

    /** Fails when more than one of {@code names} is given. */
    void atMostOneOf(String command, String... names) {
        String first = null;
        for (String name : names) {
            if (has(name)) {
                if (first != null) {
                    throw new UsageException(command + ": " + first + " and " + name + " cannot be used together");
                }
                first = name;
            }
        }
    }
}
