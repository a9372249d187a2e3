package io.github.leaninteract.sessioncache;

import io.github.leaninteract.protocol.CommandResponse;
import io.github.leaninteract.protocol.LeanError;
import io.github.leaninteract.protocol.LeanRequest;
import io.github.leaninteract.protocol.LeanResponse;
import io.github.leaninteract.protocol.ProofStepResponse;
import io.github.leaninteract.server.LeanServer;
import io.github.leaninteract.server.LeanServerException;
import io.github.leaninteract.server.LeanTimeoutException;
import io.github.leaninteract.server.ServerAccess;

import java.time.Duration;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * A session cache that restores a state by sending the request that made it again.
 *
 * <pre>{@code
 * AutoLeanServer server = new AutoLeanServer(config);          // uses a lazy ReplaySessionCache
 * CommandResponse thm = server.command(Command.of("theorem t : 1 = 1 := by sorry"), true);
 * int ps = thm.sorries().get(0).proofState();                 // a session id too: -2
 * ProofStepResponse step = server.proofStep(new ProofStep(ps, "rfl"), Duration.ofSeconds(30), true);
 * server.kill();                                              // the states survive: replayed when used
 * }</pre>
 *
 * <p>Requests that name other cached states by session id are replayed after them (chains). The proof
 * state of each sorry of a cached answer, and of each of its {@code allTactics} entries, gets a session id of
 * its own ({@link #addSorries}): it is restored by replaying its parent, so proof search can keep every goal
 * without a request per goal. A proof step on
 * a raw proof-state id that came from a cached state's answer is replayed onto the restored parent, never
 * onto whatever holds that raw id in the new process. A request that names a raw id of a state this cache
 * does not hold could not be replayed faithfully, so {@link #requireCacheable} (before the request is
 * sent) and {@link #add} refuse it with a {@link SessionCacheException}; a session id of the wrong kind (an
 * environment where a proof state goes, or the reverse) is refused with an
 * {@link IllegalArgumentException}.
 *
 * <p>Lazy by default: {@link #reload} only forgets the dead process, and each state is replayed on first
 * use. With {@code lazy = false}, {@code reload} replays every state at once.
 *
 * <p>Thread-safe: threads and servers may share one instance. It holds no files.
 */
public class ReplaySessionCache extends AbstractSessionCache<ReplaySessionState> {

    private final boolean lazy;

    /** A lazy cache. */
    public ReplaySessionCache() {
        this(true);
    }

    /** @param lazy whether {@link #reload} leaves replaying to each state's first use */
    public ReplaySessionCache(boolean lazy) {
        this.lazy = lazy;
    }

    @Override
    protected ReplaySessionState store(int id, LeanServer server, LeanRequest request, LeanResponse response,
            Duration timeout) {
        Lineage l = lineage(server, request);
        return new ReplaySessionState(id, response instanceof ProofStepResponse, request, l.envParent(),
                l.proofStateParent(), l.sorryIndex());
    }

    @Override
    protected void checkStorable(LeanServer server, LeanRequest request) {
        lineage(server, request);
    }

    @Override
    protected ReplaySessionState storeSorry(int id, ReplaySessionState parent, int sorryIndex) {
        return ReplaySessionState.ofSorry(id, parent.sessionId(), sorryIndex);
    }

    /** The cached states a request's answer would be replayed from. */
    private record Lineage(Integer envParent, Integer proofStateParent, int sorryIndex) {}

    /**
     * Where the state {@code request} makes comes from.
     *
     * @throws SessionCacheException when it names a state that no cached state produced
     */
    private Lineage lineage(LeanServer server, LeanRequest request) {
        Integer envParent = null;
        Integer env = request.referencedEnv();
        if (env != null) {
            envParent = env < 0 ? Integer.valueOf(requireCached(env, false, request)) : originOfEnv(server, env);
            if (envParent == null) {
                throw unfaithful(request, "environment " + env);
            }
        }
        Integer proofStateParent = null;
        int sorryIndex = -1;
        Integer ps = request.referencedProofState();
        if (ps != null) {
            if (ps < 0) {
                proofStateParent = requireCached(ps, true, request);
            } else {
                Origin origin = originOfProofState(server, ps);
                if (origin == null) {
                    throw unfaithful(request, "proof state " + ps);
                }
                proofStateParent = origin.sessionId();
                sorryIndex = origin.sorryIndex();
            }
        }
        return new Lineage(envParent, proofStateParent, sorryIndex);
    }

    @Override
    protected Binding restore(ReplaySessionState state, LeanServer server, Duration timeout) {
        long deadline = deadlineAfter(timeout);
        if (state.isSorry()) {
            return new Binding(sorryProofState(state, parentBinding(state, state.proofStateParent(), server,
                    timeLeft(deadline, state.sessionId()))), List.of());
        }
        Integer env = state.envParent() == null ? null
                : parentBinding(state, state.envParent(), server, timeLeft(deadline, state.sessionId())).replId();
        Integer ps = null;
        if (state.proofStateParent() != null) {
            Binding parent = parentBinding(state, state.proofStateParent(), server,
                    timeLeft(deadline, state.sessionId()));
            ps = state.sorryIndex() < 0 ? parent.replId() : sorryProofState(state, parent);
        }
        Integer envId = env;
        Integer psId = ps;
        LeanRequest replay = state.request().withReferencedIds(e -> envId, p -> psId);
        LeanResponse answer;
        try {
            answer = ServerAccess.of(server).runInProcess(replay, timeLeft(deadline, state.sessionId()));
        } catch (LeanTimeoutException e) {
            throw new SessionCacheException("Replaying state " + state.sessionId() + " timed out", e);
        } catch (LeanServerException e) {
            throw new SessionCacheException("Replaying state " + state.sessionId() + " failed: " + e.getMessage(), e);
        }
        if (answer instanceof LeanError e) {
            throw new PermanentFailure("Replaying state " + state.sessionId() + " gave an error: " + e.message(), null);
        }
        boolean fits = state.isProofState() ? answer instanceof ProofStepResponse : answer instanceof CommandResponse;
        if (!fits) {
            throw new PermanentFailure("Replaying state " + state.sessionId() + " gave an unexpected answer: " + answer,
                    null);
        }
        return bindingOf(answer);
    }

    @Override
    protected void discard(ReplaySessionState state) {
        // Nothing outside memory to release.
    }

    @Override
    protected boolean isLazy() {
        return lazy;
    }

    private Binding parentBinding(ReplaySessionState state, int parent, LeanServer server, Duration timeout) {
        try {
            return resolve(parent, server, timeout);
        } catch (NoSuchElementException e) {
            throw new PermanentFailure("State " + state.sessionId() + " cannot be replayed: the state " + parent
                    + " it was made from was removed from the cache", e);
        } catch (SessionCacheException e) {
            throw new SessionCacheException("State " + state.sessionId() + " cannot be replayed: its parent " + parent
                    + " could not be restored: " + e.getMessage(), e);
        }
    }

    private static int sorryProofState(ReplaySessionState state, Binding parent) {
        int k = state.sorryIndex();
        if (k >= parent.sorryProofStates().size() || parent.sorryProofStates().get(k) < 0) {
            throw new PermanentFailure("State " + state.sessionId() + " cannot be replayed: the replayed parent "
                    + state.proofStateParent() + " no longer opens proof state #" + k + " (its sorries, then its tactics)",
                    null);
        }
        return parent.sorryProofStates().get(k);
    }

    private int requireCached(int id, boolean proofState, LeanRequest request) {
        SessionState state;
        try {
            state = get(id);
        } catch (NoSuchElementException e) {
            throw new UnknownSessionIdException(id, "Cannot cache the answer to " + request + ": it names session id "
                    + id + ", which this cache does not hold", e);
        }
        if (state.isProofState() != proofState) {
            // Replaying it would put an environment's id where a proof state's goes, or the reverse.
            throw new IllegalArgumentException("Cannot cache the answer to " + request + ": session id " + id
                    + " names a cached " + (state.isProofState() ? "proof state" : "environment") + ", not "
                    + (proofState ? "a proof state" : "an environment"));
        }
        return id;
    }

    private static SessionCacheException unfaithful(LeanRequest request, String what) {
        return new SessionCacheException("Cannot cache the answer to " + request + ": it names the REPL's "
                + what + ", which no cached state produced, so it could not be replayed faithfully after a restart."
                + " Cache the state it came from (run it with addToSessionCache) and use its session id, or run this"
                + " request without caching it");
    }
}
