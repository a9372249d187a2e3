package io.github.leaninteract.server;

import io.github.leaninteract.config.ReplLaunch;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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

    /** How long {@link #start} watches a new process for an immediate death. */
    static final Duration STARTUP_CHECK = Duration.ofMillis(200);
    private static final int STDERR_TAIL_BYTES = 64 * 1024;
    private static final boolean LINUX = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux");
    private static final byte[] END_OF_REQUEST = "\n\n".getBytes(StandardCharsets.UTF_8);
    private static final int PIPE_BUFFER_BYTES = 64 * 1024;
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
    private final Process process;
    private final OutputStream stdin;
    private final BlockingQueue<Object> answers = new LinkedBlockingQueue<>();
    private final StderrTail stderr = new StderrTail(STDERR_TAIL_BYTES);
    private final Thread stdoutReader;
    private final Thread stderrDrain;
    private volatile boolean killed;

    private ReplProcess(String name, Process process) {
        this.name = name;
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
     * {@code memoryLimitMb} is set (Linux only).
     *
     * @throws LeanProcessException when the program cannot be started or exits at once
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
        ReplProcess repl = new ReplProcess(name + "-pid" + process.pid(), process);
        try {
            if (process.waitFor(STARTUP_CHECK.toMillis(), TimeUnit.MILLISECONDS)) {
                repl.awaitDrained();
                throw new LeanProcessException("The REPL " + launch.command() + " exited at once",
                        process.exitValue(), repl.stderrTail());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            repl.kill();
            throw new LeanServerException("Interrupted while starting the REPL", e);
        }
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
        if (!answers.isEmpty()) {
            // An answer nobody asked for means the stream is out of step with the requests.
            Object stray = answers.poll();
            if (!(stray instanceof EndOfOutput)) {
                kill();
                throw new LeanProtocolException("The REPL answered without being asked", String.valueOf(stray), null);
            }
            throw died("The REPL had closed its output", null);
        }
        long start = System.nanoTime();
        byte[] bytes = requestJson.getBytes(StandardCharsets.UTF_8);
        // A request larger than the pipe's buffer blocks while the REPL does not read: only a watchdog can
        // then keep the deadline. Smaller ones never block, and need none.
        AtomicBoolean expired = new AtomicBoolean();
        ScheduledFuture<?> watchdog = timeout != null && bytes.length >= PIPE_BUFFER_BYTES
                ? WATCHDOG.schedule(() -> {
                    expired.set(true);
                    kill();
                }, timeout.toNanos(), TimeUnit.NANOSECONDS)
                : null;
        try {
            stdin.write(bytes);
            stdin.write(END_OF_REQUEST);
            stdin.flush();
        } catch (IOException e) {
            if (expired.get()) {
                throw killedForTimeout(timeout);
            }
            throw died("The REPL stopped reading requests", e);
        } finally {
            if (watchdog != null) {
                watchdog.cancel(false);
            }
        }
        if (expired.get()) {
            throw killedForTimeout(timeout);
        }
        Object answer;
        try {
            answer = timeout == null ? answers.take()
                    : answers.poll(timeout.toNanos() - (System.nanoTime() - start), TimeUnit.NANOSECONDS);
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
        return (String) answer;
    }

    /** The watchdog is killing the process; wait until it is dead and reaped, so that no caller sees it alive. */
    private LeanTimeoutException killedForTimeout(Duration timeout) {
        kill();
        return timedOut(timeout, "did not read the request");
    }

    private static LeanTimeoutException timedOut(Duration timeout, String what) {
        return new LeanTimeoutException("The REPL " + what + " within " + timeout
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
        return new LeanProcessException(what, exitCode, tail, cause);
    }

    /** Kills the process tree: descendants first, then the process itself; reaps it and closes the pipes. */
    void kill() {
        killed = true;
        // An interrupted caller (one interrupted while waiting for an answer kills the process) must not
        // cut the reaping short: a process still seen alive would be handed the next request.
        boolean interrupted = Thread.interrupted();
        try {
            killAndReap();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void killAndReap() {
        List<ProcessHandle> before = descendants();
        before.forEach(ProcessHandle::destroyForcibly);
        List<ProcessHandle> late = descendants();
        process.destroyForcibly();
        late.forEach(ProcessHandle::destroyForcibly);
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                log.warn("[{}] did not exit within 5 s of being killed", name);
            }
            for (ProcessHandle h : before) {
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

    private List<ProcessHandle> descendants() {
        try {
            return process.descendants().toList();
        } catch (RuntimeException e) {
            return List.of();
        }
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
