package io.github.leaninteract.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.leaninteract.config.LeanReplConfig;
import io.github.leaninteract.config.LeanSetupException;
import io.github.leaninteract.config.ReplLaunch;
import io.github.leaninteract.config.ReplSetup;
import io.github.leaninteract.protocol.Command;
import io.github.leaninteract.protocol.CommandResponse;
import io.github.leaninteract.protocol.ElaborationOptions;
import io.github.leaninteract.protocol.FileCommand;
import io.github.leaninteract.protocol.LeanErrorException;
import io.github.leaninteract.protocol.LeanJson;
import io.github.leaninteract.protocol.LeanJsonException;
import io.github.leaninteract.protocol.LeanRequest;
import io.github.leaninteract.protocol.LeanResponse;
import io.github.leaninteract.protocol.PickleEnvironment;
import io.github.leaninteract.protocol.PickleProofState;
import io.github.leaninteract.protocol.ProofStep;
import io.github.leaninteract.protocol.ProofStepResponse;
import io.github.leaninteract.protocol.UnpickleEnvironment;
import io.github.leaninteract.protocol.UnpickleProofState;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.ObjIntConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client of one Lean REPL process, spoken to over its stdin and stdout.
 *
 * <pre>{@code
 * try (LeanServer server = new LeanServer(config)) {
 *     CommandResponse r = server.command(Command.of("theorem t (x : Nat) : x = x := by sorry"));
 *     int proofState = r.sorries().get(0).proofState();
 *     ProofStepResponse step = server.proofStep(new ProofStep(proofState, "rfl"), Duration.ofSeconds(30));
 * }
 * }</pre>
 *
 * <p><b>Failures.</b> {@link #run(LeanRequest, Duration) run} returns an answer {@code {"message": …}} as a
 * {@link io.github.leaninteract.protocol.LeanError} value; the typed methods ({@link #command(Command, Duration)
 * command}, {@link #proofStep(ProofStep, Duration) proofStep}, …) throw it as a {@link LeanErrorException} with
 * the request. Every failure this library throws is a {@link io.github.leaninteract.protocol.LeanInteractException}
 * (bad arguments stay {@link IllegalArgumentException}, use after {@link #close()} {@link IllegalStateException}).
 * Transport failures are exceptions: a request
 * past its timeout kills the process tree and raises {@link LeanTimeoutException}; a dead process raises
 * {@link LeanProcessException} with its exit code and the tail of its stderr; output that is not an answer
 * raises {@link LeanProtocolException} and kills the process. After any of them this server stays dead
 * until {@link #start()} or {@link #restart()}; an {@link AutoLeanServer} restarts by itself. Requests are
 * validated before they are sent, so a malformed one never crashes the REPL: a plain {@code LeanServer}
 * rejects negative (session-cache) ids with {@link IllegalArgumentException}.
 *
 * <p><b>Ids.</b> A plain {@code LeanServer} is the REPL's own client: the {@code env} and {@code proofState}
 * ids of its answers are the REPL's raw ids, valid in the current process of this server only. They mean
 * nothing (or another state) on another server, and after {@link #restart()} or any death of the process.
 * An {@link AutoLeanServer} hands out ids that are recognised and refused where they do not belong, and
 * session ids that survive restarts.
 *
 * <p><b>Thread safety.</b> Thread-safe. Concurrent callers are served one at a time, in arrival order, and
 * never interleave on the pipe. {@link #kill()} may be called from any thread at any time, also while
 * another thread waits for an answer (that thread then gets a {@link LeanProcessException}).
 *
 * <p><b>Resources.</b> Each live process has two daemon threads (stdout and stderr readers); one more
 * thread is created on the first {@link #runAsync} call. {@link #close()} kills the process tree and
 * stops every thread; it is idempotent. A REPL left running without {@code close()} is killed, with its
 * descendants, by a shutdown hook when the JVM exits or gets SIGTERM; on Linux with {@code setpriv}, the REPL
 * process also gets SIGKILL from the kernel when the JVM dies by SIGKILL (set the system property
 * {@code io.github.leaninteract.parentDeathSignal} to {@code false} to turn that off).
 *
 * <p><b>Logging.</b> Through SLF4J: a timeout, a crash (exit code, stderr tail) or a REPL out of memory is
 * logged at WARN with this server's name and the kind of request; the next start says why it happened.
 */
public class LeanServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LeanServer.class);
    private static final AtomicInteger SERVER_COUNTER = new AtomicInteger();
    private static final List<String> ELAB_ASYNC = List.of("Elab", "async");

    private final LeanReplConfig config;
    private final String name;
    private final ReentrantLock lock = new ReentrantLock(true);
    private final Object asyncGuard = new Object();
    private volatile ReplProcess process;
    private volatile long generation;
    private volatile boolean closed;
    /** Why the current process stopped ("after a timeout of 30 s"), or {@code null} while nothing is known. */
    private volatile String stopCause;
    private ReplLaunch launch;
    // Decided with the launch, from the config and its setup: whether commands carry the version-dependent options.
    private volatile boolean sendsIncrementality;
    private volatile boolean sendsElabAsync;
    private ThreadPoolExecutor asyncExecutor;

    /**
     * Starts the REPL that {@code config} describes, setting it up first when needed.
     *
     * @throws LeanProcessException when the REPL cannot be set up or started (a program that starts but dies
     *     at once is reported by the first request, with its command line, exit code and stderr)
     */
    public LeanServer(LeanReplConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.name = "lean-server-" + SERVER_COUNTER.incrementAndGet();
        lock.lock();
        try {
            startProcess();
        } finally {
            lock.unlock();
        }
    }

    /** This server's name, as used in its log lines and thread names. */
    public String name() {
        return name;
    }

    /** The configuration this server was started with. */
    public LeanReplConfig config() {
        return config;
    }

    /** See {@link ServerAccess#processGeneration()}. */
    long processGeneration() {
        return generation;
    }

    /** Whether the REPL process is running. */
    public boolean isAlive() {
        ReplProcess p = process;
        return p != null && p.isAlive();
    }

    /** The pid of the current REPL process, or -1 when none runs. */
    public long pid() {
        ReplProcess p = process;
        return p != null && p.isAlive() ? p.pid() : -1;
    }

    /**
     * Starts the REPL process if it is not running; does nothing when it is.
     *
     * @throws LeanProcessException when it cannot be started (one that dies at once is reported by the first
     *     request)
     * @throws IllegalStateException when this server is closed
     */
    public void start() {
        withExclusiveAccess(() -> {
            ensureOpen();
            if (!isAlive()) {
                startProcess();
            }
            return null;
        });
    }

    /**
     * Kills the REPL process and all its descendants, reaps it and closes its pipes. Every REPL id of that
     * process is lost. Safe to call from any thread, at any time, any number of times.
     */
    public void kill() {
        ReplProcess p = process;
        if (p != null) {
            if (stopCause == null && p.isAlive()) {
                stopCause = "after kill() was called";
            }
            p.kill();
            log.debug("[{}] killed REPL process {}", name, p.pid());
        }
    }

    /** Kills the REPL process (if any) and starts a new one. */
    public void restart() {
        withExclusiveAccess(() -> {
            ensureOpen();
            kill();
            startProcess();
            return null;
        });
    }

    /**
     * Resident memory of the REPL process and all its descendants, in bytes (read from {@code /proc} on
     * Linux; 0 when no process runs or it cannot be read).
     */
    public long memoryUsageBytes() {
        ReplProcess p = process;
        return p == null ? 0 : p.residentBytes();
    }

    /**
     * What the current REPL process wrote to its standard error lately (LeanInteract's
     * {@code get_stdout_stderr}): the last 64 KiB at most, starting at a line when more was written.
     * Readable at any time, also while a request runs and after the process died (until the next
     * start); empty before the first start. Output reaches it asynchronously, a little after the
     * process wrote it.
     */
    public String recentStderr() {
        ReplProcess p = process;
        return p == null ? "" : p.stderrTail();
    }

    /** Runs a request with no timeout. See {@link #run(LeanRequest, Duration)}. */
    public LeanResponse run(LeanRequest request) {
        return run(request, null);
    }

    /**
     * Sends one request and returns its answer.
     *
     * @param timeout how long the REPL may take to answer, or {@code null} for no limit; time spent waiting
     *     for other callers' requests does not count
     * @return a {@code CommandResponse}, a {@code ProofStepResponse} or a {@code LeanError}
     * @throws IllegalArgumentException when the request names a negative id (use an {@link AutoLeanServer})
     * @throws LeanTimeoutException when no answer came in time (the process was killed)
     * @throws LeanProcessException when the process is not running or died
     * @throws LeanProtocolException when the process wrote something that is not an answer
     * @throws IllegalStateException when this server is closed
     */
    public LeanResponse run(LeanRequest request, Duration timeout) {
        Objects.requireNonNull(request, "request");
        checkTimeout(timeout);
        return withExclusiveAccess(() -> runUntil(request, Deadlines.after(timeout), timeout));
    }

    /**
     * {@link #run(LeanRequest, Duration)} within a deadline already running ({@link System#nanoTime()} time;
     * {@code timeout} is what it was made from, for messages). Restoring the states the request names counts
     * against it.
     */
    final LeanResponse runUntil(LeanRequest request, long deadline, Duration timeout) {
        return withExclusiveAccess(() -> {
            ensureOpen();
            LeanRequest sent = withConfiguredOptions(resolveIds(request, Deadlines.remaining(deadline, timeout,
                    "before the request could be sent")));
            Deadlines.remaining(deadline, timeout, "before the request could be sent (restoring the states it names"
                    + " took it)");
            return exchangeAndParse(sent, deadline, timeout);
        });
    }

    /** See {@link ServerAccess#runInProcess(LeanRequest, Duration)}. */
    LeanResponse runInProcess(LeanRequest request, Duration timeout) {
        Objects.requireNonNull(request, "request");
        checkTimeout(timeout);
        rejectNegative("env", request.referencedEnv());
        rejectNegative("proofState", request.referencedProofState());
        return withExclusiveAccess(() -> runInProcessUntil(request, Deadlines.after(timeout), timeout));
    }

    /** {@link #runInProcess} within a deadline already running ({@link System#nanoTime()} time). */
    final LeanResponse runInProcessUntil(LeanRequest request, long deadline, Duration timeout) {
        rejectNegative("env", request.referencedEnv());
        rejectNegative("proofState", request.referencedProofState());
        return withExclusiveAccess(() -> {
            ensureOpen();
            Deadlines.remaining(deadline, timeout, "before the request could be sent");
            return exchangeAndParse(withConfiguredOptions(request), deadline, timeout);
        });
    }

    /**
     * See {@link ServerAccess#runPipelined(List, Duration, Duration, ObjIntConsumer)}; {@link AutoLeanServer}
     * adds its health checks.
     */
    void runPipelined(List<? extends LeanRequest> requests, Duration timeoutPerRequest, Duration total,
            ObjIntConsumer<LeanResponse> onAnswer) {
        Objects.requireNonNull(requests, "requests");
        Objects.requireNonNull(onAnswer, "onAnswer");
        checkTimeout(timeoutPerRequest);
        checkTimeout(total);
        withExclusiveAccess(() -> {
            ensureOpen();
            long deadline = Deadlines.after(total);
            List<LeanRequest> sent = new ArrayList<>(requests.size());
            List<String> json = new ArrayList<>(requests.size());
            for (LeanRequest r : requests) {
                LeanRequest resolved = withConfiguredOptions(resolveIds(Objects.requireNonNull(r, "request"),
                        timeoutPerRequest));
                sent.add(resolved);
                json.add(LeanJson.writeTree(LeanJson.toTree(resolved)));
            }
            if (json.isEmpty()) {
                return null;
            }
            ReplProcess p = liveProcess();
            try {
                p.pipeline(json, timeoutPerRequest, Deadlines.remaining(deadline, total, "before the requests could be sent"),
                        (i, answer) -> onAnswer.accept(parse(sent.get(i), answer), i));
            } catch (LeanServerException e) {
                recordFailure(e, p, "batch of " + json.size() + " pipelined requests");
                throw e;
            }
            return null;
        });
    }

    private LeanResponse exchangeAndParse(LeanRequest sent, long deadline, Duration timeout) {
        return parse(sent, exchange(LeanJson.writeTree(LeanJson.toTree(sent)), deadline, timeout, kindOf(sent)));
    }

    private LeanResponse parse(LeanRequest sent, String answer) {
        try {
            return LeanJson.readResponse(sent, answer);
        } catch (LeanJsonException | IllegalArgumentException e) {
            stopCause = "after an answer that was not a response to a " + kindOf(sent);
            log.warn("[{}] the REPL's answer to a {} is not a response to it; killing the REPL: {}", name,
                    kindOf(sent), e.getMessage());
            kill();
            throw new LeanProtocolException("The REPL's answer is not a response to " + kindOf(sent), answer, e);
        }
    }

    /**
     * Runs a request without blocking the caller. Requests are still served one at a time, in the order they
     * were submitted with the other calls. The future fails with the exceptions {@link #run(LeanRequest,
     * Duration)} throws; cancelling it before it started keeps the request from being sent.
     */
    public CompletableFuture<LeanResponse> runAsync(LeanRequest request, Duration timeout) {
        Objects.requireNonNull(request, "request");
        checkTimeout(timeout);
        return enqueue(() -> run(request, timeout));
    }

    /**
     * Runs a command with no timeout and returns its answer as a {@link CommandResponse}. See
     * {@link #command(Command, Duration)}.
     *
     * @throws LeanErrorException when the REPL answers with an error
     */
    public CommandResponse command(Command command) {
        return command(command, null);
    }

    /**
     * Runs a command and returns its answer as a {@link CommandResponse}, without a cast; an error answer of the
     * REPL becomes a {@link LeanErrorException} with its message and the request. The same as
     * {@link #run(LeanRequest, Duration)} otherwise (on an {@link AutoLeanServer}, without caching).
     *
     * <pre>{@code
     * CommandResponse r = server.command(Command.of("theorem t : 1 = 1 := by sorry"), Duration.ofSeconds(30));
     * int proofState = r.sorries().get(0).proofState();
     * }</pre>
     *
     * @throws LeanErrorException when the REPL answers with an error (such as {@code "Unknown environment."})
     * @throws LeanServerException as {@link #run(LeanRequest, Duration)}: a timeout, a dead REPL, or output
     *     that is not an answer
     */
    public CommandResponse command(Command command, Duration timeout) {
        return TypedAnswers.expect(run(command, timeout), command, CommandResponse.class);
    }

    /**
     * Runs the Lean file {@code file} names and returns its answer as a {@link CommandResponse}; see
     * {@link #command(Command, Duration)}.
     *
     * <pre>{@code
     * CommandResponse r = server.file(FileCommand.of("Proofs.lean"), Duration.ofMinutes(5));
     * }</pre>
     *
     * @throws LeanErrorException when the REPL answers with an error (such as a file it cannot read)
     */
    public CommandResponse file(FileCommand file, Duration timeout) {
        return TypedAnswers.expect(run(file, timeout), file, CommandResponse.class);
    }

    /**
     * Runs a tactic on a proof state and returns its answer as a {@link ProofStepResponse}, without a cast; an
     * error answer of the REPL (an unknown tactic or proof state) becomes a {@link LeanErrorException} with its
     * message and the request. A tactic that Lean runs but that fails is an answer, not an exception: its
     * {@code proofStatus} starts with {@code Error} and its messages say why.
     *
     * <pre>{@code
     * ProofStepResponse step = server.proofStep(new ProofStep(proofState, "rfl"), Duration.ofSeconds(30));
     * if (step.isCompleted()) { ... }
     * }</pre>
     *
     * @throws LeanErrorException when the REPL answers with an error
     * @throws LeanServerException as {@link #run(LeanRequest, Duration)}
     */
    public ProofStepResponse proofStep(ProofStep step, Duration timeout) {
        return TypedAnswers.expect(run(step, timeout), step, ProofStepResponse.class);
    }

    /**
     * Pickles an environment to a file and returns the REPL's answer (the same {@code env}); see
     * {@link #command(Command, Duration)}.
     *
     * <pre>{@code
     * server.pickle(new PickleEnvironment(env, "env.olean"), Duration.ofMinutes(1));
     * }</pre>
     *
     * @throws LeanErrorException when the REPL answers with an error (such as an unknown environment)
     */
    public CommandResponse pickle(PickleEnvironment request, Duration timeout) {
        return TypedAnswers.expect(run(request, timeout), request, CommandResponse.class);
    }

    /**
     * Pickles a proof state to a file and returns the REPL's answer (with a new {@code proofState} id); see
     * {@link #proofStep(ProofStep, Duration)}.
     *
     * <pre>{@code
     * server.pickle(new PickleProofState(proofState, "goal.olean"), Duration.ofMinutes(1));
     * }</pre>
     *
     * @throws LeanErrorException when the REPL answers with an error (such as an unknown proof state)
     */
    public ProofStepResponse pickle(PickleProofState request, Duration timeout) {
        return TypedAnswers.expect(run(request, timeout), request, ProofStepResponse.class);
    }

    /**
     * Unpickles an environment from a file and returns the REPL's answer, with the new {@code env} id; see
     * {@link #command(Command, Duration)}.
     *
     * <pre>{@code
     * int env = server.unpickle(new UnpickleEnvironment("env.olean"), Duration.ofMinutes(1)).env();
     * }</pre>
     *
     * @throws LeanErrorException when the REPL answers with an error
     */
    public CommandResponse unpickle(UnpickleEnvironment request, Duration timeout) {
        return TypedAnswers.expect(run(request, timeout), request, CommandResponse.class);
    }

    /**
     * Unpickles a proof state from a file and returns the REPL's answer, with the new {@code proofState} id; see
     * {@link #proofStep(ProofStep, Duration)}.
     *
     * <pre>{@code
     * int proofState = server.unpickle(new UnpickleProofState("goal.olean", null), Duration.ofMinutes(1))
     *         .proofState();
     * }</pre>
     *
     * @throws LeanErrorException when the REPL answers with an error
     */
    public ProofStepResponse unpickle(UnpickleProofState request, Duration timeout) {
        return TypedAnswers.expect(run(request, timeout), request, ProofStepResponse.class);
    }

    /** Queues {@code call} on this server's async thread; the future fails if the server closes first. */
    final CompletableFuture<LeanResponse> enqueue(Supplier<LeanResponse> call) {
        ensureOpen();
        CompletableFuture<LeanResponse> future = new CompletableFuture<>();
        try {
            asyncExecutor().execute(new AsyncRun(future, call));
        } catch (RejectedExecutionException e) {
            // close() shut the executor down between the check and the hand-over.
            future.completeExceptionally(new IllegalStateException(name + " is closed", e));
        }
        return future;
    }

    /**
     * Sends a raw JSON request, as the REPL's wire protocol has it, and returns the raw answer. For REPL
     * builds with requests this library does not model. The request must be a JSON object; negative
     * {@code env} and {@code proofState} ids are rejected.
     */
    public JsonNode runRaw(JsonNode request, Duration timeout) {
        Objects.requireNonNull(request, "request");
        checkTimeout(timeout);
        checkRaw(request);
        return withExclusiveAccess(() -> {
            ensureOpen();
            String answer = exchange(LeanJson.writeTree(request), timeout, "raw request");
            try {
                return LeanJson.readTree(answer);
            } catch (LeanJsonException | IllegalArgumentException e) {
                stopCause = "after an answer that was not JSON";
                log.warn("[{}] the REPL's answer to a raw request is not JSON; killing the REPL", name);
                kill();
                throw new LeanProtocolException("The REPL's answer is not JSON", answer, e);
            }
        });
    }

    /**
     * Runs {@code action} while holding this server's exclusive access; see
     * {@link ServerAccess#withExclusiveAccess(Supplier)}. Re-entrant; {@link AutoLeanServer} does its health
     * checks and restarts only on the outermost call (see {@link #isOutermostCall()}).
     */
    <T> T withExclusiveAccess(Supplier<T> action) {
        try {
            lock.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LeanServerException("Interrupted while waiting for " + name, e);
        }
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Kills the REPL process tree and stops this server's threads. Pending {@link #runAsync} requests fail.
     * Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        kill();
        synchronized (asyncGuard) {
            if (asyncExecutor != null) {
                for (Runnable pending : asyncExecutor.shutdownNow()) {
                    ((AsyncRun) pending).fail(new IllegalStateException(name + " was closed before the request ran"));
                }
            }
        }
        log.info("[{}] closed", name);
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed;
    }

    @Override
    public String toString() {
        ReplProcess p = process;
        String state = closed ? "closed" : p != null && p.isAlive() ? "alive, pid " + p.pid() : "not running";
        return getClass().getSimpleName() + "[" + name + ", " + state + ", generation " + generation + "]";
    }

    /**
     * Checks that a request names REPL ids only: the REPL would crash on a negative (session) id, and an
     * {@link AutoLeanServer} has translated its session ids before a request gets here.
     */
    private static LeanRequest resolveIds(LeanRequest request, Duration timeout) {
        rejectNegative("env", request.referencedEnv());
        rejectNegative("proofState", request.referencedProofState());
        return request;
    }

    /** Checks that a raw request is a JSON object without negative ids. */
    static void checkRaw(JsonNode request) {
        if (!(request instanceof ObjectNode)) {
            throw new IllegalArgumentException("A REPL request must be a JSON object, was: " + request.getNodeType());
        }
        for (String field : List.of("env", "proofState")) {
            JsonNode id = request.get(field);
            if (id != null && id.isNumber() && id.asLong() < 0) {
                throw new IllegalArgumentException("Negative " + field + " id " + id
                        + ": the REPL only knows ids >= 0 (negative ids are session-cache ids)");
            }
        }
    }

    /** Whether the calling thread holds exclusive access exactly once (it is not inside a nested call). */
    final boolean isOutermostCall() {
        return lock.getHoldCount() == 1;
    }

    private static void rejectNegative(String field, Integer id) {
        if (id != null && id < 0) {
            throw new IllegalArgumentException("Negative " + field + " id " + id
                    + " is a session-cache id: only an AutoLeanServer resolves those; the REPL itself would crash on it");
        }
    }

    private LeanRequest withConfiguredOptions(LeanRequest request) {
        if (!(request instanceof ElaborationOptions<?> e)) {
            return request;
        }
        ElaborationOptions<?> options = e;
        if (sendsIncrementality && options.incrementality() == null) {
            options = options.withIncrementality(true);
        }
        if (sendsElabAsync && !options.setsOption(ELAB_ASYNC)) {
            options = options.withOption(ELAB_ASYNC, true);
        }
        return (LeanRequest) options;
    }

    private ReplProcess liveProcess() {
        ReplProcess p = process;
        if (p == null) {
            throw new LeanProcessException("The REPL of " + name + " is not running; call start() or restart()",
                    null, "");
        }
        if (!p.isAlive()) {
            throw p.notRunning("The REPL of " + name + " is not running; call start() or restart()");
        }
        return p;
    }

    private String exchange(String json, Duration timeout, String kind) {
        return exchange(json, Deadlines.after(timeout), timeout, kind);
    }

    private String exchange(String json, long deadline, Duration timeout, String kind) {
        ReplProcess p = liveProcess();
        if (log.isDebugEnabled()) {
            log.debug("[{}] -> {}", name, abbreviate(json));
        }
        String answer;
        try {
            answer = p.exchange(json, deadline, timeout);
        } catch (LeanServerException e) {
            recordFailure(e, p, kind);
            throw e;
        }
        if (log.isDebugEnabled()) {
            log.debug("[{}] <- {}", name, abbreviate(answer));
        }
        return answer;
    }

    /** Logs why a request failed, and keeps it as the reason of the restart that follows. */
    private void recordFailure(LeanServerException e, ReplProcess p, String kind) {
        if (e instanceof LeanTimeoutException t) {
            stopCause = "after a timeout of " + format(t.timeout());
            log.warn("[{}] a {} timed out after {}: the REPL process {} and its descendants were killed", name, kind,
                    format(t.timeout()), p.pid());
        } else if (e instanceof LeanProcessException d) {
            boolean memory = looksOutOfMemory(d);
            String memoryNote = memory ? " (out of memory under memoryHardLimitMb " + config.memoryHardLimitMb() + ")" : "";
            stopCause = (d.exitCode() != null ? "after exit code " + d.exitCode() : "after the REPL died") + memoryNote;
            log.warn("[{}] the REPL process {} died during a {}{}: {}", name, p.pid(), kind, memoryNote, d.getMessage());
        } else if (e instanceof LeanProtocolException) {
            stopCause = "after output that was not an answer";
            log.warn("[{}] the REPL process {} wrote something that is not an answer to a {}; it was killed: {}", name,
                    p.pid(), kind, e.getMessage());
        } else {
            stopCause = "after a " + kind + " failed: " + e.getMessage();
            log.warn("[{}] a {} failed; the REPL process {} was killed: {}", name, kind, p.pid(), e.getMessage());
        }
    }

    private boolean looksOutOfMemory(LeanProcessException e) {
        if (config.memoryHardLimitMb() == null) {
            return false;
        }
        Integer code = e.exitCode();
        String tail = e.stderrTail().toLowerCase(java.util.Locale.ROOT);
        return (code != null && (code == 134 || code == 137)) || tail.contains("out of memory");
    }

    private static String format(Duration d) {
        if (d == null) {
            return "no limit";
        }
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + " ms";
        }
        return ms % 1000 == 0 ? ms / 1000 + " s" : String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    /**
     * Why the REPL process is not running, for the log line of the restart that follows: the failure that
     * ended it ({@code "after a timeout of 30 s"}, {@code "after exit code 137"}), or its exit code when it
     * ended between requests; {@code "the REPL was not running"} when nothing is known.
     */
    final String stopCause() {
        String cause = stopCause;
        if (cause != null) {
            return cause;
        }
        ReplProcess p = process;
        Integer code = exitCodeOf(p);
        return code != null ? "after exit code " + code + " between requests" : "the REPL was not running";
    }

    private static Integer exitCodeOf(ReplProcess p) {
        if (p == null) {
            return null;
        }
        return p.exitCode();
    }

    private void startProcess() {
        long t0 = System.nanoTime();
        if (launch == null) {
            ReplSetup prepared;
            try {
                prepared = config.setup();
            } catch (LeanSetupException e) {
                throw new LeanProcessException("Could not set up the REPL for " + name + ": " + e.getMessage(), null,
                        e.outputTail(), e);
            }
            decideVersionDependentOptions(prepared);
            launch = prepared.launch();
        }
        ReplProcess started = ReplProcess.start(name, launch, config.memoryHardLimitMb());
        String cause = process == null ? null : stopCause();
        process = started;
        stopCause = null;
        generation++;
        // close() does not wait for a start under way: it sets closed, then kills the process it sees. Both
        // fields are volatile, so either it saw this process or this check sees closed.
        if (closed) {
            started.kill();
            throw new IllegalStateException(name + " was closed while its REPL was starting");
        }
        log.info("[{}] REPL started (pid {}, generation {}) in {} ms{}", name, started.pid(), generation,
                (System.nanoTime() - t0) / 1_000_000, cause == null ? "" : ", " + cause);
    }

    /**
     * Which options that depend on the Lean version commands carry: decided from the config and what its setup
     * prepared only, never from what was done with the config before. A {@code replCommand} without a
     * {@code leanVersion} runs a REPL of unknown version, on which an option it does not know can fail every
     * command: setup then reads the version from a {@code lean-toolchain} file where the REPL runs, and without
     * one no version-dependent option is sent.
     */
    private void decideVersionDependentOptions(ReplSetup prepared) {
        sendsIncrementality = config.appliesIncrementality(prepared);
        sendsElabAsync = config.appliesParallelElaboration(prepared);
        if (prepared.leanVersion() == null && config.replCommand() != null
                && (config.enableIncrementalOptimization() || config.enableParallelElaboration())) {
            Path dir = prepared.workingDirectory() != null ? prepared.workingDirectory() : Path.of("");
            log.info("[{}] the Lean version of the REPL {} is unknown (no readable {}): commands carry no "
                    + "version-dependent option (incrementality, Elab.async); set leanVersion to have them",
                    name, prepared.launch().command(), dir.toAbsolutePath().resolve("lean-toolchain"));
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException(name + " is closed");
        }
    }

    private static void checkTimeout(Duration timeout) {
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("timeout must be positive or null (no limit), was " + timeout);
        }
    }

    private ThreadPoolExecutor asyncExecutor() {
        synchronized (asyncGuard) {
            ensureOpen();
            if (asyncExecutor == null) {
                // One thread is enough: the REPL serves one request at a time anyway.
                asyncExecutor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, name + "-async");
                    t.setDaemon(true);
                    return t;
                });
            }
            return asyncExecutor;
        }
    }

    private static String kindOf(LeanRequest request) {
        return request.getClass().getSimpleName();
    }

    private static String abbreviate(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "… (" + s.length() + " chars)";
    }

    /** A queued {@link #runAsync} request; kept as its own type so that close() can fail the ones left. */
    private static final class AsyncRun implements Runnable {
        private final CompletableFuture<LeanResponse> future;
        private final Supplier<LeanResponse> call;

        AsyncRun(CompletableFuture<LeanResponse> future, Supplier<LeanResponse> call) {
            this.future = future;
            this.call = call;
        }

        @Override
        public void run() {
            if (future.isDone()) {
                return;
            }
            try {
                future.complete(call.get());
            } catch (Throwable t) {
                future.completeExceptionally(t);
            }
        }

        void fail(Throwable t) {
            future.completeExceptionally(t);
        }
    }
}
