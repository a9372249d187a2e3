package io.github.leaninteract.server;

import java.time.Duration;

/**
 * A request did not get its answer in time. When it was waiting for the REPL, the REPL process (and all
 * its descendants) was killed, so every id of that process is gone; an {@link AutoLeanServer} restarts it
 * on the next request and restores its session cache. (A {@code check} that only waited for another
 * request to build its import header kills nothing; its message says so.)
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
