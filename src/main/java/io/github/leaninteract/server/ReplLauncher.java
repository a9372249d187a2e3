package io.github.leaninteract.server;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts REPL processes so that they die with the JVM, also when it is killed with SIGKILL and no shutdown
 * hook runs.
 *
 * <p>On Linux, when {@code setpriv} (util-linux) is installed, the REPL is started as
 * {@code setpriv --pdeathsig KILL <argv>}: the kernel sends it SIGKILL when its parent dies. The parent, for
 * the kernel, is the <em>thread</em> that forked it, not the JVM: a REPL forked by a short-lived thread would
 * die with that thread. So every REPL is forked by one long-lived daemon thread of this class, which lives as
 * long as the JVM. The signal reaches the started process, not its descendants (when that is {@code lake env},
 * which runs the REPL as its child, the REPL sees the end of its input and exits once it is idle).
 *
 * <p>The system property {@value #PARENT_DEATH_SIGNAL_PROPERTY} set to {@code false} turns the parent-death
 * signal off. Thread-safe.
 */
final class ReplLauncher {

    /** System property: {@code false} starts REPLs without a parent-death signal. */
    static final String PARENT_DEATH_SIGNAL_PROPERTY = "io.github.leaninteract.parentDeathSignal";

    private static final Logger log = LoggerFactory.getLogger(ReplLauncher.class);
    private static final boolean LINUX = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux");
    /** How long forking may take; far beyond what it needs even on a loaded machine. */
    private static final long START_DEADLINE_SECONDS = 60;
    private static final long PROBE_DEADLINE_SECONDS = 30;

    private static final ThreadPoolExecutor LAUNCHER = launcher();

    private ReplLauncher() {}

    private static ThreadPoolExecutor launcher() {
        // One core thread that never times out: it must outlive every REPL it forked.
        return new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "lean-interact-launcher");
            t.setDaemon(true);
            t.setContextClassLoader(ReplLauncher.class.getClassLoader());
            return t;
        });
    }

    /** The setpriv found and checked once, or {@code null} when there is none that works. */
    private static final class Setpriv {
        static final String PATH = probe();
    }

    /** Whether REPLs started now get a parent-death signal. */
    static boolean usesParentDeathSignal() {
        return LINUX && !"false".equalsIgnoreCase(System.getProperty(PARENT_DEATH_SIGNAL_PROPERTY))
                && Setpriv.PATH != null;
    }

    /**
     * {@code argv} prefixed so that the process it starts gets SIGKILL when the JVM dies, where possible. A
     * program that cannot be found is left unwrapped, so that starting it fails at once, as it would without
     * the wrapper, rather than as an exit of setpriv.
     */
    static List<String> withParentDeathSignal(List<String> argv, Path workingDirectory) {
        if (!usesParentDeathSignal() || !exists(argv.get(0), workingDirectory)) {
            return argv;
        }
        List<String> wrapped = new ArrayList<>(List.of(Setpriv.PATH, "--pdeathsig", "KILL", "--"));
        wrapped.addAll(argv);
        return wrapped;
    }

    /**
     * Runs {@code builder.start()} on the launcher thread.
     *
     * @throws IOException when the process cannot be started, or the launcher did not start it in time (a
     *     process started after that is killed at once)
     */
    static Process start(ProcessBuilder builder) throws IOException {
        CompletableFuture<Process> started = new CompletableFuture<>();
        Object guard = new Object();
        boolean[] abandoned = {false};
        LAUNCHER.execute(() -> {
            try {
                Process p = builder.start();
                synchronized (guard) {
                    if (abandoned[0]) {
                        p.destroyForcibly();
                    } else {
                        started.complete(p);
                    }
                }
            } catch (Throwable t) {
                started.completeExceptionally(t);
            }
        });
        try {
            return started.get(START_DEADLINE_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            synchronized (guard) {
                abandoned[0] = true;
                Process p = started.getNow(null);
                if (p != null && e instanceof TimeoutException) {
                    return p;
                }
                if (p != null) {
                    p.destroyForcibly();
                }
            }
            throw new IOException(e instanceof TimeoutException
                    ? "the process was not started within " + START_DEADLINE_SECONDS + " s"
                    : "interrupted while starting the process", e);
        }
    }

    private static String probe() {
        if (!LINUX) {
            return null;
        }
        Path found = findOnPath("setpriv");
        if (found == null) {
            log.info("setpriv not found: REPLs will not be killed if the JVM is killed with SIGKILL "
                    + "(install util-linux; PickleSessionCache.pruneOrphans() removes files such REPLs leave)");
            return null;
        }
        try {
            // Old setpriv versions (before util-linux 2.33) have no --pdeathsig.
            Process p = new ProcessBuilder(found.toString(), "--pdeathsig", "KILL", "--", "/bin/sh", "-c", ":")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(PROBE_DEADLINE_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                log.warn("{} --pdeathsig did not finish within {} s; starting REPLs without a parent-death signal",
                        found, PROBE_DEADLINE_SECONDS);
                return null;
            }
            if (p.exitValue() != 0) {
                log.info("{} does not support --pdeathsig (exit code {}); starting REPLs without a parent-death "
                        + "signal", found, p.exitValue());
                return null;
            }
            log.debug("REPLs are started with {} --pdeathsig KILL", found);
            return found.toString();
        } catch (IOException e) {
            log.info("Could not run {}: {}; starting REPLs without a parent-death signal", found, e.getMessage());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static boolean exists(String program, Path workingDirectory) {
        if (!program.contains(File.separator)) {
            return findOnPath(program) != null;
        }
        try {
            Path path = Path.of(program);
            if (Files.isExecutable(path)) {
                return true;
            }
            return !path.isAbsolute() && workingDirectory != null && Files.isExecutable(workingDirectory.resolve(path));
        } catch (java.nio.file.InvalidPathException e) {
            return false;
        }
    }

    private static Path findOnPath(String program) {
        List<String> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(File.pathSeparator)));
        }
        dirs.addAll(List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin"));
        for (String dir : dirs) {
            if (dir.isEmpty()) {
                continue;
            }
            try {
                Path candidate = Path.of(dir, program);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return candidate;
                }
            } catch (java.nio.file.InvalidPathException e) {
                // A PATH entry that is no path names no program.
            }
        }
        return null;
    }
}
