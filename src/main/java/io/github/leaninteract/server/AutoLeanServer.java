package io.github.leaninteract.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.leaninteract.config.LeanReplConfig;
import io.github.leaninteract.protocol.Command;
import io.github.leaninteract.protocol.CommandResponse;
import io.github.leaninteract.protocol.FileCommand;
import io.github.leaninteract.protocol.LeanError;
import io.github.leaninteract.protocol.LeanErrorException;
import io.github.leaninteract.protocol.LeanRequest;
import io.github.leaninteract.protocol.LeanResponse;
import io.github.leaninteract.protocol.ProofStep;
import io.github.leaninteract.protocol.ProofStepResponse;
import io.github.leaninteract.protocol.Sorry;
import io.github.leaninteract.protocol.Tactic;
import io.github.leaninteract.sessioncache.ReplaySessionCache;
import io.github.leaninteract.sessioncache.SessionCache;
import io.github.leaninteract.sessioncache.SessionCacheException;
import io.github.leaninteract.sessioncache.SessionState;
import io.github.leaninteract.sessioncache.UnknownSessionIdException;

import java.time.Duration;
import java.util.ArrayList;
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
 *     CommandResponse env = server.command(Command.of("def x := 42"), true);   // env() is -1
 *     server.kill();                                                          // a crash
 *     server.command(Command.of("#eval x").withEnv(env.env()));  // restarted, -1 restored, answers 42
 * }
 * }</pre>
 *
 * <p>Before each request: if the used memory (see {@link Builder#maxTotalMemory}) reaches {@code maxTotalMemory}, or the REPL
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
 * process. Inside a {@link ServerAccess#withExclusiveAccess} block the process is never replaced (that is what
 * the block is for, and how session caches restore states safely): the checks and restarts happen on the next
 * call made outside it. With {@code addToSessionCache}, the state the request made is cached and the answer carries its
 * session id in place of the REPL's {@code env} / {@code proofState}.
 *
 * <p><b>Ids.</b> Every id this server hands out names the state it was made for, or is refused before
 * anything is sent:
 * <ul>
 * <li>Negative ids are session ids: valid on every server sharing the cache, and across crashes, timeouts
 *     and restarts. A session id must name a cached state of the kind its field holds (an environment in
 *     {@code env}, a proof state in {@code proofState}), else {@link IllegalArgumentException}; one the cache
 *     does not hold (removed, or of another cache) is an {@link UnknownSessionIdException}; once the cache
 *     is closed, {@link IllegalStateException} saying so.</li>
 * <li>Non-negative ids in its answers are not the REPL's raw ids but handles bound to this server and its
 *     current REPL process. They work here until that process ends. On another server, after a restart, or
 *     when no {@code AutoLeanServer} of this JVM handed them out, they are refused with an
 *     {@link IllegalArgumentException} that says where they came from and how to keep a state (cache it).
 *     Raw REPL ids (of a plain {@link LeanServer}) do not survive a restart; session ids do.</li>
 * </ul>
 * Inside its own session cache and {@link ServerAccess#runInProcess}, the REPL's raw ids of the current process are
 * used: that is how caches store and restore states.
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
    private static final String RESTORING = "before the states it names were restored";

    private final SessionCache sessionCache;
    private final boolean ownsCache;
    private final double maxTotalMemory;
    private final Double maxProcessMemory;
    private final int maxRestartAttempts;
    private final Duration restartBackoff;
    private final long memoryCheckIntervalNanos;
    private final Duration restoreTimeout;
    private final HeaderEnvironments headers;
    // Guarded by exclusive access.
    private final IdHandles.Table handles;
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
        this.headers = new HeaderEnvironments(name(), sessionCache);
        this.handles = new IdHandles.Table(name(), IdHandles.JVM);
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
     * <p>Ids in the request: a negative id is a session id of a cached state of the kind its field holds (an
     * environment in {@code env}, a proof state in {@code proofState}); a non-negative id is one that this
     * server answered from its current REPL process. Anything else is refused before anything is sent.
     *
     * <p>Ids in the answer: with {@code addToSessionCache}, the answer's {@code env} / {@code proofState} is
     * the new session id, and so is each sorry's {@code proofState} where the cache can restore it with its
     * parent (a {@link ReplaySessionCache} can). Every other id (uncached answers, sorries a pickle cache
     * does not keep, the {@code proofState} of each tactic) is a handle of this server's current process: it
     * works here until the process ends (crash, timeout, memory restart, {@link #restart()}) and is refused
     * with an {@link IllegalArgumentException} saying where it came from on another server or after that.
     *
     * @param addToSessionCache whether to cache the state the request makes; the answer then carries its
     *     session id in place of the REPL's id. Whether the cache can restore that state faithfully is decided
     *     before the request is sent. Error answers are never cached.
     * @throws IllegalArgumentException when the request names a session id of the wrong kind, or a non-negative
     *     id that is not a live id of this server's current process
     * @throws UnknownSessionIdException when the request names a session id that the cache does not hold
     *     (nothing is sent)
     * @throws IllegalStateException when the request names a session id, or asks for caching, and the cache is
     *     closed
     * @throws SessionCacheException when a state the request names cannot be restored, or, with
     *     {@code addToSessionCache}, when the cache could not restore the new state faithfully (nothing is sent
     *     then) or cannot store it
     * @throws LeanMemoryException when memory stayed too high after {@code maxRestartAttempts} restarts
     */
    public LeanResponse run(LeanRequest request, Duration timeout, boolean addToSessionCache) {
        Objects.requireNonNull(request, "request");
        return withExclusiveAccess(() -> {
            long deadline = Deadlines.after(timeout);
            if (isOutermostCall()) {
                ensureReady(request.getClass().getSimpleName(), deadline, timeout);
            }
            Deadlines.remaining(deadline, timeout, RESTARTING);
            // Everything that can refuse the request is checked before anything is sent: the ids, their kinds,
            // and whether the cache can keep what the request makes.
            LeanRequest local = request.withReferencedIds(id -> localId(id, false, "env"),
                    id -> localId(id, true, "proofState"));
            if (addToSessionCache) {
                try {
                    sessionCache.requireCacheable(this, local);
                } catch (UnknownSessionIdException e) {
                    // Removed (by a server sharing the cache) since its id was checked above.
                    throw new UnknownSessionIdException(e.sessionId(), "Refused " + request + " on " + name()
                            + ", nothing was sent: " + e.getMessage(), e);
                } catch (SessionCacheException e) {
                    throw new SessionCacheException("Refused " + request + " on " + name() + ", nothing was sent: "
                            + e.getMessage(), e);
                }
            }
            // The states a request names share its timeout.
            LeanRequest sent = local.withReferencedIds(id -> toReplId(id, Deadlines.remaining(deadline, timeout,
                    RESTORING)), id -> toReplId(id, Deadlines.remaining(deadline, timeout, RESTORING)));
            LeanResponse response = runInProcessUntil(sent, deadline, timeout);
            if (response instanceof LeanError) {
                return response;
            }
            if (!addToSessionCache) {
                return withHandles(response, null, List.of());
            }
            int sessionId = sessionCache.add(this, local, response, Deadlines.remaining(deadline, timeout,
                    "before the new state could be stored"));
            return withHandles(response, sessionId, sessionCache.addSorries(this, sessionId));
        });
    }

    /** {@link #runAsync(LeanRequest, Duration)} with session caching. */
    public CompletableFuture<LeanResponse> runAsync(LeanRequest request, Duration timeout, boolean addToSessionCache) {
        Objects.requireNonNull(request, "request");
        return enqueue(() -> run(request, timeout, addToSessionCache));
    }

    /**
     * Runs a command with no timeout, caching its environment when asked, and returns its answer as a
     * {@link CommandResponse}. See {@link #command(Command, Duration, boolean)}.
     *
     * @throws LeanErrorException when the REPL answers with an error
     */
    public CommandResponse command(Command command, boolean addToSessionCache) {
        return command(command, null, addToSessionCache);
    }

    /**
     * Runs a command as {@link #run(LeanRequest, Duration, boolean)} does and returns its answer as a
     * {@link CommandResponse}, without a cast; an error answer of the REPL becomes a {@link LeanErrorException}
     * with its message and the request (as given, with its session ids).
     *
     * <pre>{@code
     * int env = server.command(Command.of("def x := 42"), Duration.ofSeconds(30), true).env();   // -1
     * CommandResponse r = server.command(Command.of("#eval x").withEnv(env), Duration.ofSeconds(30));
     * }</pre>
     *
     * @throws LeanErrorException when the REPL answers with an error (nothing is cached then)
     * @throws UnknownSessionIdException when the command names a session id the cache does not hold
     */
    public CommandResponse command(Command command, Duration timeout, boolean addToSessionCache) {
        return TypedAnswers.expect(run(command, timeout, addToSessionCache), command, CommandResponse.class);
    }

    /**
     * Runs a Lean file as {@link #run(LeanRequest, Duration, boolean)} does and returns its answer as a
     * {@link CommandResponse}; see {@link #command(Command, Duration, boolean)}.
     *
     * <pre>{@code
     * int env = server.file(FileCommand.of("Defs.lean"), Duration.ofMinutes(5), true).env();
     * }</pre>
     *
     * @throws LeanErrorException when the REPL answers with an error
     */
    public CommandResponse file(FileCommand file, Duration timeout, boolean addToSessionCache) {
        return TypedAnswers.expect(run(file, timeout, addToSessionCache), file, CommandResponse.class);
    }

    /**
     * Runs a tactic as {@link #run(LeanRequest, Duration, boolean)} does and returns its answer as a
     * {@link ProofStepResponse}, without a cast; an error answer of the REPL (an unknown tactic) becomes a
     * {@link LeanErrorException} with its message and the request.
     *
     * <pre>{@code
     * ProofStepResponse step = server.proofStep(new ProofStep(proofState, "intro n"), Duration.ofSeconds(30), true);
     * server.kill();                                                   // a crash
     * server.proofStep(new ProofStep(step.proofState(), "rfl"), Duration.ofSeconds(30));   // restored
     * }</pre>
     *
     * @throws LeanErrorException when the REPL answers with an error (nothing is cached then)
     * @throws UnknownSessionIdException when the step names a session id the cache does not hold
     */
    public ProofStepResponse proofStep(ProofStep step, Duration timeout, boolean addToSessionCache) {
        return TypedAnswers.expect(run(step, timeout, addToSessionCache), step, ProofStepResponse.class);
    }

    /**
     * Sends a raw request after the same health checks as {@link #run}. Its {@code env} and {@code proofState}
     * fields are checked and translated like those of typed requests; nothing is cached. In the answer,
     * {@code env}, {@code proofState}, and the {@code proofState} of each entry of {@code sorries} and
     * {@code tactics} are handles of this server's current process, as in {@link #run}.
     */
    @Override
    public JsonNode runRaw(JsonNode request, Duration timeout) {
        Objects.requireNonNull(request, "request");
        if (!(request instanceof ObjectNode object)) {
            throw new IllegalArgumentException("A REPL request must be a JSON object, was: " + request.getNodeType());
        }
        return withExclusiveAccess(() -> {
            long deadline = Deadlines.after(timeout);
            if (isOutermostCall()) {
                ensureReady("raw request", deadline, timeout);
            }
            ObjectNode sent = object;
            for (String field : List.of("env", "proofState")) {
                JsonNode id = object.get(field);
                if (id == null || !id.isNumber()) {
                    continue;
                }
                if (!id.canConvertToInt()) {
                    throw new IllegalArgumentException("The id " + id + " in the field '" + field
                            + "' is no id this server handed out; nothing was sent");
                }
                int local = localId(id.asInt(), field.equals("proofState"), field);
                if (sent == object) {
                    sent = object.deepCopy();
                }
                sent.put(field, local);
            }
            for (String field : List.of("env", "proofState")) {
                JsonNode id = sent.get(field);
                if (id != null && id.isNumber() && id.asInt() < 0) {
                    sent.put(field, toReplId(id.asInt(), Deadlines.remaining(deadline, timeout, RESTORING)));
                }
            }
            JsonNode answer = super.runRaw(sent, Deadlines.remaining(deadline, timeout, RESTARTING));
            return answer instanceof ObjectNode o ? withHandles(o) : answer;
        });
    }

    /**
     * {@link LeanServer#runPipelined} after the same health checks as {@link #run}, within {@code total}. As
     * {@link ServerAccess#runInProcess}, the requests' ids are the current process's own REPL ids (how session caches
     * restore many states at once): nothing is translated and nothing is cached.
     */
    @Override
    void runPipelined(List<? extends LeanRequest> requests, Duration timeoutPerRequest, Duration total,
            ObjIntConsumer<LeanResponse> onAnswer) {
        withExclusiveAccess(() -> {
            long deadline = Deadlines.after(total);
            if (isOutermostCall()) {
                ensureReady("pipelined requests", deadline, total);
            }
            super.runPipelined(requests, timeoutPerRequest, Deadlines.remaining(deadline, total, RESTARTING), onAnswer);
            return null;
        });
    }

    /**
     * Runs the text of a whole Lean file and answers exactly as {@code run(Command.of(code), timeout)} would on
     * a fresh REPL, but builds the environment of its import header once. See {@link #check(Command, Duration)}.
     *
     * @throws IllegalArgumentException when {@code code} is blank
     */
    public LeanResponse check(String code, Duration timeout) {
        return check(Command.of(code), timeout);
    }

    /**
     * Runs a whole file's text (a command without {@code env}, with any options) and answers as
     * {@code run(command, timeout)} would on a fresh REPL: the same messages, sorries, tactics, info trees and
     * declarations, with positions in the coordinates of the text. Its import header (the leading
     * {@code import} lines, and {@code module} / {@code prelude}, among comments and blank lines) is split off
     * at a line boundary and run once per distinct header (the same imports in the same order and the same
     * {@code setOptions}, whatever the spacing and comments); that environment is kept in the session cache,
     * so it survives restarts, and the body runs on it, with the header's lines left empty so that every
     * position it reports is already one of the whole text.
     *
     * <p>The answer's {@code env} and proof-state ids are those of the body's run, as {@code run} gives them
     * (nothing is added to the cache for them). A text without imports, or one this library cannot split
     * with certainty (see the README), runs as it is. A header that does not build without messages (an
     * unknown module) is not kept: the whole text then runs as it is, so its answer is the fresh run's.
     * {@code timeout} bounds each REPL request (the header's build, the body's run). Threads checking texts
     * with the same new header build it once.
     *
     * @throws IllegalArgumentException when {@code command} names an {@code env}
     * @throws LeanServerException as {@link #run(LeanRequest, Duration, boolean)} does: a timeout, a dead REPL
     * @throws io.github.leaninteract.sessioncache.SessionCacheException when the header's state cannot be
     *     restored or stored
     */
    public LeanResponse check(Command command, Duration timeout) {
        return headers.check(command, timeout, this::run);
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
        handles.markEnded();
        if (ownsCache) {
            sessionCache.clear();
        }
    }

    /**
     * An id of a request as the session cache sees it: a session id (negative) checked to name a cached state
     * of the field's kind, or a handle (non-negative) turned into the REPL id of the current process.
     */
    private int localId(int id, boolean proofState, String field) {
        if (id < 0) {
            SessionState state = sessionState(id);
            if (state.isProofState() != proofState) {
                throw new IllegalArgumentException("The session id " + id + " in the field '" + field + "' names a "
                        + "cached " + (state.isProofState() ? "proof state" : "environment") + ", not "
                        + (proofState ? "a proof state" : "an environment") + "; nothing was sent to " + name());
            }
            return id;
        }
        return handles.replId(id, proofState, processGeneration(), field);
    }

    private SessionState sessionState(int id) {
        requireOpenCache(id);
        try {
            return sessionCache.get(id);
        } catch (NoSuchElementException e) {
            requireOpenCache(id);
            throw unknownSessionId(id, e);
        }
    }

    private UnknownSessionIdException unknownSessionId(int id, NoSuchElementException cause) {
        return new UnknownSessionIdException(id, "Unknown session id " + id + ": the session cache of " + name()
                + " holds " + sessionCache.keys() + " (the state was removed, or the id is of another cache); "
                + "nothing was sent. Run the request that made the state again with addToSessionCache for a new id",
                cause);
    }

    private void requireOpenCache(int id) {
        if (sessionCache.isClosed()) {
            throw new IllegalStateException("The session cache of " + name() + " is closed, so the session id " + id
                    + " names no state any more; nothing was sent. Keep the cache open while its ids are used");
        }
    }

    /** The answer with handles and session ids in place of the REPL's ids. Exclusive access held. */
    private LeanResponse withHandles(LeanResponse response, Integer sessionId, List<Integer> sorryIds) {
        long generation = processGeneration();
        long pid = pid();
        if (response instanceof CommandResponse c) {
            int env = sessionId != null ? sessionId : handles.issue(generation, pid, c.env(), false);
            // The session ids of the proof states the answer opened: its sorries', then its tactics'.
            int tacticIds = c.sorries().size();
            List<Tactic> tactics = new ArrayList<>(c.tactics().size());
            for (int j = 0; j < c.tactics().size(); j++) {
                Tactic t = c.tactics().get(j);
                Integer id = tacticIds + j < sorryIds.size() ? sorryIds.get(tacticIds + j) : null;
                tactics.add(t.proofState() == null ? t : new Tactic(t.pos(), t.endPos(), t.goals(), t.tactic(),
                        id != null ? id : handles.issue(generation, pid, t.proofState(), true), t.usedConstants()));
            }
            return c.withEnv(env).withSorries(withHandles(c.sorries(), sorryIds, generation, pid))
                    .withTactics(tactics);
        }
        ProofStepResponse p = response.asProofStep();
        int ps = sessionId != null ? sessionId : handles.issue(generation, pid, p.proofState(), true);
        return p.withProofState(ps).withSorries(withHandles(p.sorries(), sorryIds, generation, pid));
    }

    private List<Sorry> withHandles(List<Sorry> sorries, List<Integer> sorryIds, long generation, long pid) {
        List<Sorry> mapped = new ArrayList<>(sorries.size());
        for (int k = 0; k < sorries.size(); k++) {
            Sorry s = sorries.get(k);
            if (s.proofState() == null) {
                mapped.add(s);
                continue;
            }
            Integer id = k < sorryIds.size() ? sorryIds.get(k) : null;
            mapped.add(new Sorry(s.pos(), s.endPos(), s.goal(),
                    id != null ? id : handles.issue(generation, pid, s.proofState(), true)));
        }
        return mapped;
    }

    /** A raw answer with handles in place of the REPL's ids. Exclusive access held. */
    private JsonNode withHandles(ObjectNode answer) {
        long generation = processGeneration();
        long pid = pid();
        ObjectNode mapped = answer.deepCopy();
        handleField(mapped, "env", false, generation, pid);
        handleField(mapped, "proofState", true, generation, pid);
        for (String list : List.of("sorries", "tactics")) {
            JsonNode items = mapped.get(list);
            if (items != null && items.isArray()) {
                for (JsonNode item : items) {
                    if (item instanceof ObjectNode o) {
                        handleField(o, "proofState", true, generation, pid);
                    }
                }
            }
        }
        return mapped;
    }

    private void handleField(ObjectNode node, String field, boolean proofState, long generation, long pid) {
        JsonNode id = node.get(field);
        if (id != null && id.canConvertToInt() && id.isIntegralNumber() && id.asInt() >= 0) {
            node.put(field, handles.issue(generation, pid, id.asInt(), proofState));
        }
    }

    /** Whether this server handed out the non-negative id {@code id} (in any of its REPL processes). */
    boolean issued(int id) {
        return handles.issuedHere(id);
    }

    /**
     * The id of session state {@code id} in the current process, restoring it first if needed: restoring one
     * state (also on first use, not only in an eager reload) takes at most {@code restoreTimeout}, or else the
     * request's own timeout. Non-negative ids are already the current process's.
     */
    private int toReplId(int id, Duration requestTimeout) {
        if (id >= 0) {
            return id;
        }
        int replId;
        try {
            replId = sessionCache.replId(id, this, shorter(restoreTimeout, requestTimeout));
        } catch (NoSuchElementException e) {
            requireOpenCache(id);
            throw unknownSessionId(id, e);
        }
        if (replId < 0) {
            throw new IllegalStateException("The session cache gave the negative REPL id " + replId + " for " + id);
        }
        return replId;
    }

    /**
     * Called with exclusive access held, before an outermost request of kind {@code kind}: memory checks,
     * restart and reload, all within the request's deadline.
     */
    private void ensureReady(String kind, long deadline, Duration timeout) {
        long t0 = System.nanoTime();
        int kills = 0;
        String pressure;
        while ((pressure = memoryPressure(kills > 0)) != null) {
            if (kills >= maxRestartAttempts) {
                throw new LeanMemoryException(pressure + "; the REPL was restarted " + kills
                        + " time(s) without relief (maxRestartAttempts " + maxRestartAttempts + ")");
            }
            log.warn("[{}] {} before a {}: killing the REPL (restart {} of at most {})", name(), pressure, kind,
                    kills + 1, maxRestartAttempts);
            kill();
            backoff(kills++, deadline, timeout, pressure);
        }
        if (!isAlive()) {
            String reason = kills > 0 ? "memory pressure" : stopCause();
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

        /**
         * Restart when the used memory reaches this fraction (0 &lt; f ≤ 1): of this process's memory cgroup's
         * limit when one applies (a container's, the tightest of nested cgroups; usage without reclaimable file
         * cache), else of the machine's memory. 1 practically turns the check off.
         */
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
