package io.github.leaninteract.server;

import java.time.Duration;

/**
 * A request did not get its answer in time. When the REPL was working on it, the REPL process (and all its
 * descendants) was killed, so every id of that process is gone; an {@link AutoLeanServer} restarts it on
 * the next request and restores its session cache. When the request's timeout passed before it was sent
 * (restarting the REPL or restoring the states it names took it all), nothing more was sent for it; a
 * {@code check} that only waited for another request to build its import header kills nothing either (its
 * message says so).
 */
public class LeanTimeoutException extends LeanServerException {

    private final Duration timeout;

    /** An exception with this message. */
    public LeanTimeoutException(String message, Duration timeout) {
        super(message);
        this.timeout = timeout;
    }

    /** The timeout that was exceeded. */
    public Duration timeout() {
        return timeout;
    }
}
