package io.github.leaninteract.sessioncache;

/**
 * A session state could not be stored or restored: the REPL answered an error, died while pickling or
 * unpickling, a pickle file is missing, or its lock could not be obtained in time. The cache stays
 * consistent and usable after it.
 */
public class SessionCacheException extends RuntimeException {

    /** An exception with this message. */
    public SessionCacheException(String message) {
        super(message);
    }

    /** An exception with this message, cause. */
    public SessionCacheException(String message, Throwable cause) {
        super(message, cause);
    }
}
