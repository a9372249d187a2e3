package io.github.leaninteract.sessioncache;

/**
 * A request names a negative session id that the server's session cache does not hold: the state was removed
 * ({@code removeFromSessionCache}, {@code clearSessionCache}) or the id comes from another cache. Nothing was
 * sent to the REPL. Run the request that made the state again (with {@code addToSessionCache}) to get a new id.
 *
 * <pre>{@code
 * try {
 *     server.command(Command.of("#eval x").withEnv(sessionId), timeout);
 * } catch (UnknownSessionIdException e) {
 *     int again = server.command(Command.of("def x := 1"), timeout, true).env();
 * }
 * }</pre>
 *
 * <p>A {@link SessionCacheException}, not an {@link IllegalArgumentException}: an id that was valid can become
 * unknown by what other threads or servers sharing the cache do, so it is a failure to handle, not only a
 * mistake of the caller. (An id of the wrong kind, or a non-negative id no server handed out, is an
 * {@code IllegalArgumentException}; {@link SessionCache#get(int)} itself keeps throwing
 * {@link java.util.NoSuchElementException}.) Immutable.
 */
public class UnknownSessionIdException extends SessionCacheException {

    private static final long serialVersionUID = 1L;

    private final int sessionId;

    /** An exception for {@code sessionId}, with this message and cause (which may be {@code null}). */
    public UnknownSessionIdException(int sessionId, String message, Throwable cause) {
        super(message, cause);
        this.sessionId = sessionId;
    }

    /** The session id the cache does not hold. */
    public int sessionId() {
        return sessionId;
    }
}
