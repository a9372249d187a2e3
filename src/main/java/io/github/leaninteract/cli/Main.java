package io.github.leaninteract.cli;

import io.github.leaninteract.demo.Demo;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The jar's main class: {@code java -jar lean-interact-<version>.jar <command> [options]}.
 *
 * <ul>
 *   <li>{@code demo}: a short tour of the library (a real Lean REPL when configured, else the simulator);</li>
 *   <li>{@code repl}: a crash-proof Lean REPL on stdin/stdout;</li>
 *   <li>{@code setup}: clones and builds the REPL, showing progress;</li>
 *   <li>{@code versions}: the Lean versions the REPL is available for;</li>
 *   <li>{@code clear-cache}: removes the REPL cache folder.</li>
 * </ul>
 *
 * <p>{@code --help} lists the commands, {@code <command> --help} the options of one. A bad command line
 * prints what is wrong on stderr and exits with code 2; a command that fails exits with code 1.
 *
 * <p>Thread-safe: {@link #run} keeps no state between calls.
 */
public final class Main {

    /** Exit code of a bad command line. */
    public static final int USAGE = 2;

    static final String HELP = """
            Usage: java -jar lean-interact.jar <command> [options]

            Drive the Lean 4 REPL: set it up, try it, or run a crash-proof REPL for any client.

            Commands:
              demo          a short tour of the library: a real Lean REPL when one is configured
                            (LEAN_REPL_COMMAND or LEAN_REPL_PATH), else the simulator, saying which
              repl          a crash-proof Lean REPL on stdin/stdout: ids stay valid across crashes
              setup         clone and build the Lean REPL (for a Lean version or a project), with progress
              versions      list the Lean versions the REPL is available for
              clear-cache   remove the REPL cache folder (clones, builds, temporary projects)

            Run 'java -jar lean-interact.jar <command> --help' for the options of a command.
            """;

    static final String DEMO_HELP = """
            Usage: java -jar lean-interact.jar demo

            Runs a command, a tactic and an error case, caches an environment and a proof state, crashes
            the REPL on purpose and shows both restored. Talks to a real Lean REPL when one is configured:
            LEAN_REPL_COMMAND="lake env /path/to/repl/.lake/build/bin/repl" (and LEAN_REPL_DIR, the folder
            to run it in), or LEAN_REPL_PATH=/path/to/built/repl/checkout; otherwise to the simulator.
            """;

    private Main() {
    }

    /** Runs the command line and exits with its code. */
    public static void main(String[] args) {
        // Without a logging binding on the class path SLF4J would warn about it on every start.
        if (System.getProperty("slf4j.internal.verbosity") == null) {
            System.setProperty("slf4j.internal.verbosity", "ERROR");
        }
        // Buffered, flushed at each line: the repl command writes many answers.
        PrintStream out = new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16),
                true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        int code = run(Arrays.asList(args), System.in, out, err, System.console() != null);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /**
     * Runs one command line.
     *
     * @param args the arguments, the command first
     * @param in the standard input (for {@code repl})
     * @param out the standard output
     * @param err the standard error: messages about failures and bad command lines
     * @param terminal whether {@code out} is a terminal (then progress is a line updated in place)
     * @return the exit code: 0 success, 1 failure, {@value #USAGE} bad command line
     */
    public static int run(List<String> args, InputStream in, PrintStream out, PrintStream err, boolean terminal) {
        if (args.isEmpty()) {
            err.println("No command given.");
            err.print(HELP);
            return USAGE;
        }
        String command = args.get(0);
        List<String> rest = args.subList(1, args.size());
        try {
            switch (command) {
                case "-h", "--help", "help":
                    return help(rest, out);
                case "demo":
                    return demo(rest, out, err);
                case "repl":
                    return ReplCommand.run(rest, in, out, err);
                case "setup":
                    return SetupCommands.setup(rest, out, err, terminal);
                case "versions":
                    return SetupCommands.versions(rest, out, err, terminal);
                case "clear-cache":
                    return SetupCommands.clearCache(rest, out, err);
                default:
                    throw new UsageException(command.startsWith("-") ? "unknown option " + command
                            + " (options come after the command)" : "unknown command `" + command + "`");
            }
        } catch (UsageException e) {
            err.println("lean-interact " + e.getMessage());
            err.println("Run 'java -jar lean-interact.jar " + (isCommand(command) ? command + " " : "")
                    + "--help' for usage.");
            return USAGE;
        }
    }

    private static boolean isCommand(String name) {
        return Set.of("demo", "repl", "setup", "versions", "clear-cache").contains(name);
    }

    private static int help(List<String> rest, PrintStream out) {
        if (rest.isEmpty()) {
            out.print(HELP);
            return 0;
        }
        if (rest.size() > 1 || !isCommand(rest.get(0))) {
            throw new UsageException("help: unknown command `" + String.join(" ", rest) + "`");
        }
        return run(List.of(rest.get(0), "--help"), InputStream.nullInputStream(), out, out, false);
    }

    private static int demo(List<String> args, PrintStream out, PrintStream err) {
        Arguments a = Arguments.parse("demo", args, Set.of(), Set.of());
        if (a.has("--help")) {
            out.print(DEMO_HELP);
            return 0;
        }
        try {
            Demo.run(out, Map.copyOf(System.getenv()));
            return 0;
        } catch (IOException | RuntimeException e) {
            err.println("demo failed: " + e);
            return 1;
        }
    }
}
