package io.github.leaninteract.sessioncache;

import io.github.leaninteract.protocol.LeanRequest;
import io.github.leaninteract.protocol.LeanResponse;
import io.github.leaninteract.server.LeanServer;

import java.time.Duration;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Keeps environments and proof states under negative session ids that stay valid across REPL restarts.
 *
 * <p>A state is added from the request that made it and the REPL's answer; from then on
 * {@link #replId(int, LeanServer)} gives the id it has in a server's current process, restoring it there
 * first when that process does not have it yet (a fresh process after a crash, or another server sharing
 * the cache). {@link io.github.leaninteract.server.AutoLeanServer} does all of this for its users; the
 * cache is public so that it can be shared between servers and inspected.
 *
 * <p>Implementations are thread-safe: any number of threads and servers may add, remove, reload and
 * resolve at once. Session ids count down from -1 and are never reused by one cache. An implementation
 * reaches a server's REPL process (its raw ids, its process generation, exclusive access to it) through
 * {@link io.github.leaninteract.server.ServerAccess}, as {@link AbstractSessionCache} does.
 */
public interface SessionCache extends Iterable<SessionState> {

    /**
     * Stores the state that {@code response} (the answer of {@code server} to {@code request}) made.
     *
     * @return its new session id: -1, -2, … never reused by this cache
     * @throws IllegalArgumentException when the response is a {@code LeanError}, or does not fit the request, or
     *     a session id of the request names a cached state of the wrong kind
     * @throws UnknownSessionIdException when a session id of the request names no cached state
     * @throws SessionCacheException when the state cannot be stored (for example the REPL fails to pickle it)
     */
    int add(LeanServer server, LeanRequest request, LeanResponse response);

    /**
     * {@link #add(LeanServer, LeanRequest, LeanResponse)}, where what the REPL must do to store the state (a
     * pickle, for example) takes at most {@code timeout} ({@code null}: no limit). The default ignores the
     * timeout.
     */
    default int add(LeanServer server, LeanRequest request, LeanResponse response, Duration timeout) {
        return add(server, request, response);
    }

    /**
     * Refuses a request whose answer this cache could not store and restore faithfully, before the request is
     * sent ({@link io.github.leaninteract.server.AutoLeanServer} calls it for {@code addToSessionCache}), so
     * that a request is never run and then refused. Negative ids of {@code request} are session ids; its
     * non-negative ones are REPL ids of {@code server}'s current process. The default accepts every request.
     *
     * @throws UnknownSessionIdException when a session id names no cached state
     * @throws IllegalArgumentException when a session id names a state of the other kind (an environment in a
     *     {@code proofState} field, or the reverse)
     * @throws SessionCacheException when the answer could not be restored faithfully, saying what to do
     * @throws IllegalStateException when the cache is closed
     */
    default void requireCacheable(LeanServer server, LeanRequest request) {
    }

    /**
     * Makes the proof states that cached state {@code id}'s answer opened (those of its sorries, then those of
     * its {@code allTactics} entries) restorable like the state itself, where this cache can do it faithfully
     * (a {@link ReplaySessionCache} can: replaying the request opens them again, in the same order). Call it
     * with the REPL ids of {@code server}'s current process, right after {@link #add}. The default caches
     * none.
     *
     * @return one entry per sorry of the answer, then one per tactic: its new session id, or {@code null}
     *     where none was made
     */
    default List<Integer> addSorries(LeanServer server, int id) {
        return List.of();
    }

    /** Whether this cache was closed: it then holds no state and takes none. The default says no. */
    default boolean isClosed() {
        return false;
    }

    /** Forgets a state and releases what it holds (its pickle file, for example). Unknown ids are ignored. */
    void remove(int id);

    /**
     * Makes the states valid in {@code server}'s current process: after a restart every state must be
     * restored there. Eager caches restore every state now, lazy ones on first use.
     *
     * @param timeoutPerState how long restoring one state may take, or {@code null} for no limit
     * @throws SessionCacheException naming the states that could not be restored (the others are)
     */
    void reload(LeanServer server, Duration timeoutPerState);

    /**
     * {@link #reload(LeanServer, Duration)} within {@code budget} in all ({@code null}: no limit): an eager
     * cache restores states until the budget is spent and leaves the others to be restored on first use. The
     * budget running out is not a failure; a restore under way when it runs out is cut off (a REPL cut off
     * while it works is killed, and the caller restarts it). The default ignores the budget.
     *
     * @throws SessionCacheException naming the states that could not be restored for a reason other than time
     */
    default void reload(LeanServer server, Duration timeoutPerState, Duration budget) {
        reload(server, timeoutPerState);
    }

    /** Whether the cache holds no state. */
    boolean isEmpty();

    /** Removes every state. */
    void clear();

    /** The session ids of all states, in the order they were added. */
    List<Integer> keys();

    /** Whether the cache holds a state with this session id. */
    boolean contains(int id);

    /**
     * The state with this session id.
     *
     * @throws NoSuchElementException when there is none
     */
    SessionState get(int id);

    /**
     * The id that state {@code id} has in {@code server}'s current REPL process, restoring it there first
     * if needed. A state is restored at most once into one process.
     *
     * @throws NoSuchElementException when the cache has no such state
     * @throws SessionCacheException when the state cannot be restored
     */
    int replId(int id, LeanServer server);

    /**
     * Whether state {@code id} is already restored in {@code server}'s current process, so that using it there
     * costs nothing. Used to route requests to the server that has their state. The default says no.
     */
    default boolean isRestoredIn(int id, LeanServer server) {
        return false;
    }

    /**
     * {@link #replId(int, LeanServer)}, where restoring one state may take at most {@code timeoutPerState}
     * ({@code null}: no limit). The default ignores the timeout.
     *
     * @throws SessionCacheException when the state cannot be restored, or restoring it timed out
     */
    default int replId(int id, LeanServer server, Duration timeoutPerState) {
        return replId(id, server);
    }
}
