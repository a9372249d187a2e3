package io.github.leaninteract.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.leaninteract.config.LeanReplConfig;
import io.github.leaninteract.protocol.CommandResponse;
import io.github.leaninteract.protocol.LeanError;
import io.github.leaninteract.protocol.LeanRequest;
import io.github.leaninteract.protocol.LeanResponse;
import io.github.leaninteract.protocol.ProofStep;
import io.github.leaninteract.protocol.ProofStepResponse;
import io.github.leaninteract.sessioncache.ReplaySessionCache;
import io.github.leaninteract.sessioncache.SessionCache;
import io.github.leaninteract.sessioncache.SessionCacheException;

import java.time.Duration;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.ObjIntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link LeanServer} that keeps going: it restarts the REPL after a crash or timeout and under memory
 * pressure, and restores the states of its {@link SessionCache}, so that negative session ids stay valid.
 *
 * <pre>{@code
 * try (AutoLeanServer server = AutoLeanServer.builder(config).maxProcessMemory(0.8).build()) {
 *     CommandResponse env = (CommandResponse) server.run(Command.of("def x := 42"), true);   // env() is -1
 *     server.kill();                                                                          // a crash
 *     server.run(Command.of("#eval x").withEnv(env.env()));  // restarted, -1 restored, answers 42
 * }
 * }</pre>
 *
 * <p>Before each request: if the machine's used memory is at least {@code maxTotalMemory}, or the REPL
 * tree's resident memory is at least {@code maxProcessMemory × memoryHardLimitMb}, the REPL is killed and
 * the check repeated with exponential backoff; after {@code maxRestartAttempts} kills,
 * {@link LeanMemoryException}. A REPL that is not running (crashed, killed, timed out, or killed for memory)
 * is then started, made to answer the {@link #PROBE} (a REPL that cannot start fails the request here, with
 * its exit code, stderr and command line; one that answered and then dies was killed by what it was doing,
 * which is how a cached state that kills the REPL is recognised), and the cache reloaded. Every negative
 * {@code env} / {@code proofState} id of the request is translated to the id of the current process,
 * restoring the state first when needed.
 *
 * <p><b>One deadline per request.</b> A request's timeout bounds everything done for it: memory checks and
 * the back-off between memory restarts (a back-off that would pass the deadline is not begun:
 * {@link LeanMemoryException} at once), the restart, the eager reload of the cache (given half of the time
 * left; what it does not restore in time is restored on first use, and it never fails the request), lock
 * waits, and restoring the states the request names. It returns or throws within its timeout plus the cost
 * of killing and reaping a process.
 *
 * <p>The request that hit a timeout or a crash still fails with its exception; the next one runs on a new
 * process. Inside a {@link #withExclusiveAccess} block the process is never replaced (that is what the
 * block is for, and how session caches restore states safely): the checks and restarts happen on the next
 * call made outside it. With {@code addToSessionCache}, the state the request made is cached and the answer carries its
 * session id in place of the REPL's {@code env} / {@code proofState}.
 *
 * <p>Thread-safe, like {@link LeanServer}. Several servers may share one cache; closing a server leaves a
 * shared cache intact.
 */
public class AutoLeanServer extends LeanServer {

    private static final Logger log = LoggerFactory.getLogger(AutoLeanServer.class);
    private static final long MIB = 1024L * 1024L;
    private static final int MAX_RELOAD_ATTEMPTS = 3;
    /**
     * The request each new process must answer before anything else is sent to it (see the class
     * documentation): a proof step on a proof state no process has, which the REPL answers at once with an
     * error, making nothing. Public so that tests that record what a REPL received can tell it apart.
     */
    public static final ProofStep PROBE = new ProofStep(Integer.MAX_VALUE, "skip");
    private static final String RESTARTING = "before the request could be sent (restarting the REPL and"
            + " restoring its states took it)";

    private final SessionCache sessionCache;
    private final boolean ownsCache;
    private final double maxTotalMemory;
    private final Double maxProcessMemory;
    private final int maxRestartAttempts;
    private final Duration restartBackoff;
    private final long memoryCheckIntervalNanos;
    private final Duration restoreTimeout;
    /** Opened by close(): ends a memory back-off at once. */
    private final CountDownLatch closing = new CountDownLatch(1);

    // Memory readings, reused for memoryCheckInterval; guarded by exclusive access.
    private long lastReadingAt;
    private long readingGeneration = -1;
    private double systemUsed;
    private long processResident;

    /** A server with its own lazy {@link ReplaySessionCache}. */
    public AutoLeanServer(LeanReplConfig config) {
        this(builder(config));
    }

    /** A server that keeps its states in {@code sessionCache}, which other servers may share. */
    public AutoLeanServer(LeanReplConfig config, SessionCache sessionCache) {
        this(builder(config).sessionCache(Objects.requireNonNull(sessionCache, "sessionCache")));
    }

    private AutoLeanServer(Builder b) {
        super(b.config);
        this.ownsCache = b.sessionCache == null;
        this.sessionCache = ownsCache ? new ReplaySessionCache() : b.sessionCache;
        this.maxTotalMemory = b.maxTotalMemory;
        this.maxProcessMemory = b.maxProcessMemory;
        this.maxRestartAttempts = b.maxRestartAttempts;
        this.restartBackoff = b.restartBackoff;
        this.memoryCheckIntervalNanos = b.memoryCheckInterval.toNanos();
        this.restoreTimeout = b.restoreTimeout;
    }

    /** Starts building a server for {@code config}. */
    public static Builder builder(LeanReplConfig config) {
        return new Builder(config);
    }

    /** The cache holding this server's session states. */
    public SessionCache sessionCache() {
        return sessionCache;
    }

    /** Runs a request without caching its state. */
    @Override
    public LeanResponse run(LeanRequest request, Duration timeout) {
        return run(request, timeout, false);
    }

    /** Runs a request with no timeout. See {@link #run(LeanRequest, Duration, boolean)}. */
    public LeanResponse run(LeanRequest request, boolean addToSessionCache) {
        return run(request, null, addToSessionCache);
    }

    /**
     * Runs a request, restarting the REPL first when needed.
     *
     * @param addToSessionCache whether to cache the state the request makes; the answer then carries its
     *     session id in place of the REPL's id. Error answers are never cached.
     * @throws IllegalArgumentException when the request names a session id that the cache does not hold
     * @throws SessionCacheException when a state the request names cannot be restored, or the new one cannot
     *     be stored
     * @throws LeanMemoryException when memory stayed too high after {@code maxRestartAttempts} restarts
     */
    public LeanResponse run(LeanRequest request, Duration timeout, boolean addToSessionCache) {
        Objects.requireNonNull(request, "request");
        return withExclusiveAccess(() -> {
            long deadline = Deadlines.after(timeout);
            if (isOutermostCall()) {
                ensureReady(deadline, timeout);
            }
            Deadlines.remaining(deadline, timeout, RESTARTING);
            LeanResponse response = runUntil(request, deadline, timeout);
            if (!addToSessionCache || response instanceof LeanError) {
                return response;
            }
            int sessionId = sessionCache.add(this, request, response, Deadlines.remaining(deadline, timeout,
                    "before the new state could be stored"));
            if (response instanceof CommandResponse c) {
                return c.withEnv(sessionId);
            }
            return ((ProofStepResponse) response).withProofState(sessionId);
        });
    }

    /** {@link #runAsync(LeanRequest, Duration)} with session caching. */
    public CompletableFuture<LeanResponse> runAsync(LeanRequest request, Duration timeout, boolean addToSessionCache) {
        Objects.requireNonNull(request, "request");
        return enqueue(() -> run(request, timeout, addToSessionCache));
    }

    /**
     * Sends a raw request after the same health checks as {@link #run}. Negative {@code env} and
     * {@code proofState} fields are translated like those of typed requests; nothing is cached.
     */
    @Override
    public JsonNode runRaw(JsonNode request, Duration timeout) {
        return withExclusiveAccess(() -> {
            long deadline = Deadlines.after(timeout);
            if (isOutermostCall()) {
                ensureReady(deadline, timeout);
            }
            JsonNode sent = request;
            if (request instanceof ObjectNode object) {
                for (String field : List.of("env", "proofState")) {
                    JsonNode id = object.get(field);
                    if (id != null && id.canConvertToInt() && id.asInt() < 0) {
                        if (sent == request) {
                            sent = object.deepCopy();
                        }
                        ((ObjectNode) sent).put(field, toReplId(id.asInt(), Deadlines.remaining(deadline, timeout,
                                "before the states it names were restored")));
                    }
                }
            }
            return super.runRaw(sent, Deadlines.remaining(deadline, timeout, RESTARTING));
        });
    }

    /**
     * {@link LeanServer#runPipelined} after the same health checks as {@link #run}, within {@code total};
     * negative ids are translated like those of {@link #run}; nothing is cached.
     */
    @Override
    public void runPipelined(List<? extends LeanRequest> requests, Duration timeoutPerRequest, Duration total,
            ObjIntConsumer<LeanResponse> onAnswer) {
        withExclusiveAccess(() -> {
            long deadline = Deadlines.after(total);
            if (isOutermostCall()) {
                ensureReady(deadline, total);
            }
            super.runPipelined(requests, timeoutPerRequest, Deadlines.remaining(deadline, total, RESTARTING), onAnswer);
            return null;
        });
    }

    /** Kills the REPL, starts a new one and restores the session cache into it. */
    @Override
    public void restart() {
        withExclusiveAccess(() -> {
            long t0 = System.nanoTime();
            kill();
            startAndProve(Deadlines.NONE, null);
            reloadCache("restart requested", t0, Deadlines.NONE, null);
            return null;
        });
    }

    /** Removes a state from the session cache. */
    public void removeFromSessionCache(int sessionId) {
        sessionCache.remove(sessionId);
    }

    /**
     * Removes every state from the session cache (also for servers sharing it).
     *
     * @param force whether to restart the REPL now, freeing the memory those states held
     */
    public void clearSessionCache(boolean force) {
        sessionCache.clear();
        if (force) {
            restart();
        }
    }

    /** Ends the REPL process. A cache shared with other servers stays intact; a cache of its own is cleared. */
    @Override
    public void close() {
        closing.countDown();
        super.close();
        if (ownsCache) {
            sessionCache.clear();
        }
    }

    @Override
    protected LeanRequest resolveIds(LeanRequest request, Duration timeout) {
        // The states a request names share its timeout.
        long deadline = Deadlines.after(timeout);
        String what = "before the states it names were restored";
        return request.withReferencedIds(id -> toReplId(id, Deadlines.remaining(deadline, timeout, what)),
                id -> toReplId(id, Deadlines.remaining(deadline, timeout, what)));
    }

    /**
     * The id of session state {@code id} in the current process, restoring it first if needed: restoring one
     * state (also on first use, not only in an eager reload) takes at most {@code restoreTimeout}, or else the
     * request's own timeout.
     */
    private int toReplId(int id, Duration requestTimeout) {
        if (id >= 0) {
            return id;
        }
        int replId;
        try {
            replId = sessionCache.replId(id, this, shorter(restoreTimeout, requestTimeout));
        } catch (NoSuchElementException e) {
            throw new IllegalArgumentException("Unknown session id " + id + ": the session cache of " + name()
                    + " holds " + sessionCache.keys(), e);
        }
        if (replId < 0) {
            throw new IllegalStateException("The session cache gave the negative REPL id " + replId + " for " + id);
        }
        return replId;
    }

    /**
     * Called with exclusive access held, before an outermost request: memory checks, restart and reload, all
     * within the request's deadline.
     */
    private void ensureReady(long deadline, Duration timeout) {
        long t0 = System.nanoTime();
        int kills = 0;
        String pressure;
        while ((pressure = memoryPressure(kills > 0)) != null) {
            if (kills >= maxRestartAttempts) {
                throw new LeanMemoryException(pressure + "; the REPL was restarted " + kills
                        + " time(s) without relief (maxRestartAttempts " + maxRestartAttempts + ")");
            }
            log.warn("[{}] {}: killing the REPL (restart {} of at most {})", name(), pressure, kills + 1,
                    maxRestartAttempts);
            kill();
            backoff(kills++, deadline, timeout, pressure);
        }
        if (!isAlive()) {
            String reason = kills > 0 ? "memory pressure" : "the REPL was not running";
            Deadlines.remaining(deadline, timeout, "before the REPL could be restarted");
            startAndProve(deadline, timeout);
            reloadCache(reason, t0, deadline, timeout);
        }
    }

    /**
     * Starts a new process and has it answer a probe before anything else, within the request's deadline. A
     * REPL that cannot start is thus reported right here, with its exit code, stderr and command line; and a
     * process that dies later has proved that it could run, so its death is the doing of the request it was
     * working on (which is how a cached state that kills the REPL is told apart from a REPL that fails to
     * start). The probe costs one round trip and makes no state: a proof step on a proof state that a new
     * process does not have, which the REPL answers at once with an error.
     */
    private void startAndProve(long deadline, Duration timeout) {
        start();
        LeanResponse answer = runUntil(PROBE, deadline, timeout);
        if (!(answer instanceof LeanError)) {
            log.debug("[{}] the probe was answered with a state: {}", name(), answer);
        }
    }

    /**
     * Reloads the cache into a new process. Within a request's deadline the reload gets half of the time
     * left, so that the request keeps the other half: what it does not restore in time is restored on first
     * use. A failed or cut-off reload never fails the request.
     */
    private void reloadCache(String reason, long t0, long deadline, Duration timeout) {
        int states = sessionCache.keys().size();
        long budgetNanos = deadline == Deadlines.NONE ? Deadlines.NONE : Deadlines.nanosLeft(deadline) / 2;
        long reloadDeadline = deadline == Deadlines.NONE ? Deadlines.NONE : System.nanoTime() + budgetNanos;
        // A state that kills the new process while being restored is marked as failed for good, so each
        // attempt gets further; one that keeps timing out is not, hence the bound. A failed reload never
        // fails the request: whatever was not restored now is restored on first use.
        for (int attempt = 1; attempt <= MAX_RELOAD_ATTEMPTS; attempt++) {
            long left = Deadlines.nanosLeft(reloadDeadline);
            if (left <= 0) {
                break;
            }
            try {
                sessionCache.reload(this, shorter(restoreTimeout, left == Deadlines.NONE ? null : Duration.ofNanos(left)),
                        left == Deadlines.NONE ? null : Duration.ofNanos(left));
                break;
            } catch (SessionCacheException e) {
                log.warn("[{}] {}", name(), e.getMessage());
                if (isAlive()) {
                    break;
                }
                startAndProve(deadline, timeout);
            }
        }
        if (!isAlive()) {
            // The reload was cut off by its share of the deadline (or its REPL died at the end): the request
            // still gets a process; its states come back on first use.
            startAndProve(deadline, timeout);
        }
        log.info("[{}] REPL restarted ({}), pid {}, session cache of {} state(s) reloaded, in {} ms", name(), reason,
                pid(), states, (System.nanoTime() - t0) / 1_000_000);
    }

    private static Duration shorter(Duration a, Duration b) {
        if (a == null) {
            return b;
        }
        return b == null || a.compareTo(b) <= 0 ? a : b;
    }

    /** A description of the memory pressure, or {@code null} when there is none. */
    private String memoryPressure(boolean fresh) {
        long now = System.nanoTime();
        long generation = processGeneration();
        if (fresh || generation != readingGeneration || now - lastReadingAt >= memoryCheckIntervalNanos) {
            systemUsed = ProcessMemory.systemUsedFraction();
            // Only read when it matters: finding the REPL's descendants scans every process of the machine.
            processResident = checksProcessMemory() ? memoryUsageBytes() : 0;
            lastReadingAt = now;
            readingGeneration = generation;
        }
        if (systemUsed >= maxTotalMemory) {
            return String.format("system memory %.1f%% used (limit %.1f%%)", systemUsed * 100, maxTotalMemory * 100);
        }
        Integer limitMb = config().memoryHardLimitMb();
        if (checksProcessMemory() && processResident >= maxProcessMemory * limitMb * MIB) {
            return String.format("REPL resident memory %d MiB (limit %.0f%% of %d MiB)", processResident / MIB,
                    maxProcessMemory * 100, limitMb);
        }
        return null;
    }

    private boolean checksProcessMemory() {
        return maxProcessMemory != null && config().memoryHardLimitMb() != null;
    }

    /**
     * Waits before the next memory check, doubling with each attempt. Bounded by the request's deadline: a
     * wait that would pass it is not begun, and the request fails now with what it would have failed with.
     * Ends early when the server is closed.
     */
    private void backoff(int attempt, long deadline, Duration timeout, String pressure) {
        long nanos = restartBackoff.toNanos() << Math.min(attempt, 20);
        if (nanos <= 0) {
            return;
        }
        if (nanos > Deadlines.nanosLeft(deadline)) {
            throw new LeanMemoryException(pressure + "; the REPL was restarted " + (attempt + 1)
                    + " time(s) without relief, and waiting " + Duration.ofNanos(nanos).toMillis()
                    + " ms before checking again would pass the request's timeout of " + timeout);
        }
        try {
            if (closing.await(nanos, TimeUnit.NANOSECONDS)) {
                throw new IllegalStateException(name() + " was closed while waiting for memory to be freed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LeanServerException("Interrupted while waiting to restart the REPL", e);
        }
    }

    /**
     * Builds an {@link AutoLeanServer}. Defaults as LeanInteract's: {@code maxTotalMemory} 0.8,
     * {@code maxProcessMemory} 0.8, {@code maxRestartAttempts} 5, backoff base 1 s.
     */
    public static final class Builder {
        private final LeanReplConfig config;
        private SessionCache sessionCache;
        private double maxTotalMemory = 0.8;
        private Double maxProcessMemory = 0.8;
        private int maxRestartAttempts = 5;
        private Duration restartBackoff = Duration.ofSeconds(1);
        private Duration memoryCheckInterval = Duration.ofMillis(10);
        private Duration restoreTimeout;

        private Builder(LeanReplConfig config) {
            this.config = Objects.requireNonNull(config, "config");
        }

        /** The cache for session states, possibly shared with other servers (default: a lazy replay cache). */
        public Builder sessionCache(SessionCache cache) {
            this.sessionCache = Objects.requireNonNull(cache, "cache");
            return this;
        }

        /** Restart when the machine's used memory reaches this fraction (0 &lt; f ≤ 1). */
        public Builder maxTotalMemory(double fraction) {
            if (!(fraction > 0 && fraction <= 1)) {
                throw new IllegalArgumentException("maxTotalMemory must be in (0, 1], was " + fraction);
            }
            this.maxTotalMemory = fraction;
            return this;
        }

        /**
         * Restart when the REPL's resident memory reaches this fraction of {@code memoryHardLimitMb}
         * (0 &lt; f ≤ 1), or {@code null} to never. Without a hard limit it has no effect.
         */
        public Builder maxProcessMemory(Double fraction) {
            if (fraction != null && !(fraction > 0 && fraction <= 1)) {
                throw new IllegalArgumentException("maxProcessMemory must be in (0, 1] or null, was " + fraction);
            }
            this.maxProcessMemory = fraction;
            return this;
        }

        /** How many memory restarts in a row before {@link LeanMemoryException} (≥ 0). */
        public Builder maxRestartAttempts(int attempts) {
            if (attempts < 0) {
                throw new IllegalArgumentException("maxRestartAttempts must be >= 0, was " + attempts);
            }
            this.maxRestartAttempts = attempts;
            return this;
        }

        /** The first wait after a memory restart; it doubles with each further one (zero: no wait). */
        public Builder restartBackoff(Duration base) {
            Objects.requireNonNull(base, "base");
            if (base.isNegative()) {
                throw new IllegalArgumentException("restartBackoff must not be negative, was " + base);
            }
            this.restartBackoff = base;
            return this;
        }

        /** How long a memory reading is reused before {@code /proc} is read again (default 10 ms). */
        public Builder memoryCheckInterval(Duration interval) {
            Objects.requireNonNull(interval, "interval");
            if (interval.isNegative()) {
                throw new IllegalArgumentException("memoryCheckInterval must not be negative, was " + interval);
            }
            this.memoryCheckInterval = interval;
            return this;
        }

        /** How long restoring one cached state may take, or {@code null} for no limit (the default). */
        public Builder restoreTimeout(Duration timeout) {
            if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
                throw new IllegalArgumentException("restoreTimeout must be positive or null, was " + timeout);
            }
            this.restoreTimeout = timeout;
            return this;
        }

        /**
         * Starts the server.
         *
         * @throws LeanProcessException when the REPL cannot be started
         */
        public AutoLeanServer build() {
            return new AutoLeanServer(this);
        }
    }
}
