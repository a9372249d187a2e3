package io.github.leaninteract.server;

import io.github.leaninteract.config.ReplLaunch;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running REPL process and its three pipes.
 *
 * <p>Two threads live as long as the process: one cuts stdout into answers and queues them, one drains
 * stderr into a bounded tail. No thread is created per request; a request waits on the queue with its
 * timeout. Not thread-safe for {@link #exchange}: the owning {@link LeanServer} serialises requests.
 */
final class ReplProcess {

    private static final Logger log = LoggerFactory.getLogger(ReplProcess.class);

    private static final int STDERR_TAIL_BYTES = 64 * 1024;
    private static final boolean LINUX = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux");
    private static final byte[] END_OF_REQUEST = "\n\n".getBytes(StandardCharsets.UTF_8);
    private static final int PIPE_BUFFER_BYTES = 64 * 1024;
    /** {@link #pipeline} keeps at most this many requests unanswered. */
    static final int MAX_IN_FLIGHT = 64;
    /** ... and fewer bytes than this, so that the pipe's buffer always has room for what is written. */
    private static final int MAX_IN_FLIGHT_BYTES = PIPE_BUFFER_BYTES / 2;
    private static final long NO_DEADLINE = Long.MAX_VALUE;
    /** Keeps the deadline of requests whose writing may block; one daemon thread for the whole JVM. */
    private static final ScheduledThreadPoolExecutor WATCHDOG = watchdog();

    private static ScheduledThreadPoolExecutor watchdog() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "lean-interact-watchdog");
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }

    /** Queued when stdout ends; carries whatever partial output came before the end. */
    private record EndOfOutput(String partial) {}

    private final String name;
    private final List<String> commandLine;
    private final Process process;
    private final OutputStream stdin;
    private final BlockingQueue<Object> answers = new LinkedBlockingQueue<>();
    private final StderrTail stderr = new StderrTail(STDERR_TAIL_BYTES);
    private final Thread stdoutReader;
    private final Thread stderrDrain;
    private volatile boolean killed;
    /** Set by the watchdog when it destroyed the process for a deadline. */
    private volatile boolean expired;
    /** Answers handed to callers; 0 means the process never proved that it reads and answers requests. */
    private volatile long answered;

    private ReplProcess(String name, List<String> commandLine, Process process) {
        this.name = name;
        this.commandLine = commandLine;
        this.process = process;
        this.stdin = process.getOutputStream();
        this.stdoutReader = new Thread(this::readStdout, name + "-stdout");
        this.stderrDrain = new Thread(this::drainStderr, name + "-stderr");
        stdoutReader.setDaemon(true);
        stderrDrain.setDaemon(true);
        stdoutReader.start();
        stderrDrain.start();
    }

    /**
     * Starts the process described by {@code launch}, under an address-space limit when
     * {@code memoryLimitMb} is set (Linux only). Returns as soon as the process is spawned: a program that
     * dies at once is reported, with its command line, exit code and stderr, by the first request that
     * meets it (watching for an early death would cost every restart a fixed wait).
     *
     * @throws LeanProcessException when the program cannot be started
     */
    static ReplProcess start(String name, ReplLaunch launch, Integer memoryLimitMb) {
        List<String> argv = commandLine(name, launch, memoryLimitMb);
        ProcessBuilder builder = new ProcessBuilder(argv);
        if (launch.workingDirectory() != null) {
            builder.directory(launch.workingDirectory().toFile());
        }
        Process process;
        try {
            process = ReplLauncher.start(builder);
        } catch (IOException e) {
            throw new LeanProcessException("Could not start the REPL " + launch.command()
                    + (launch.workingDirectory() != null ? " in " + launch.workingDirectory() : "")
                    + ": " + e.getMessage(), null, "", e);
        }
        try {
            LiveRepls.add(process, name);
        } catch (IllegalStateException shuttingDown) {
            process.destroyForcibly();
            throw new LeanProcessException("The JVM is shutting down: the REPL " + launch.command()
                    + " was not started", null, "", shuttingDown);
        }
        ReplProcess repl = new ReplProcess(name + "-pid" + process.pid(), launch.command(), process);
        log.debug("[{}] started {}", repl.name, argv);
        return repl;
    }

    /** The REPL's argv under its memory limit, wrapped so that the REPL dies with the JVM where possible. */
    private static List<String> commandLine(String name, ReplLaunch launch, Integer memoryLimitMb) {
        return ReplLauncher.withParentDeathSignal(withMemoryLimit(name, launch.command(), memoryLimitMb),
                launch.workingDirectory());
    }

    private static List<String> withMemoryLimit(String name, List<String> command, Integer memoryLimitMb) {
        if (memoryLimitMb == null) {
            return command;
        }
        if (!LINUX) {
            log.warn("[{}] memoryHardLimitMb is only enforced on Linux; starting the REPL without a limit", name);
            return command;
        }
        // exec keeps the REPL as the direct child, so the limit and the pid are the REPL's own (setpriv, around
        // this, execs too, and the parent-death signal it sets survives both execs).
        List<String> argv = new ArrayList<>();
        argv.add("/bin/sh");
        argv.add("-c");
        argv.add("ulimit -v \"$0\" || exit 125; exec \"$@\"");
        argv.add(String.valueOf(memoryLimitMb * 1024L));
        argv.addAll(command);
        return argv;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The exit code, or {@code null} while the process runs. */
    Integer exitCode() {
        return process.isAlive() ? null : process.exitValue();
    }

    /** The failure of a request that found the process dead before it was sent. */
    LeanProcessException notRunning(String what) {
        return died(what, null);
    }

    String stderrTail() {
        return stderr.text();
    }

    /**
     * Sends one request and waits for its answer.
     *
     * @param requestJson compact one-line JSON
     * @param timeout how long to wait for the answer, or {@code null} to wait forever
     * @return the raw answer text
     * @throws LeanTimeoutException after killing the process, when no answer came in time
     * @throws LeanProcessException when the process died or closed its output
     */
    String exchange(String requestJson, Duration timeout) {
        return exchange(requestJson, deadlineAfter(System.nanoTime(), timeout), timeout);
    }

    /** {@link #exchange(String, Duration)} with a deadline in {@link System#nanoTime()} time ({@code timeout} names it). */
    String exchange(String requestJson, long deadline, Duration timeout) {
        checkInStep();
        byte[] bytes = requestJson.getBytes(StandardCharsets.UTF_8);
        // A request larger than the pipe's buffer blocks while the REPL does not read: only a watchdog can
        // then keep the deadline. Smaller ones never block, and need none.
        ScheduledFuture<?> watchdog = bytes.length >= PIPE_BUFFER_BYTES ? watch(deadline) : null;
        try {
            write(bytes);
            flush();
        } finally {
            unwatch(watchdog);
        }
        checkNotExpired(timeout);
        return awaitAnswer(deadline, timeout);
    }

    /**
     * Sends requests in order without waiting for each answer before the next (the REPL reads its input in
     * order, one request at a time), and hands each answer to {@code onAnswer} with its index, in order. At
     * most {@link #MAX_IN_FLIGHT} requests, and fewer bytes than half a pipe buffer, are unanswered at any
     * time, so writing does not wait for the REPL; a request too large for that is sent on its own.
     *
     * @param perAnswer how long the REPL may work on one request (from the moment it could start on it: its
     *     previous answer, or the first write), or {@code null} for no limit
     * @param total how long all of it may take, or {@code null} for no limit
     * @param onAnswer receives the answers; must not throw (if it does, the process is killed, because its
     *     pipe still holds requests nobody will read the answers of, and the exception propagates)
     * @throws LeanTimeoutException after killing the process, when an answer did not come in time; the
     *     answers before it were handed over
     * @throws LeanProcessException when the process died; the answers before were handed over
     */
    void pipeline(List<String> requests, Duration perAnswer, Duration total, AnswerSink onAnswer) {
        checkInStep();
        int n = requests.size();
        long started = System.nanoTime();
        long deadline = deadlineAfter(started, total);
        int[] sizes = new int[n];
        int sent = 0;
        int received = 0;
        long inFlightBytes = 0;
        long lastProgress = started;
        while (received < n) {
            if (sent < n && sent - received < MAX_IN_FLIGHT) {
                // One watchdog per batch: if the pipe is smaller than it should be, a write can still block.
                ScheduledFuture<?> watchdog = watch(Math.min(deadline, deadlineAfter(lastProgress, perAnswer)));
                try {
                    while (sent < n && sent - received < MAX_IN_FLIGHT) {
                        byte[] bytes = requests.get(sent).getBytes(StandardCharsets.UTF_8);
                        int size = bytes.length + END_OF_REQUEST.length;
                        if (sent > received && inFlightBytes + size > MAX_IN_FLIGHT_BYTES) {
                            break;
                        }
                        write(bytes);
                        sizes[sent++] = size;
                        inFlightBytes += size;
                    }
                    flush();
                } finally {
                    unwatch(watchdog);
                }
                checkNotExpired(total);
            }
            long answerDeadline = Math.min(deadline, deadlineAfter(lastProgress, perAnswer));
            Duration limit = answerDeadline == deadline ? total : perAnswer;
            String answer = awaitAnswer(answerDeadline, limit);
            lastProgress = System.nanoTime();
            inFlightBytes -= sizes[received];
            try {
                onAnswer.accept(received, answer);
            } catch (RuntimeException | Error e) {
                if (received + 1 < sent) {
                    kill();
                }
                throw e;
            }
            received++;
        }
    }

    /** Receives the answers of {@link #pipeline}. */
    @FunctionalInterface
    interface AnswerSink {
        void accept(int index, String answer);
    }

    private void checkInStep() {
        if (!answers.isEmpty()) {
            // An answer nobody asked for means the stream is out of step with the requests.
            Object stray = answers.poll();
            if (!(stray instanceof EndOfOutput)) {
                kill();
                throw new LeanProtocolException("The REPL answered without being asked", String.valueOf(stray), null);
            }
            throw died("The REPL had closed its output", null);
        }
    }

    private static long deadlineAfter(long from, Duration timeout) {
        if (timeout == null) {
            return NO_DEADLINE;
        }
        long nanos = timeout.toNanos();
        return nanos >= NO_DEADLINE - from ? NO_DEADLINE : from + nanos;
    }

    /**
     * Arms the JVM-wide watchdog to destroy the process at {@code deadline}. It only sends the signals, so a
     * slow reap never delays other servers' deadlines: the thread whose write then fails reaps the process.
     */
    private ScheduledFuture<?> watch(long deadline) {
        if (deadline == NO_DEADLINE) {
            return null;
        }
        return WATCHDOG.schedule(() -> {
            expired = true;
            destroyTree();
        }, deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
    }

    private static void unwatch(ScheduledFuture<?> watchdog) {
        if (watchdog != null) {
            watchdog.cancel(false);
        }
    }

    private void write(byte[] bytes) {
        try {
            stdin.write(bytes);
            stdin.write(END_OF_REQUEST);
        } catch (IOException e) {
            throw writeFailed(e);
        }
    }

    private void flush() {
        try {
            stdin.flush();
        } catch (IOException e) {
            throw writeFailed(e);
        }
    }

    private LeanServerException writeFailed(IOException e) {
        if (expired) {
            kill();
            return new LeanTimeoutException("The REPL did not read the request in time; the process and its"
                    + " descendants were killed", null);
        }
        return died("The REPL stopped reading requests", e);
    }

    private void checkNotExpired(Duration timeout) {
        if (expired) {
            // The watchdog destroyed the process just as the write ended: reap it here, not on the watchdog.
            kill();
            throw timedOut(timeout, "did not read the request");
        }
    }

    private String awaitAnswer(long deadline, Duration timeout) {
        Object answer;
        try {
            answer = deadline == NO_DEADLINE ? answers.take()
                    : answers.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
            throw new LeanServerException("Interrupted while waiting for the REPL; the process was killed", e);
        }
        if (answer == null) {
            kill();
            throw timedOut(timeout, "did not answer");
        }
        if (answer instanceof EndOfOutput end) {
            String partial = end.partial().isBlank() ? "" : " after writing: " + abbreviate(end.partial());
            throw died("The REPL closed its output without answering" + partial, null);
        }
        answered++;
        return (String) answer;
    }

    private static LeanTimeoutException timedOut(Duration timeout, String what) {
        return new LeanTimeoutException("The REPL " + what + (timeout != null ? " within " + timeout : " in time")
                + "; the process and its descendants were killed", timeout);
    }

    private LeanProcessException died(String what, Throwable cause) {
        Integer exitCode = null;
        try {
            // The output ends a moment before the exit status is known.
            if (process.waitFor(2, TimeUnit.SECONDS)) {
                exitCode = process.exitValue();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        awaitDrained();
        String tail = stderrTail();
        kill();
        boolean neverAnswered = answered == 0;
        // Nothing watches a new process for an early death, so the first request is where a REPL that could
        // not start shows up: say what was started.
        String message = neverAnswered ? what + " (it had not answered any request yet; command line: "
                + String.join(" ", commandLine) + ")" : what;
        return new LeanProcessException(message, exitCode, tail, cause, neverAnswered);
    }

    /** Kills the process tree: descendants first, then the process itself; reaps it and closes the pipes. */
    void kill() {
        killed = true;
        // An interrupted caller (one interrupted while waiting for an answer kills the process) must not
        // cut the reaping short: a process still seen alive would be handed the next request.
        boolean interrupted = Thread.interrupted();
        try {
            List<ProcessHandle> tree = destroyTree();
            reap(tree);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Sends the kill signals to the process and its descendants; does not wait for anything. */
    private List<ProcessHandle> destroyTree() {
        killed = true;
        List<ProcessHandle> before = descendants();
        before.forEach(ProcessHandle::destroyForcibly);
        List<ProcessHandle> late = descendants();
        process.destroyForcibly();
        late.forEach(ProcessHandle::destroyForcibly);
        return before;
    }

    private void reap(List<ProcessHandle> descendants) {
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                log.warn("[{}] did not exit within 5 s of being killed", name);
            }
            for (ProcessHandle h : descendants) {
                h.onExit().get(1, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.debug("[{}] a descendant did not exit in time", name, e);
        }
        closeQuietly(stdin);
        closeQuietly(process.getInputStream());
        closeQuietly(process.getErrorStream());
        join(stdoutReader);
        join(stderrDrain);
        LiveRepls.remove(process);
    }

    /**
     * The live descendants of the process. On Linux they are read from {@code /proc/PID/task/TID/children}
     * (a few small reads); the JDK's own way reads the status of every process of the machine, which took
     * several milliseconds per call on a busy machine, twice per kill: most of what a restart cost.
     */
    private List<ProcessHandle> descendants() {
        if (LINUX) {
            List<ProcessHandle> found = procChildren(process.pid());
            if (found != null) {
                return found;
            }
        }
        try {
            return process.descendants().toList();
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    /** The descendants of {@code root} from {@code /proc}, or {@code null} when the kernel does not list them. */
    private static List<ProcessHandle> procChildren(long root) {
        Path rootList = Path.of("/proc", Long.toString(root), "task", Long.toString(root), "children");
        if (!Files.exists(rootList)) {
            // Either the process is gone (then it has no descendants we could find), or the kernel has no
            // children lists: let the JDK look.
            return Files.exists(Path.of("/proc", Long.toString(root))) ? null : List.of();
        }
        List<ProcessHandle> found = new ArrayList<>();
        ArrayDeque<Long> pending = new ArrayDeque<>();
        pending.add(root);
        while (!pending.isEmpty()) {
            long pid = pending.poll();
            try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
                for (Path task : tasks) {
                    String children;
                    try {
                        children = Files.readString(task.resolve("children"), StandardCharsets.US_ASCII);
                    } catch (IOException gone) {
                        continue;
                    }
                    for (String child : children.trim().split("\\s+")) {
                        if (!child.isEmpty()) {
                            long childPid = Long.parseLong(child);
                            ProcessHandle.of(childPid).ifPresent(found::add);
                            pending.add(childPid);
                        }
                    }
                }
            } catch (IOException | RuntimeException gone) {
                // The process ended while we looked: its children, if any, were handed to another parent.
            }
        }
        return found;
    }

    /** Resident memory of the process and all its descendants, in bytes (0 when unknown or dead). */
    long residentBytes() {
        if (!process.isAlive()) {
            return 0;
        }
        long total = ProcessMemory.residentBytes(process.pid());
        for (ProcessHandle h : descendants()) {
            total += ProcessMemory.residentBytes(h.pid());
        }
        return total;
    }

    private void readStdout() {
        ResponseFramer framer = new ResponseFramer();
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8), 1 << 16)) {
            String line;
            while ((line = reader.readLine()) != null) {
                String answer = framer.accept(line);
                if (answer != null) {
                    answers.add(answer);
                }
            }
        } catch (IOException e) {
            if (!killed) {
                log.debug("[{}] stdout read failed", name, e);
            }
        } finally {
            answers.add(new EndOfOutput(framer.pending()));
        }
    }

    private void drainStderr() {
        byte[] chunk = new byte[8192];
        try (InputStream in = process.getErrorStream()) {
            int n;
            while ((n = in.read(chunk)) >= 0) {
                stderr.write(chunk, 0, n);
                if (log.isTraceEnabled()) {
                    log.trace("[{}] stderr: {}", name, new String(chunk, 0, n, StandardCharsets.UTF_8));
                }
            }
        } catch (IOException e) {
            if (!killed) {
                log.debug("[{}] stderr read failed", name, e);
            }
        }
    }

    /** Waits a little for stderr to be read to its end, so that a dying process's last words are kept. */
    private void awaitDrained() {
        try {
            stderrDrain.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void join(Thread t) {
        if (t == Thread.currentThread()) {
            return;
        }
        try {
            t.join(2000);
            if (t.isAlive()) {
                log.warn("[{}] thread {} did not stop within 2 s", name, t.getName());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // Closing a pipe of a dead process can fail; there is nothing left to release.
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 500 ? s : s.substring(0, 500) + "…";
    }
}
