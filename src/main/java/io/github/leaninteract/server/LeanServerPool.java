package io.github.leaninteract.server;

import io.github.leaninteract.config.LeanReplConfig;
import io.github.leaninteract.protocol.Command;
import io.github.leaninteract.protocol.CommandResponse;
import io.github.leaninteract.protocol.FileCommand;
import io.github.leaninteract.protocol.LeanErrorException;
import io.github.leaninteract.protocol.LeanRequest;
import io.github.leaninteract.protocol.LeanResponse;
import io.github.leaninteract.protocol.ProofStep;
import io.github.leaninteract.protocol.ProofStepResponse;
import io.github.leaninteract.sessioncache.ReplaySessionCache;
import io.github.leaninteract.sessioncache.SessionCache;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fixed set of {@link AutoLeanServer}s sharing one {@link SessionCache}, to run requests in parallel.
 *
 * <pre>{@code
 * try (LeanServerPool pool = LeanServerPool.builder(config).size(4).build()) {
 *     CommandResponse env = pool.command(Command.of("def x := 1"));    // env() is a session id
 *     List<LeanResponse> answers = pool.runAll(List.of(
 *             Command.of("#eval x").withEnv(env.env()), Command.of("#eval x + 1").withEnv(env.env())), null);
 * }
 * }</pre>
 *
 * <p>Each request goes to a free server, preferably one whose process already holds the session state
 * the request names; any other server restores it first. A request waits while every server is busy.
 *
 * <p><b>Ids.</b> Every {@code env} / {@code proofState} id in an answer of the pool names the same state
 * on whichever server runs a later request naming it, or that request is refused before anything is sent:
 * {@link #run(LeanRequest)}, {@link #run(LeanRequest, Duration)}, {@link #runAsync(LeanRequest, Duration)}
 * and {@link #runAll} cache the state of every answer, as LeanInteract's pool does, so their ids are
 * session ids, restorable on every server and after restarts (with a {@link ReplaySessionCache}, the
 * default, the sorries of a command too). The proof states of tactics, and with a pickle cache those of
 * sorries, stay non-negative ids of the process that made them: a request on one goes to the server that
 * handed it out (with a replay cache, run it with {@code addToSessionCache} false: the cache could not
 * replay what it makes, and says so before sending) and is refused with {@link IllegalArgumentException} once that REPL process has ended. A non-negative id
 * that no server of the pool handed out is refused at once.
 *
 * <p>Thread-safe. {@link #close()} closes every server and completes every unfinished {@link #runAsync}
 * future exceptionally; it is idempotent.
 */
public final class LeanServerPool implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LeanServerPool.class);
    private static final AtomicInteger POOL_COUNTER = new AtomicInteger();

    private final String name;
    private final SessionCache sessionCache;
    private final boolean ownsCache;
    private final List<AutoLeanServer> servers;
    private final Deque<AutoLeanServer> free;
    private final ExecutorService async;
    private final HeaderEnvironments headers;
    // Futures of runAsync not yet complete; guarded by this.
    private final Set<CompletableFuture<LeanResponse>> pending = new HashSet<>();
    private boolean closed;

    private LeanServerPool(Builder b) {
        this.name = "lean-pool-" + POOL_COUNTER.incrementAndGet();
        this.ownsCache = b.sessionCache == null;
        this.sessionCache = ownsCache ? new ReplaySessionCache() : b.sessionCache;
        this.headers = new HeaderEnvironments(name, sessionCache);
        this.async = Executors.newFixedThreadPool(b.size, r -> {
            Thread t = new Thread(r, name + "-async");
            t.setDaemon(true);
            return t;
        });
        List<CompletableFuture<AutoLeanServer>> starting = new ArrayList<>();
        for (int i = 0; i < b.size; i++) {
            // Servers start in parallel (a Lean REPL can take seconds), on the pool's own threads.
            starting.add(CompletableFuture.supplyAsync(() -> {
                AutoLeanServer.Builder sb = AutoLeanServer.builder(b.config);
                b.serverOptions.accept(sb);
                return sb.sessionCache(sessionCache).build();
            }, async));
        }
        List<AutoLeanServer> started = new ArrayList<>();
        RuntimeException failure = null;
        for (CompletableFuture<AutoLeanServer> f : starting) {
            try {
                started.add(f.join());
            } catch (CompletionException e) {
                RuntimeException cause = e.getCause() instanceof RuntimeException r ? r
                        : new LeanServerException("A server of " + name + " failed to start", e.getCause());
                if (failure == null) {
                    failure = cause;
                } else {
                    failure.addSuppressed(cause);
                }
            }
        }
        if (failure != null) {
            async.shutdownNow();
            started.forEach(AutoLeanServer::close);
            throw failure;
        }
        this.servers = List.copyOf(started);
        this.free = new ArrayDeque<>(started);
        log.info("[{}] started {} servers", name, servers.size());
    }

    /** Starts building a pool for {@code config}. */
    public static Builder builder(LeanReplConfig config) {
        return new Builder(config);
    }

    /** The cache all servers of the pool share. */
    public SessionCache sessionCache() {
        return sessionCache;
    }

    /** The number of servers. */
    public int size() {
        return servers.size();
    }

    /** The servers, for inspection (pid, memory); requests should go through the pool. */
    public List<AutoLeanServer> servers() {
        return servers;
    }

    /** Runs a request with no timeout and caches its state. See {@link #run(LeanRequest, Duration)}. */
    public LeanResponse run(LeanRequest request) {
        return run(request, null, true);
    }

    /**
     * Runs a request on a free server, waiting for one when all are busy, and caches the state it makes (as
     * LeanInteract's pool does), so that the ids of the answer name the same state on every server of the
     * pool, also after restarts. See {@link #run(LeanRequest, Duration, boolean)}.
     *
     * @param timeout how long the REPL may take to answer, or {@code null} for no limit; waiting for a free
     *     server does not count
     */
    public LeanResponse run(LeanRequest request, Duration timeout) {
        return run(request, timeout, true);
    }

    /**
     * Runs a request on a free server, waiting for one when all are busy. See
     * {@link AutoLeanServer#run(LeanRequest, Duration, boolean)}.
     *
     * <p>A negative id in the request is a session id, valid on every server. A non-negative id is one that a
     * server of this pool handed out: the request goes to that server (waiting for it when it is busy), where
     * the id is valid as long as the REPL process that made it; afterwards the request is refused with an
     * {@link IllegalArgumentException} saying the state was lost. Without {@code addToSessionCache}, the
     * answer's ids are of that kind.
     *
     * @throws IllegalArgumentException when the request names a non-negative id that no server of this pool
     *     handed out (a raw REPL id names a state of one unknown process), or ids of two different servers
     * @throws IllegalStateException when the pool is closed, or closes while the request waits
     */
    public LeanResponse run(LeanRequest request, Duration timeout, boolean addToSessionCache) {
        Objects.requireNonNull(request, "request");
        AutoLeanServer owner = ownerOf(request);
        AutoLeanServer server = acquire(request, owner);
        try {
            return server.run(request, timeout, addToSessionCache);
        } finally {
            release(server);
        }
    }

    /**
     * Runs a command with no timeout, caching its environment, and returns its answer as a
     * {@link CommandResponse}. See {@link #command(Command, Duration, boolean)}.
     *
     * @throws LeanErrorException when the REPL answers with an error
     */
    public CommandResponse command(Command command) {
        return command(command, null, true);
    }

    /**
     * Runs a command, caching its environment as {@link #run(LeanRequest, Duration)} does, and returns its answer
     * as a {@link CommandResponse}. See {@link #command(Command, Duration, boolean)}.
     *
     * @throws LeanErrorException when the REPL answers with an error
     */
    public CommandResponse command(Command command, Duration timeout) {
        return command(command, timeout, true);
    }

    /**
     * Runs a command as {@link #run(LeanRequest, Duration, boolean)} does and returns its answer as a
     * {@link CommandResponse}, without a cast; an error answer of the REPL becomes a {@link LeanErrorException}
     * with its message and the request (as given, with its ids).
     *
     * <pre>{@code
     * int env = pool.command(Command.of("def x := 1")).env();        // a session id, valid on every server
     * CommandResponse r = pool.command(Command.of("#eval x").withEnv(env), Duration.ofSeconds(30), false);
     * }</pre>
     *
     * @throws LeanErrorException when the REPL answers with an error (nothing is cached then)
     */
    public CommandResponse command(Command command, Duration timeout, boolean addToSessionCache) {
        return TypedAnswers.expect(run(command, timeout, addToSessionCache), command, CommandResponse.class);
    }

    /**
     * Runs a Lean file, caching its environment as {@link #run(LeanRequest, Duration)} does, and returns its
     * answer as a {@link CommandResponse}; see {@link #command(Command, Duration, boolean)}.
     *
     * @throws LeanErrorException when the REPL answers with an error
     */
    public CommandResponse file(FileCommand file, Duration timeout) {
        return file(file, timeout, true);
    }

    /**
     * Runs a Lean file as {@link #run(LeanRequest, Duration, boolean)} does and returns its answer as a
     * {@link CommandResponse}; see {@link #command(Command, Duration, boolean)}.
     *
     * <pre>{@code
     * int env = pool.file(FileCommand.of("Defs.lean"), Duration.ofMinutes(5), true).env();
     * }</pre>
     *
     * @throws LeanErrorException when the REPL answers with an error
     */
    public CommandResponse file(FileCommand file, Duration timeout, boolean addToSessionCache) {
        return TypedAnswers.expect(run(file, timeout, addToSessionCache), file, CommandResponse.class);
    }

    /**
     * Runs a tactic, caching the proof state it makes as {@link #run(LeanRequest, Duration)} does, and returns
     * its answer as a {@link ProofStepResponse}. See {@link #proofStep(ProofStep, Duration, boolean)}.
     *
     * @throws LeanErrorException when the REPL answers with an error
     */
    public ProofStepResponse proofStep(ProofStep step, Duration timeout) {
        return proofStep(step, timeout, true);
    }

    /**
     * Runs a tactic as {@link #run(LeanRequest, Duration, boolean)} does and returns its answer as a
     * {@link ProofStepResponse}, without a cast; an error answer of the REPL (an unknown tactic) becomes a
     * {@link LeanErrorException} with its message and the request.
     *
     * <pre>{@code
     * ProofStepResponse step = pool.proofStep(new ProofStep(proofState, "rfl"), Duration.ofSeconds(30), true);
     * }</pre>
     *
     * @throws LeanErrorException when the REPL answers with an error (nothing is cached then)
     */
    public ProofStepResponse proofStep(ProofStep step, Duration timeout, boolean addToSessionCache) {
        return TypedAnswers.expect(run(step, timeout, addToSessionCache), step, ProofStepResponse.class);
    }

    /** Runs a request without blocking the caller, caching its state. See {@link #run(LeanRequest, Duration)}. */
    public CompletableFuture<LeanResponse> runAsync(LeanRequest request, Duration timeout) {
        return runAsync(request, timeout, true);
    }

    /**
     * Runs a request without blocking the caller. {@link #close()} completes the future exceptionally when the
     * request has not finished by then; cancelling it before it started keeps the request from being sent.
     */
    public CompletableFuture<LeanResponse> runAsync(LeanRequest request, Duration timeout, boolean addToSessionCache) {
        Objects.requireNonNull(request, "request");
        CompletableFuture<LeanResponse> future = new CompletableFuture<>();
        synchronized (this) {
            ensureOpen();
            pending.add(future);
        }
        future.whenComplete((r, t) -> forget(future));
        try {
            async.execute(() -> {
                if (future.isDone()) {
                    return;
                }
                try {
                    future.complete(run(request, timeout, addToSessionCache));
                } catch (Throwable t) {
                    future.completeExceptionally(t);
                }
            });
        } catch (RejectedExecutionException e) {
            // close() shut the executor down between the check and the hand-over.
            future.completeExceptionally(new IllegalStateException(name + " is closed", e));
        }
        return future;
    }

    /**
     * Runs requests in parallel over the servers, caching their states, and returns their answers in the same
     * order. A request that fails makes this method throw its exception once all have finished; on a closed
     * pool, or one closed meanwhile, it throws {@link IllegalStateException} without waiting for anything.
     */
    public List<LeanResponse> runAll(List<? extends LeanRequest> requests, Duration timeoutPerRequest) {
        List<CompletableFuture<LeanResponse>> futures = new ArrayList<>();
        for (LeanRequest r : requests) {
            futures.add(runAsync(r, timeoutPerRequest, true));
        }
        List<LeanResponse> answers = new ArrayList<>(futures.size());
        RuntimeException failure = null;
        for (CompletableFuture<LeanResponse> f : futures) {
            try {
                answers.add(f.join());
            } catch (CompletionException e) {
                if (failure == null) {
                    failure = e.getCause() instanceof RuntimeException r ? r : e;
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
        return answers;
    }

    /**
     * Runs the text of a whole Lean file, as {@link AutoLeanServer#check(String, Duration)} does, with the
     * environment of its import header built once for the pool and kept in the shared session cache. The
     * body goes preferably to a free server whose process already holds that environment; a server without
     * it builds it (restores the state) only when no such server is free, so a header is built on at most as
     * many servers as there are checks of it running at once.
     */
    public LeanResponse check(String code, Duration timeout) {
        return check(Command.of(code), timeout);
    }

    /**
     * {@link #check(String, Duration)} for a command with options; see
     * {@link AutoLeanServer#check(Command, Duration)}.
     */
    public LeanResponse check(Command command, Duration timeout) {
        return headers.check(command, timeout, this::run);
    }

    /** Like {@link #runBatch(List, Duration, BatchProgress)} without a progress listener. */
    public List<BatchResult> runBatch(List<? extends LeanRequest> requests, Duration timeoutPerRequest) {
        return runBatch(requests, timeoutPerRequest, null);
    }

    /**
     * Runs many requests over the servers and returns, for each request in order, its answer or the
     * exception it failed with (a timeout, a crash, a closed pool): one failure never loses the other
     * answers. A server whose REPL crashes or times out restarts by itself for the next request. At
     * most {@link #size()} requests are in flight at a time, on the pool's own threads, so a batch of
     * any length starts no thread of its own.
     *
     * <p>Unlike {@link #runAll}, a batch does not cache the states its answers make (a batch of proofs to
     * check would otherwise keep, or pickle, every one of them): the ids of its answers are valid on the server
     * that made them for as long as its REPL process lives, and refused with a "state was lost" exception
     * afterwards, never sent to another state. Cache a state with {@link #run(LeanRequest, Duration)} to keep it.
     *
     * <pre>{@code
     * List<BatchResult> results = pool.runBatch(requests, Duration.ofSeconds(60),
     *         (done, total) -> System.err.printf("%d/%d%n", done, total));
     * }</pre>
     *
     * @param requests the requests (none may be null)
     * @param timeoutPerRequest the timeout of each request, or null for none
     * @param progress told after each request finishes (see {@link BatchProgress}), or null
     * @throws IllegalStateException when the pool is closed before the batch starts
     * @throws LeanServerException when the calling thread is interrupted while waiting (no further
     *     request of the batch is started then; the interrupt flag stays set)
     */
    public List<BatchResult> runBatch(List<? extends LeanRequest> requests, Duration timeoutPerRequest,
            BatchProgress progress) {
        CompletableFuture<List<BatchResult>> batch = runBatchAsync(requests, timeoutPerRequest, progress);
        try {
            return batch.get();
        } catch (InterruptedException e) {
            batch.cancel(false);
            Thread.currentThread().interrupt();
            throw new LeanServerException("Interrupted while waiting for a batch of " + name
                    + "; the requests not yet started were dropped", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("A batch keeps failures in place and cannot fail as a whole", e);
        }
    }

    /**
     * Like {@link #runBatch(List, Duration, BatchProgress)} without blocking: the future completes with
     * all results once every request has finished. Cancelling it starts no further request of the batch
     * (those in flight still finish).
     */
    public CompletableFuture<List<BatchResult>> runBatchAsync(List<? extends LeanRequest> requests,
            Duration timeoutPerRequest, BatchProgress progress) {
        List<LeanRequest> copy = List.copyOf(Objects.requireNonNull(requests, "requests"));
        synchronized (this) {
            ensureOpen();
        }
        return PoolBatch.start(copy, servers.size(), r -> runAsync(r, timeoutPerRequest, false),
                progress == null ? (done, total) -> { } : progress);
    }

    /** Closes every server; a cache given to the builder stays intact, the pool's own is cleared. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            notifyAll();
        }
        List<CompletableFuture<LeanResponse>> unfinished;
        synchronized (this) {
            unfinished = new ArrayList<>(pending);
        }
        IllegalStateException closedMeanwhile = new IllegalStateException(name + " was closed before the request "
                + "finished");
        unfinished.forEach(f -> f.completeExceptionally(closedMeanwhile));
        async.shutdownNow();
        servers.forEach(AutoLeanServer::close);
        if (ownsCache) {
            sessionCache.clear();
        }
        log.info("[{}] closed", name);
    }

    /**
     * The server that handed out the non-negative ids of {@code request}, or {@code null} when it names none.
     *
     * @throws IllegalArgumentException when no server of this pool handed one of them out, or two did
     */
    private AutoLeanServer ownerOf(LeanRequest request) {
        AutoLeanServer owner = null;
        for (Integer id : new Integer[] {request.referencedEnv(), request.referencedProofState()}) {
            if (id == null || id < 0) {
                continue;
            }
            AutoLeanServer found = null;
            for (AutoLeanServer s : servers) {
                if (s.issued(id)) {
                    found = s;
                    break;
                }
            }
            if (found == null) {
                throw new IllegalArgumentException("The id " + id + " in " + request + " was never handed out by "
                        + name + "; nothing was sent. Use the ids of this pool's answers (negative session ids are "
                        + "valid on every server; a raw REPL id names a state of one unknown process)");
            }
            if (owner != null && owner != found) {
                throw new IllegalArgumentException(request + " names ids of two servers, " + owner.name() + " and "
                        + found.name() + "; no REPL process has both states. Cache them (session ids) instead");
            }
            owner = found;
        }
        return owner;
    }

    private synchronized AutoLeanServer acquire(LeanRequest request, AutoLeanServer owner) {
        while (true) {
            ensureOpen();
            if (owner != null) {
                if (free.remove(owner)) {
                    return owner;
                }
            } else if (!free.isEmpty()) {
                return takePreferred(request);
            }
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LeanServerException("Interrupted while waiting for a free server of " + name, e);
            }
        }
    }

    private synchronized void forget(CompletableFuture<LeanResponse> future) {
        pending.remove(future);
    }

    private AutoLeanServer takePreferred(LeanRequest request) {
        Integer wanted = sessionIdOf(request);
        if (wanted != null) {
            for (Iterator<AutoLeanServer> it = free.iterator(); it.hasNext(); ) {
                AutoLeanServer s = it.next();
                if (sessionCache.isRestoredIn(wanted, s)) {
                    it.remove();
                    return s;
                }
            }
        }
        return free.pollLast();
    }

    private static Integer sessionIdOf(LeanRequest request) {
        Integer ps = request.referencedProofState();
        if (ps != null && ps < 0) {
            return ps;
        }
        Integer env = request.referencedEnv();
        return env != null && env < 0 ? env : null;
    }

    private synchronized void release(AutoLeanServer server) {
        if (!closed) {
            free.addLast(server);
            notifyAll();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException(name + " is closed");
        }
    }

    /** Builds a {@link LeanServerPool}. */
    public static final class Builder {
        private final LeanReplConfig config;
        private int size = Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
        private SessionCache sessionCache;
        private Consumer<AutoLeanServer.Builder> serverOptions = b -> { };

        private Builder(LeanReplConfig config) {
            this.config = Objects.requireNonNull(config, "config");
        }

        /** How many servers (default: the number of processors less one, at least 1). */
        public Builder size(int size) {
            if (size < 1) {
                throw new IllegalArgumentException("size must be at least 1, was " + size);
            }
            this.size = size;
            return this;
        }

        /** The cache the servers share (default: a lazy {@link ReplaySessionCache}). */
        public Builder sessionCache(SessionCache cache) {
            this.sessionCache = Objects.requireNonNull(cache, "cache");
            return this;
        }

        /** Settings for each server, such as memory limits; the session cache is the pool's. */
        public Builder serverOptions(Consumer<AutoLeanServer.Builder> options) {
            this.serverOptions = Objects.requireNonNull(options, "options");
            return this;
        }

        /**
         * Starts the servers (in parallel).
         *
         * @throws LeanProcessException when a server cannot be started (the others are closed)
         */
        public LeanServerPool build() {
            return new LeanServerPool(this);
        }
    }
}
