package io.github.leaninteract.server;

import java.time.Duration;

/**
 * One deadline per request: a timeout turned into a point in {@link System#nanoTime()} time when the
 * request arrives, and the time left of it handed to everything done for the request. Static helpers only.
 */
final class Deadlines {

    /** The deadline of a request without a timeout. */
    static final long NONE = Long.MAX_VALUE;

    private Deadlines() {}

    /** The deadline {@code timeout} from now, or {@link #NONE} for a {@code null} timeout. */
    static long after(Duration timeout) {
        if (timeout == null) {
            return NONE;
        }
        long now = System.nanoTime();
        long nanos = timeout.toNanos();
        return nanos >= NONE - now ? NONE : now + nanos;
    }

    /** The time left until {@code deadline}: {@code null} for none, never zero or negative. */
    static Duration remaining(long deadline, Duration timeout, String what) {
        if (deadline == NONE) {
            return null;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new LeanTimeoutException("The request's timeout of " + timeout + " passed " + what
                    + "; nothing more was sent for it", timeout);
        }
        return Duration.ofNanos(left);
    }

    /** The time left until {@code deadline} in nanoseconds, possibly negative; {@link #NONE} for none. */
    static long nanosLeft(long deadline) {
        return deadline == NONE ? NONE : deadline - System.nanoTime();
    }
}
