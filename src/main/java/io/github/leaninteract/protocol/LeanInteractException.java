package io.github.leaninteract.protocol;

/**
 * The root of every exception this library throws for a failure of its own, so that one {@code catch} handles
 * "anything lean-interact threw":
 *
 * <pre>{@code
 * try {
 *     CommandResponse r = server.command(Command.of(text), Duration.ofSeconds(60));
 *     ...
 * } catch (LeanInteractException e) {
 *     // a timeout, a crash, output that is not an answer, a failed setup, a session cache failure,
 *     // unreadable JSON, an unknown session id, or an error answer asked for as a typed one
 * }
 * }</pre>
 *
 * <p>Its subclasses are {@link LeanJsonException}, {@link LeanErrorException},
 * {@code server.LeanServerException} (with {@code LeanTimeoutException}, {@code LeanProcessException},
 * {@code LeanProtocolException}, {@code LeanMemoryException}), {@code sessioncache.SessionCacheException}
 * (with {@code UnknownSessionIdException}) and {@code config.LeanSetupException}. Bad arguments (an empty
 * command, an id of the wrong kind, an id no server handed out) stay {@link IllegalArgumentException}, and
 * using something already closed stays {@link IllegalStateException}: those are mistakes of the calling code,
 * not failures to handle.
 *
 * <p>It lives in {@code protocol}, the lowest layer of the library: every other package depends on
 * {@code protocol} and {@code protocol} on none of them, so this is the one place where all of them can
 * extend it.
 *
 * <p>Unchecked. Like every exception, safe to hand to another thread once thrown.
 */
public abstract class LeanInteractException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** An exception with this message. */
    protected LeanInteractException(String message) {
        super(message);
    }

    /** An exception with this message and cause (which may be {@code null}). */
    protected LeanInteractException(String message, Throwable cause) {
        super(message, cause);
    }
}
