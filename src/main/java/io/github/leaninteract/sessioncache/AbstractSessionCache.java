package io.github.leaninteract.sessioncache;

import io.github.leaninteract.protocol.CommandResponse;
import io.github.leaninteract.protocol.LeanError;
import io.github.leaninteract.protocol.LeanRequest;
import io.github.leaninteract.protocol.LeanResponse;
import io.github.leaninteract.protocol.ProofStepResponse;
import io.github.leaninteract.protocol.Sorry;
import io.github.leaninteract.protocol.Tactic;
import io.github.leaninteract.server.LeanServer;
import io.github.leaninteract.server.ServerAccess;

import java.time.Duration;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every session cache shares: the id counter, the states, and the REPL id each state has in each
 * server's current process.
 *
 * <p>A state's REPL ids are recorded per server together with the server's
 * {@link ServerAccess#processGeneration() process generation}; a new process makes them all stale at once,
 * so an id of a dead process is never handed out. Restoring a state into a server happens while holding
 * that server's {@link ServerAccess#withExclusiveAccess exclusive access}, which is why a state is never
 * restored twice into one process even when many threads ask for it at once. Servers are held weakly.
 *
 * <p>Subclasses decide how a state is stored ({@link #store}) and brought back ({@link #restore}).
 *
 * @param <S> the type of the states
 */
public abstract class AbstractSessionCache<S extends SessionState> implements SessionCache {

    private static final Logger log = LoggerFactory.getLogger(AbstractSessionCache.class);

    /**
     * Where a state lives in one process: its REPL id, and the proof states its answer opened: those of its
     * sorries, in order, then those of its {@code allTactics} entries, in order (-1 where an entry has none).
     * Replaying the same request opens the same ones in the same order, so an index into this list names a
     * proof state in every process.
     */
    protected record Binding(int replId, List<Integer> sorryProofStates) {
        public Binding {
            sorryProofStates = List.copyOf(sorryProofStates);
        }
    }

    /**
     * Where a raw proof-state id of a process came from: a cached state, or the k-th proof state its answer
     * opened (see {@link Binding}).
     */
    protected record Origin(int sessionId, int sorryIndex) {}

    /**
     * The bindings of one server's one process, with reverse indexes so that finding the cached state a raw
     * id of the process came from costs the same whatever the number of states. Reads are lock-free; changes
     * are serialised on the instance.
     */
    private static final class ServerBindings {
        final long generation;
        private final Map<Integer, Binding> byId = new ConcurrentHashMap<>();
        // REPL id -> the session id (an Integer) or ids (an int[], rare: one answer cached twice) holding it.
        private final Map<Integer, Object> envHolders = new ConcurrentHashMap<>();
        private final Map<Integer, Object> proofStateHolders = new ConcurrentHashMap<>();

        ServerBindings(long generation) {
            this.generation = generation;
        }

        Binding get(int id) {
            return byId.get(id);
        }

        boolean contains(int id) {
            return byId.containsKey(id);
        }

        synchronized void put(int id, Binding binding, boolean proofState) {
            Integer boxed = id; // one object for the key here and the values of the indexes
            Binding old = byId.put(boxed, binding);
            if (old != null) {
                unindex(id, old);
            }
            (proofState ? proofStateHolders : envHolders).compute(binding.replId(), (k, v) -> with(v, boxed));
            for (int opened : binding.sorryProofStates()) {
                if (opened >= 0) {
                    proofStateHolders.compute(opened, (k, v) -> with(v, boxed));
                }
            }
        }

        synchronized void remove(int id) {
            Binding old = byId.remove(id);
            if (old != null) {
                unindex(id, old);
            }
        }

        private void unindex(int id, Binding binding) {
            envHolders.computeIfPresent(binding.replId(), (k, v) -> without(v, id));
            proofStateHolders.computeIfPresent(binding.replId(), (k, v) -> without(v, id));
            for (int opened : binding.sorryProofStates()) {
                proofStateHolders.computeIfPresent(opened, (k, v) -> without(v, id));
            }
        }

        /** The session ids whose binding holds environment {@code replId}. */
        Iterable<Integer> envHolders(int replId) {
            return ids(envHolders.get(replId));
        }

        /** The session ids whose binding holds proof state {@code replId} (as its own or one it opened). */
        Iterable<Integer> proofStateHolders(int replId) {
            return ids(proofStateHolders.get(replId));
        }

        // One id in the common case; a set when one answer is cached many times (each add and remove O(log n)).
        private static Object with(Object holders, Integer id) {
            if (holders == null) {
                return id;
            }
            if (holders instanceof Integer held) {
                if (held.equals(id)) {
                    return held;
                }
                Set<Integer> ids = new ConcurrentSkipListSet<>(Comparator.reverseOrder());
                ids.add(held);
                ids.add(id);
                return ids;
            }
            set(holders).add(id);
            return holders;
        }

        private static Object without(Object holders, int id) {
            if (holders instanceof Integer held) {
                return held == id ? null : held;
            }
            Set<Integer> ids = set(holders);
            ids.remove(id);
            return ids.isEmpty() ? null : ids;
        }

        private static Iterable<Integer> ids(Object holders) {
            return holders == null ? List.of() : holders instanceof Integer id ? List.of(id) : set(holders);
        }

        @SuppressWarnings("unchecked")
        private static Set<Integer> set(Object holders) {
            return (Set<Integer>) holders;
        }
    }

    private static final long NO_DEADLINE = Long.MAX_VALUE;

    private final AtomicInteger lastId = new AtomicInteger();
    // Ids count down, so the reversed order is the order of addition.
    private final ConcurrentSkipListMap<Integer, S> states = new ConcurrentSkipListMap<>(Comparator.reverseOrder());
    private final Map<LeanServer, ServerBindings> servers = Collections.synchronizedMap(new WeakHashMap<>());
    private final Map<Integer, SessionCacheException> broken = new ConcurrentHashMap<>();
    // The skip list's own size() counts its entries one by one.
    private final AtomicInteger count = new AtomicInteger();
    private final List<Integer> keys = new KeysView();

    @Override
    public final int add(LeanServer server, LeanRequest request, LeanResponse response) {
        return add(server, request, response, null);
    }

    @Override
    public final int add(LeanServer server, LeanRequest request, LeanResponse response, Duration timeout) {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(response, "response");
        if (response instanceof LeanError e) {
            throw new IllegalArgumentException("An error answer holds no state to cache: " + e.message());
        }
        boolean proofState = response instanceof ProofStepResponse;
        int replId = proofState ? ((ProofStepResponse) response).proofState() : ((CommandResponse) response).env();
        if (replId < 0) {
            throw new IllegalArgumentException("The response already carries the session id " + replId
                    + "; cache the REPL's own answer (AutoLeanServer.run with addToSessionCache does)");
        }
        if (proofState != request.producesProofState()) {
            throw new IllegalArgumentException(response.getClass().getSimpleName() + " does not answer "
                    + request.getClass().getSimpleName());
        }
        requireKinds(request);
        return ServerAccess.of(server).withExclusiveAccess(() -> {
            long t0 = System.nanoTime();
            int id = lastId.decrementAndGet();
            Binding binding = bindingOf(response);
            S state;
            try {
                state = store(id, server, request, response, timeout);
            } catch (RuntimeException e) {
                // Hand the id out again unless a later one was taken meanwhile: it was never used.
                lastId.compareAndSet(id, id + 1);
                throw e;
            }
            states.put(id, state);
            count.incrementAndGet();
            if (!isOpen()) {
                // Closed while the state was being stored: what close() did not see must not outlive it.
                remove(id);
                throw new IllegalStateException("The session cache was closed while state " + id + " was stored");
            }
            bindings(server).put(id, binding, proofState);
            log.debug("[{}] cached {} {} as {} in {} µs", server.name(), proofState ? "proof state" : "environment",
                    binding.replId(), id, (System.nanoTime() - t0) / 1000);
            return id;
        });
    }

    @Override
    public final void requireCacheable(LeanServer server, LeanRequest request) {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(request, "request");
        if (!isOpen()) {
            throw new IllegalStateException("The session cache is closed: it takes no new state; nothing was sent."
                    + " Run the request without caching it, or with an open cache");
        }
        requireKinds(request);
        ServerAccess.of(server).withExclusiveAccess(() -> {
            checkStorable(server, request);
            return null;
        });
    }

    @Override
    public final List<Integer> addSorries(LeanServer server, int id) {
        Objects.requireNonNull(server, "server");
        return ServerAccess.of(server).withExclusiveAccess(() -> {
            S parent = states.get(id);
            Binding binding = bindings(server).get(id);
            if (parent == null || binding == null) {
                throw new IllegalArgumentException("State " + id + " is not cached in the current process of "
                        + server.name());
            }
            List<Integer> ids = new ArrayList<>(binding.sorryProofStates().size());
            for (int k = 0; k < binding.sorryProofStates().size(); k++) {
                int replId = binding.sorryProofStates().get(k);
                Integer sorryId = null;
                if (replId >= 0 && isOpen()) {
                    int candidate = lastId.decrementAndGet();
                    S state = storeSorry(candidate, parent, k);
                    if (state == null) {
                        lastId.compareAndSet(candidate, candidate + 1);
                    } else {
                        states.put(candidate, state);
                        bindings(server).put(candidate, new Binding(replId, List.of()), true);
                        sorryId = candidate;
                    }
                }
                ids.add(sorryId);
            }
            return Collections.unmodifiableList(ids);
        });
    }

    @Override
    public final boolean isClosed() {
        return !isOpen();
    }

    @Override
    public final void remove(int id) {
        S state = detach(id);
        if (state == null) {
            return;
        }
        try {
            discard(state);
        } catch (RuntimeException e) {
            reattach(state);
            throw e;
        }
        broken.remove(id);
    }

    /** Takes state {@code id} out of the cache and out of every server's bindings; null when it is absent. */
    private S detach(int id) {
        S state = states.remove(id);
        if (state == null) {
            return null;
        }
        count.decrementAndGet();
        synchronized (servers) {
            for (ServerBindings b : servers.values()) {
                b.remove(id);
            }
        }
        return state;
    }

    /** Puts back a state whose discard failed, so that nothing it holds is forgotten and removal can be retried. */
    private void reattach(S state) {
        states.put(state.sessionId(), state);
        count.incrementAndGet();
    }

    @Override
    public final void reload(LeanServer server, Duration timeoutPerState) {
        reload(server, timeoutPerState, null);
    }

    @Override
    public final void reload(LeanServer server, Duration timeoutPerState, Duration budget) {
        Objects.requireNonNull(server, "server");
        ServerAccess.of(server).withExclusiveAccess(() -> {
            ServerBindings current = bindings(server);
            if (isLazy()) {
                return null;
            }
            long t0 = System.nanoTime();
            long deadline = budget == null || budget.toNanos() >= Long.MAX_VALUE - t0 ? NO_DEADLINE
                    : t0 + budget.toNanos();
            Restoring outcome = new Restoring(server, current, deadline);
            List<S> pending = new ArrayList<>();
            for (S state : states.values()) {
                if (outcome.pending(state)) {
                    pending.add(state);
                }
            }
            if (!pending.isEmpty()) {
                restoreAll(pending, server, timeoutPerState, outcome);
            }
            int left = 0;
            for (S state : pending) {
                if (outcome.pending(state)) {
                    left++;
                }
            }
            log.info("[{}] restored {} of {} cached states in {} ms{}", server.name(), outcome.restored, count.get(),
                    (System.nanoTime() - t0) / 1_000_000, left > 0 ? "; " + left + " left to restore on first use" : "");
            if (!outcome.failures.isEmpty()) {
                if (!server.isAlive()) {
                    outcome.failures.add("the REPL died; the remaining states will be restored when first used");
                }
                throw new SessionCacheException("Could not restore " + outcome.failures.size() + " cached state(s) into "
                        + server.name() + ":\n  " + String.join("\n  ", outcome.failures));
            }
            return null;
        });
    }

    /**
     * Restores {@code pending} (states the server's current process does not have, in the order they were
     * added) into {@code server}'s current process for an eager {@link #reload}, telling {@code outcome} what
     * became of each. Called with {@code server}'s exclusive access held. Stops when the REPL dies or
     * {@link Restoring#timeLeft} says the reload's time is up: the states not restored then are restored on
     * first use. The default restores one state after the other, each with {@link #resolve}.
     */
    protected void restoreAll(List<S> pending, LeanServer server, Duration timeoutPerState, Restoring outcome) {
        for (S state : pending) {
            if (!outcome.pending(state)) {
                continue;
            }
            Duration timeout = outcome.timeLeft(timeoutPerState);
            if (outcome.outOfTime()) {
                return;
            }
            try {
                outcome.restored(state, resolve(state.sessionId(), server, timeout));
            } catch (SessionCacheException | NoSuchElementException e) {
                outcome.failed(state, e);
                if (!server.isAlive()) {
                    return;
                }
            }
        }
    }

    /**
     * The bookkeeping of one eager reload into one process: which states are still to restore, what was
     * restored, what failed, and how much of the reload's time is left. Not thread-safe: used under the
     * server's exclusive access.
     */
    protected final class Restoring {
        private final LeanServer server;
        private final ServerBindings current;
        private final long deadline;
        private final List<String> failures = new ArrayList<>();
        private int restored;

        private Restoring(LeanServer server, ServerBindings current, long deadline) {
            this.server = server;
            this.current = current;
            this.deadline = deadline;
        }

        /** Whether {@code state} is still cached, not in the process yet, and not failed for good. */
        public boolean pending(S state) {
            int id = state.sessionId();
            return states.containsKey(id) && !current.contains(id) && !broken.containsKey(id);
        }

        /** The binding of a cached state in this process, or {@code null} when it is not restored there. */
        public Binding binding(int id) {
            return current.get(id);
        }

        /** Records that {@code state} is in the process now, under {@code binding}. */
        public void restored(S state, Binding binding) {
            int id = state.sessionId();
            if (states.containsKey(id) && current == bindings(server)) {
                current.put(id, binding, state.isProofState());
            }
            restored++;
        }

        /**
         * Records that {@code state} could not be restored. A {@link PermanentFailure} marks it failed for good;
         * a failure that comes when the reload's time is up is no failure of the state.
         */
        public void failed(S state, RuntimeException e) {
            if (e instanceof PermanentFailure p && states.containsKey(state.sessionId())) {
                broken.put(state.sessionId(), p);
            }
            if (!outOfTime() || e instanceof PermanentFailure) {
                failures.add(state.sessionId() + ": " + e.getMessage());
            }
        }

        /** Whether the reload's time is up. */
        public boolean outOfTime() {
            return deadline != NO_DEADLINE && deadline - System.nanoTime() <= 0;
        }

        /** The time a step may take: {@code perStep} bounded by what is left of the reload's time. */
        public Duration timeLeft(Duration perStep) {
            if (deadline == NO_DEADLINE) {
                return perStep;
            }
            Duration left = Duration.ofNanos(Math.max(1, deadline - System.nanoTime()));
            return perStep == null || left.compareTo(perStep) < 0 ? left : perStep;
        }

        /** What is left of the reload's time, or {@code null} when it has no limit. */
        public Duration total() {
            return deadline == NO_DEADLINE ? null : Duration.ofNanos(Math.max(1, deadline - System.nanoTime()));
        }
    }

    @Override
    public final int replId(int id, LeanServer server) {
        Objects.requireNonNull(server, "server");
        return resolve(id, server, restoreTimeout()).replId();
    }

    @Override
    public final boolean isRestoredIn(int id, LeanServer server) {
        ServerBindings b;
        synchronized (servers) {
            b = servers.get(server);
        }
        return b != null && b.generation == ServerAccess.of(server).processGeneration() && states.containsKey(id)
                && b.contains(id);
    }

    @Override
    public final int replId(int id, LeanServer server, Duration timeoutPerState) {
        Objects.requireNonNull(server, "server");
        return resolve(id, server, timeoutPerState).replId();
    }

    @Override
    public final boolean isEmpty() {
        return states.isEmpty();
    }

    /**
     * {@inheritDoc} States whose {@link #discard} fails stay (without their REPL ids); the first failure is
     * thrown once every state was tried, with the others suppressed.
     */
    @Override
    public void clear() {
        List<S> detached = new ArrayList<>();
        for (Integer id : keys()) {
            S state = detach(id);
            if (state != null) {
                detached.add(state);
            }
        }
        if (detached.isEmpty()) {
            return;
        }
        Map<Integer, RuntimeException> failed;
        try {
            failed = discardAll(detached);
        } catch (RuntimeException | Error e) {
            // Which ones went is unknown: keep them all (a state whose pickle is gone then fails clearly on
            // use, and its removal can be retried) rather than forget states that still hold files.
            detached.forEach(this::reattach);
            throw e;
        }
        RuntimeException failure = null;
        for (S state : detached) {
            RuntimeException e = failed.get(state.sessionId());
            if (e == null) {
                broken.remove(state.sessionId());
                continue;
            }
            reattach(state);
            if (failure == null) {
                failure = e;
            } else {
                failure.addSuppressed(e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * Discards the states {@link #clear()} removed. The default discards one after the other; a cache whose
     * discards are independent may spread them over threads with {@link #discardEach}.
     *
     * @return why discarding failed, by session id, for each state whose discard failed
     */
    protected Map<Integer, RuntimeException> discardAll(List<S> removed) {
        Map<Integer, RuntimeException> failed = new ConcurrentHashMap<>();
        discardEach(removed, failed);
        return failed;
    }

    /**
     * Discards each of {@code removed}, recording in {@code failed} why one could not be, and goes on after
     * such a failure. Safe to call from several threads on disjoint lists with one concurrent map.
     */
    protected final void discardEach(List<S> removed, Map<Integer, RuntimeException> failed) {
        for (S state : removed) {
            try {
                discard(state);
            } catch (RuntimeException e) {
                failed.put(state.sessionId(), e);
            }
        }
    }

    /**
     * {@inheritDoc} The list is a live, unmodifiable view (it costs nothing to get, whatever the number of
     * states): it reflects later additions and removals, and may be iterated while they happen. Copy it for a
     * snapshot.
     */
    @Override
    public final List<Integer> keys() {
        return keys;
    }

    @Override
    public final boolean contains(int id) {
        return states.containsKey(id);
    }

    @Override
    public final S get(int id) {
        S state = states.get(id);
        if (state == null) {
            throw new NoSuchElementException("No cached state with session id " + id + (id >= 0
                    ? " (session ids are negative)" : ""));
        }
        return state;
    }

    @Override
    public final Iterator<SessionState> iterator() {
        return Collections.<SessionState>unmodifiableList(new ArrayList<>(states.values())).iterator();
    }

    /** The number of cached states. */
    public final int size() {
        return count.get();
    }

    /**
     * Stores a new state. Called with {@code server}'s exclusive access held; {@code response} is
     * {@code server}'s answer to {@code request} in its current process; what the REPL is asked to do for it
     * takes at most {@code timeout} ({@code null}: no limit).
     *
     * @throws SessionCacheException when the state cannot be stored
     */
    protected abstract S store(int id, LeanServer server, LeanRequest request, LeanResponse response,
            Duration timeout);

    /**
     * Refuses, before it is sent, a request whose answer this cache could not restore faithfully: called
     * with {@code server}'s exclusive access held; {@code request}'s negative ids are session ids of states of
     * the right kind, its non-negative ones REPL ids of {@code server}'s current process. The default
     * accepts every request.
     *
     * @throws SessionCacheException saying why, and what to do instead
     */
    protected void checkStorable(LeanServer server, LeanRequest request) {
    }

    /**
     * A state for the proof state of sorry {@code sorryIndex} of {@code parent}'s answer, restorable with
     * its parent, or {@code null} when this cache cannot restore it faithfully (the default). Called with the
     * server's exclusive access held, right after the parent was added.
     */
    protected S storeSorry(int id, S parent, int sorryIndex) {
        return null;
    }

    /** Whether the cache still takes new states; a closed one says no. */
    protected boolean isOpen() {
        return true;
    }

    /**
     * Brings a state into {@code server}'s current process. Called with {@code server}'s exclusive access
     * held, at most once per state and process.
     *
     * @throws SessionCacheException when it cannot
     */
    protected abstract Binding restore(S state, LeanServer server, Duration timeout);

    /**
     * Releases what a removed state holds. When it throws, the state stays in the cache (without its REPL ids)
     * and the removal can be retried.
     */
    protected abstract void discard(S state);

    /** Whether {@link #reload} leaves restoring to the first use. */
    protected abstract boolean isLazy();

    /** The timeout for restoring a state on first use, or {@code null} for none. */
    protected Duration restoreTimeout() {
        return null;
    }

    /**
     * The binding of state {@code id} in {@code server}'s current process, restoring it first if needed.
     * A state whose restoring once failed for good stays failed (it is not retried against every new
     * process), until it is removed.
     */
    protected final Binding resolve(int id, LeanServer server, Duration timeout) {
        S state = get(id);
        return ServerAccess.of(server).withExclusiveAccess(() -> {
            ServerBindings current = bindings(server);
            Binding b = current.get(id);
            if (b != null) {
                return b;
            }
            SessionCacheException failure = broken.get(id);
            if (failure != null) {
                throw new SessionCacheException("Cached state " + id + " cannot be restored (it failed before): "
                        + failure.getMessage(), failure);
            }
            long t0 = System.nanoTime();
            try {
                b = restore(state, server, timeout);
            } catch (PermanentFailure e) {
                if (states.containsKey(id)) {
                    broken.put(id, e);
                }
                throw e;
            }
            if (states.containsKey(id) && current == bindings(server)) {
                current.put(id, b, state.isProofState());
            }
            log.debug("[{}] restored cached state {} as {} in {} ms", server.name(), id, b.replId(),
                    (System.nanoTime() - t0) / 1_000_000);
            return b;
        });
    }

    /**
     * Where a raw proof-state id of {@code server}'s current process came from, when it came from a cached
     * state: the state itself, or a sorry of its answer. {@code null} when unknown.
     */
    protected final Origin originOfProofState(LeanServer server, int rawId) {
        ServerBindings current = bindings(server);
        for (int id : current.proofStateHolders(rawId)) {
            S state = states.get(id);
            Binding b = current.get(id);
            if (state == null || b == null) {
                continue;
            }
            if (state.isProofState() && b.replId() == rawId) {
                return new Origin(id, -1);
            }
            int k = b.sorryProofStates().indexOf(rawId);
            if (k >= 0) {
                return new Origin(id, k);
            }
        }
        return null;
    }

    /** The cached environment whose id in {@code server}'s current process is {@code rawId}, or {@code null}. */
    protected final Integer originOfEnv(LeanServer server, int rawId) {
        ServerBindings current = bindings(server);
        for (int id : current.envHolders(rawId)) {
            S state = states.get(id);
            Binding b = current.get(id);
            if (state != null && !state.isProofState() && b != null && b.replId() == rawId) {
                return id;
            }
        }
        return null;
    }

    /**
     * Checks that each negative id of {@code request} names a cached state of the kind its field holds.
     *
     * @throws IllegalArgumentException when one does not
     */
    private void requireKinds(LeanRequest request) {
        requireKind(request.referencedEnv(), false, request);
        requireKind(request.referencedProofState(), true, request);
    }

    private void requireKind(Integer id, boolean proofState, LeanRequest request) {
        if (id == null || id >= 0) {
            return;
        }
        S state = states.get(id);
        if (state == null) {
            throw new UnknownSessionIdException(id, "The session id " + id + " of " + request.getClass().getSimpleName()
                    + " names no cached state" + (isOpen() ? "" : " (the session cache is closed)"), null);
        }
        if (state.isProofState() != proofState) {
            throw new IllegalArgumentException("The session id " + id + " in the " + (proofState ? "proofState" : "env")
                    + " field of " + request.getClass().getSimpleName() + " names a cached "
                    + (state.isProofState() ? "proof state" : "environment") + ", not "
                    + (proofState ? "a proof state" : "an environment"));
        }
    }

    /** The deadline ({@link System#nanoTime()} time) {@code timeout} from now; {@link Long#MAX_VALUE} for none. */
    protected static long deadlineAfter(Duration timeout) {
        if (timeout == null) {
            return NO_DEADLINE;
        }
        long now = System.nanoTime();
        return timeout.toNanos() >= NO_DEADLINE - now ? NO_DEADLINE : now + timeout.toNanos();
    }

    /**
     * The time left until {@code deadline} for restoring state {@code id} ({@code null}: no limit), so that a
     * state and the parents restored for it share one timeout.
     *
     * @throws SessionCacheException when none is left; nothing is sent then
     */
    protected static Duration timeLeft(long deadline, int id) {
        if (deadline == NO_DEADLINE) {
            return null;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new SessionCacheException("Restoring cached state " + id + " timed out: restoring the states it"
                    + " was made from took all of its time");
        }
        return Duration.ofNanos(left);
    }

    /** The binding a fresh answer gives its state. */
    protected static Binding bindingOf(LeanResponse response) {
        if (response instanceof CommandResponse c) {
            List<Integer> opened = new ArrayList<>(sorryProofStates(c.sorries()));
            for (Tactic t : c.tactics()) {
                opened.add(t.proofState() == null ? -1 : t.proofState());
            }
            return new Binding(c.env(), opened);
        }
        if (response instanceof ProofStepResponse p) {
            return new Binding(p.proofState(), sorryProofStates(p.sorries()));
        }
        throw new IllegalArgumentException("No state in " + response);
    }

    private static List<Integer> sorryProofStates(List<Sorry> sorries) {
        List<Integer> ids = new ArrayList<>(sorries.size());
        for (Sorry s : sorries) {
            // Keep positions aligned with the answer's sorries: -1 where a sorry opened no proof state.
            ids.add(s.proofState() == null ? -1 : s.proofState());
        }
        return ids;
    }

    private ServerBindings bindings(LeanServer server) {
        long generation = ServerAccess.of(server).processGeneration();
        synchronized (servers) {
            ServerBindings b = servers.get(server);
            // Only a newer process replaces the bindings: a caller that read the generation just before a
            // restart must not put the dead process's bindings back.
            if (b == null || b.generation < generation) {
                b = new ServerBindings(generation);
                servers.put(server, b);
            }
            return b;
        }
    }

    /**
     * The live, unmodifiable list of session ids, in the order of addition: costs nothing to get, and reflects
     * additions and removals as they happen (iterating it while states are added or removed is safe, and sees
     * some of those changes). {@code size()} is O(1); {@code get(i)} walks i ids; copy it for a snapshot.
     */
    private final class KeysView extends AbstractList<Integer> {
        @Override
        public Integer get(int index) {
            if (index >= 0) {
                int i = 0;
                for (Integer id : states.keySet()) {
                    if (i++ == index) {
                        return id;
                    }
                }
            }
            throw new IndexOutOfBoundsException("Index " + index + " of " + size() + " session ids");
        }

        @Override
        public int size() {
            return Math.max(0, count.get());
        }

        @Override
        public boolean isEmpty() {
            return states.isEmpty();
        }

        @Override
        public boolean contains(Object o) {
            return o instanceof Integer id && states.containsKey(id);
        }

        @Override
        public Iterator<Integer> iterator() {
            return Collections.unmodifiableSet(states.keySet()).iterator();
        }
    }

    /**
     * A failure that will happen again however often it is retried (an error answer, a corrupt file that
     * kills the REPL): the state is marked as failed, so that it does not crash every new process.
     */
    protected static final class PermanentFailure extends SessionCacheException {
        public PermanentFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
