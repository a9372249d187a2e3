package io.github.leaninteract.sessioncache;

import io.github.leaninteract.protocol.LeanInteractException;

/**
 * A session state could not be stored or restored: the REPL answered an error, died while pickling or
 * unpickling, a pickle file is missing, or its lock could not be obtained in time. The cache stays
 * consistent and usable after it. A request naming a session id the cache does not hold gets the subclass
 * {@link UnknownSessionIdException}. Like every failure of this library, a
 * {@link io.github.leaninteract.protocol.LeanInteractException}.
 */
public class SessionCacheException extends LeanInteractException {

    /** An exception with this message. */
    public SessionCacheException(String message) {
        super(message);
    }

    /** An exception with this message, cause. */
    public SessionCacheException(String message, Throwable cause) {
        super(message, cause);
    }
}
