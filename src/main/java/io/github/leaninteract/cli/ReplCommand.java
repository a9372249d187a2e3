package io.github.leaninteract.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.List;

/**
 * The {@code repl} command: a crash-proof REPL proxy on stdin/stdout. This build does not contain it.
 *
 * <p>Thread-safe (stateless).
 */
public final class ReplCommand {

    private ReplCommand() {
    }

    /**
     * Runs the command.
     *
     * @param args the arguments after {@code repl}
     * @param in the requests
     * @param out the answers
     * @param err messages for the user
     * @return the exit code
     */
    public static int run(List<String> args, InputStream in, PrintStream out, PrintStream err) {
        err.println("repl: not available in this build");
        return 2;
    }
}
