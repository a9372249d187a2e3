package io.github.leaninteract.cli;

import io.github.leaninteract.config.LeanReplConfig;
import io.github.leaninteract.config.LocalProject;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Which REPL a command line starts: {@code --lean-version V | --project DIR | --repl-path DIR} or
 * {@code -- PROGRAM ARGS...} (exactly that program), or none of them (the library's default Lean version).
 * The options of the {@code repl} command and of {@code io.github.leaninteract.spark.CheckJob}, parsed in
 * one place.
 *
 * <p>A value of plain strings and {@link Serializable}, unlike {@link LeanReplConfig} (which holds paths and
 * project descriptions): it can travel to other JVMs, such as Spark executors, which build their config
 * with {@link #toConfig()}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param leanVersion the Lean version of {@code --lean-version}, or null
 * @param project the Lean project folder of {@code --project}, or null
 * @param replPath the REPL checkout of {@code --repl-path}, or null
 * @param program the argv after {@code --}, or null
 */
public record ReplSelection(String leanVersion, String project, String replPath, List<String> program)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The options, as a usage line shows them. */
    public static final String USAGE = "[--lean-version V | --project DIR | --repl-path DIR] [-- PROGRAM ARGS...]";

    /**
     * Checks that at most one of the four is given.
     *
     * @throws IllegalArgumentException when more than one is given, a value is blank, or the program is empty
     */
    public ReplSelection {
        int given = (leanVersion != null ? 1 : 0) + (project != null ? 1 : 0) + (replPath != null ? 1 : 0);
        if (program != null && given > 0) {
            throw new IllegalArgumentException("-- PROGRAM starts exactly that program: it excludes "
                    + "--lean-version, --project and --repl-path");
        }
        if (given > 1) {
            throw new IllegalArgumentException("give at most one of --lean-version, --project, --repl-path");
        }
        for (String value : new String[] {leanVersion, project, replPath}) {
            if (value != null && value.isBlank()) {
                throw new IllegalArgumentException("--lean-version, --project and --repl-path need a non-empty value");
            }
        }
        // Absolute where it is made (the driver): another JVM (an executor) runs in another working folder.
        project = absolute(project);
        replPath = absolute(replPath);
        if (program != null) {
            program = List.copyOf(program);
            if (program.isEmpty()) {
                throw new IllegalArgumentException("-- must be followed by the REPL program to start");
            }
        }
    }

    /** None given: the library's default Lean version. */
    public static ReplSelection defaults() {
        return new ReplSelection(null, null, null, null);
    }

    /** {@code --lean-version version}. */
    public static ReplSelection ofLeanVersion(String version) {
        return new ReplSelection(Objects.requireNonNull(version, "version"), null, null, null);
    }

    /** {@code --project directory}. */
    public static ReplSelection ofProject(Path directory) {
        return new ReplSelection(null, Objects.requireNonNull(directory, "directory").toString(), null, null);
    }

    /** {@code --repl-path checkout}. */
    public static ReplSelection ofReplPath(Path checkout) {
        return new ReplSelection(null, null, Objects.requireNonNull(checkout, "checkout").toString(), null);
    }

    /** {@code -- argv...}: start exactly this program as the REPL. */
    public static ReplSelection ofProgram(List<String> argv) {
        return new ReplSelection(null, null, null, Objects.requireNonNull(argv, "argv"));
    }

    /** A config builder with this choice made, for further settings. Does no I/O. */
    public LeanReplConfig.Builder configBuilder() {
        LeanReplConfig.Builder config = LeanReplConfig.builder();
        if (program != null) {
            config.replCommand(program);
        } else if (leanVersion != null) {
            config.leanVersion(leanVersion);
        } else if (project != null) {
            config.project(new LocalProject(Path.of(project)));
        } else if (replPath != null) {
            config.localReplPath(Path.of(replPath));
        }
        return config;
    }

    /** The config with this choice and every other setting at its default. Does no I/O. */
    public LeanReplConfig toConfig() {
        return configBuilder().build();
    }

    /** The options of a command other than the REPL choice. */
    @FunctionalInterface
    public interface OtherOptions {
        /**
         * Takes one option.
         *
         * @param option the option, such as {@code --timeout}
         * @param value gives the option's value (the next argument) when called; fails when there is none
         * @return false when the command has no such option
         * @throws IllegalArgumentException when the value is not valid
         */
        boolean accept(String option, Supplier<String> value);
    }

    /**
     * Parses a command line: the REPL choice here, every other option by {@code others}. Everything after
     * {@code --} is the program.
     *
     * @throws IllegalArgumentException with a message for the user: an unknown option (one {@code others}
     *     refuses), a missing value, a conflicting choice
     */
    public static ReplSelection parse(List<String> args, OtherOptions others) {
        String leanVersion = null;
        String project = null;
        String replPath = null;
        List<String> program = null;
        int where = 0;
        int[] next = {0};
        while (next[0] < args.size()) {
            String arg = args.get(next[0]++);
            Supplier<String> value = () -> {
                if (next[0] >= args.size()) {
                    throw new IllegalArgumentException(arg + " needs a value");
                }
                return args.get(next[0]++);
            };
            switch (arg) {
                case "--" -> {
                    program = List.copyOf(args.subList(next[0], args.size()));
                    if (program.isEmpty()) {
                        throw new IllegalArgumentException("-- must be followed by the REPL program to start");
                    }
                    next[0] = args.size();
                }
                case "--lean-version" -> {
                    leanVersion = value.get();
                    where++;
                }
                case "--project" -> {
                    project = value.get();
                    where++;
                }
                case "--repl-path" -> {
                    replPath = value.get();
                    where++;
                }
                default -> {
                    if (!others.accept(arg, value)) {
                        throw new IllegalArgumentException("unknown option " + arg);
                    }
                }
            }
        }
        if (where > 1) {
            // Also a repeated option: the last one would silently win.
            throw new IllegalArgumentException("give at most one of --lean-version, --project, --repl-path");
        }
        return new ReplSelection(leanVersion, project, replPath, program);
    }

    private static String absolute(String folder) {
        return folder == null ? null : Path.of(folder).toAbsolutePath().normalize().toString();
    }
}
