package io.github.leaninteract.cli;

import io.github.leaninteract.config.LeanReplConfig;
import io.github.leaninteract.server.AutoLeanServer;
import io.github.leaninteract.server.LeanServerException;
import io.github.leaninteract.server.ReplProxy;
import io.github.leaninteract.sessioncache.PickleSessionCache;
import io.github.leaninteract.sessioncache.ReplaySessionCache;
import io.github.leaninteract.sessioncache.SessionCache;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The {@code repl} command: a crash-proof Lean REPL for any client, served on stdin/stdout by a
 * {@link ReplProxy}.
 *
 * <pre>
 * repl [--cache replay|pickle] [--cache-dir DIR] [--timeout SECONDS]
 *      [--lean-version V | --project DIR | --repl-path DIR] [-- PROGRAM ARGS...]
 * </pre>
 *
 * <p>After {@code --}, exactly that program is started as the REPL. {@code --cache pickle} keeps states as
 * pickle files under {@code --cache-dir} (default: a temporary directory removed at the end). The end of
 * input ends the proxy and its REPL, exit code 0; bad options print a message on {@code err}, exit code 2;
 * a REPL that cannot be started, exit code 1.
 *
 * <p>Thread safety: {@link #run} may be called from several threads, each with its own streams.
 */
public final class ReplCommand {

    static final String USAGE = "usage: repl [--cache replay|pickle] [--cache-dir DIR] [--timeout SECONDS]"
            + " [--lean-version V | --project DIR | --repl-path DIR] [-- PROGRAM ARGS...]";

    private ReplCommand() {
    }

    /** The options of one run. */
    record Options(boolean pickle, Path cacheDir, Duration timeout, LeanReplConfig config) {
    }

    /**
     * Runs the proxy until the end of {@code in}.
     *
     * @param args the options after {@code repl}
     * @return the exit code: 0 at the end of input (or after {@code --help}), 1 when the REPL cannot be
     *     started, 2 for bad options
     */
    public static int run(List<String> args, InputStream in, PrintStream out, PrintStream err) {
        int end = args.indexOf("--");
        List<String> own = end < 0 ? args : args.subList(0, end);
        if (own.contains("--help") || own.contains("-h")) {
            out.println(USAGE);
            out.println("A crash-proof Lean REPL on stdin/stdout: the REPL's protocol, with ids that survive"
                    + " crashes, timeouts and restarts.");
            return 0;
        }
        Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            err.println("repl: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        Path temporary = null;
        SessionCache cache;
        try {
            if (options.pickle()) {
                Path dir = options.cacheDir();
                if (dir == null) {
                    temporary = Files.createTempDirectory("lean-interact-repl-");
                    dir = temporary;
                }
                cache = new PickleSessionCache(dir);
            } else {
                cache = new ReplaySessionCache();
            }
        } catch (IOException | RuntimeException e) {
            err.println("repl: could not create the session cache: " + e.getMessage());
            return 1;
        }
        try (AutoCloseable closeCache = cache instanceof AutoCloseable c ? c : () -> { };
             AutoLeanServer server = AutoLeanServer.builder(options.config()).sessionCache(cache).build()) {
            new ReplProxy(server, options.timeout()).serve(in, out);
            return 0;
        } catch (LeanServerException e) {
            err.println("repl: could not start the REPL: " + e.getMessage());
            return 1;
        } catch (UncheckedIOException e) {
            err.println("repl: " + e.getMessage() + ": " + e.getCause().getMessage());
            return 1;
        } catch (Exception e) {
            err.println("repl: " + e);
            return 1;
        } finally {
            if (temporary != null) {
                deleteTree(temporary, err);
            }
        }
    }

    static Options parse(List<String> args) {
        String[] cache = {"replay"};
        Path[] cacheDir = {null};
        Duration[] timeout = {null};
        ReplSelection repl = ReplSelection.parse(args, (option, value) -> {
            switch (option) {
                case "--cache" -> {
                    cache[0] = value.get();
                    if (!cache[0].equals("replay") && !cache[0].equals("pickle")) {
                        throw new IllegalArgumentException("--cache is replay or pickle, was " + cache[0]);
                    }
                }
                case "--cache-dir" -> cacheDir[0] = Path.of(value.get());
                case "--timeout" -> timeout[0] = seconds("--timeout", value.get());
                default -> {
                    return false;
                }
            }
            return true;
        });
        if (cacheDir[0] != null && !cache[0].equals("pickle")) {
            throw new IllegalArgumentException(
                    "--cache-dir is where --cache pickle keeps its files; add --cache pickle");
        }
        return new Options(cache[0].equals("pickle"), cacheDir[0], timeout[0], repl.toConfig());
    }

    /**
     * A positive, finite number of seconds given as {@code option}'s value.
     *
     * @throws IllegalArgumentException naming the option and the value otherwise
     */
    public static Duration seconds(String option, String value) {
        double seconds;
        try {
            seconds = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            seconds = -1;
        }
        if (!(seconds > 0) || Double.isInfinite(seconds)) {
            throw new IllegalArgumentException(option + " needs a positive number of seconds, was " + value);
        }
        return Duration.ofNanos((long) (seconds * 1e9));
    }

    private static void deleteTree(Path dir, PrintStream err) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            err.println("repl: could not remove the temporary cache " + dir + ": " + e.getMessage());
        }
    }
}
