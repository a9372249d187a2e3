package io.github.leaninteract.config;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.event.Level;

/**
 * Runs one external tool (git, lake) to completion: output streamed line by line to the log and
 * its last lines kept for error messages, a bounded wait, and the whole process tree destroyed on
 * timeout or interrupt so that no build outlives the caller.
 */
final class ExternalProcess {

    static final int TAIL_LINES = 40;
    private static final int MAX_LINE_CHARS = 1000;
    private static final AtomicInteger THREAD_IDS = new AtomicInteger();

    /** The exit code and the last lines of output of a finished process. */
    record Result(int exitCode, String outputTail) {
        boolean succeeded() {
            return exitCode == 0;
        }
    }

    private ExternalProcess() {}

    /**
     * Runs {@code argv} in {@code directory} and waits at most {@code timeout}.
     *
     * @throws IOException when the program cannot be started (typically: not installed)
     * @throws LeanSetupException on timeout or interrupt (the process is destroyed first)
     */
    static Result run(List<String> argv, Path directory, Map<String, String> extraEnv, Duration timeout,
            Logger log, Level level) throws IOException {
        return run(argv, directory, extraEnv, timeout, log, level, TAIL_LINES, SetupListener.NONE);
    }

    /**
     * Like {@link #run(List, Path, Map, Duration, Logger, Level)}, keeping the last {@code keepLines} lines
     * and passing each line to {@code listener} as well.
     */
    static Result run(List<String> argv, Path directory, Map<String, String> extraEnv, Duration timeout,
            Logger log, Level level, int keepLines, SetupListener listener) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
        if (directory != null) {
            pb.directory(directory.toFile());
        }
        pb.environment().putAll(extraEnv);
        String label = String.join(" ", argv);
        log.debug("Running `{}` in {}", label, directory);
        Process process = pb.start();
        // Tools that wait for input (credential prompts) must see end-of-file, not hang.
        process.getOutputStream().close();

        Deque<String> tail = new ArrayDeque<>();
        String toolName = Path.of(argv.get(0)).getFileName().toString();
        Thread pump = new Thread(() -> pump(process, tail, keepLines, log, level, toolName, listener),
                "lean-setup-output-" + THREAD_IDS.incrementAndGet());
        pump.setDaemon(true);
        pump.start();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                destroyTree(process);
                throw new LeanSetupException("`" + label + "` did not finish within " + timeout
                        + " and was stopped; raise the timeout if the work is expected to take longer",
                        tailOf(tail), null);
            }
            // Output may still be buffered in the pipe; a grandchild holding it open must not block us.
            pump.join(5_000);
        } catch (InterruptedException e) {
            destroyTree(process);
            Thread.currentThread().interrupt();
            throw new LeanSetupException("Interrupted while running `" + label + "`; the process was stopped", e);
        }
        return new Result(process.exitValue(), tailOf(tail));
    }

    private static void pump(Process process, Deque<String> tail, int keepLines, Logger log, Level level,
            String toolName, SetupListener listener) {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.length() > MAX_LINE_CHARS) {
                    line = line.substring(0, MAX_LINE_CHARS) + "…";
                }
                log.atLevel(level).log("[{}] {}", toolName, line);
                notify(listener, toolName, line, log);
                synchronized (tail) {
                    if (tail.size() == keepLines) {
                        tail.removeFirst();
                    }
                    tail.addLast(line);
                }
            }
        } catch (IOException e) {
            // The stream closes when the process is destroyed; nothing left to read.
            log.trace("Output of {} ended: {}", toolName, e.toString());
        }
    }

    /** Tells {@code listener} that a step starts; its failure is only logged. */
    static void step(SetupListener listener, String description, Logger log) {
        try {
            listener.step(description);
        } catch (RuntimeException e) {
            log.debug("The setup listener failed on step `{}`: {}", description, e.toString());
        }
    }

    private static void notify(SetupListener listener, String toolName, String line, Logger log) {
        try {
            listener.outputLine(toolName, line);
        } catch (RuntimeException e) {
            // A broken progress display must not stop reading: the tool would block on a full pipe.
            log.debug("The setup listener failed on a line of {}: {}", toolName, e.toString());
        }
    }

    private static String tailOf(Deque<String> tail) {
        synchronized (tail) {
            return String.join("\n", tail);
        }
    }

    static void destroyTree(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
