package io.github.leaninteract.support;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Closes what a test registered, newest first, after each test:
 *
 * <pre>{@code
 * @RegisterExtension
 * final Closer closer = new Closer();
 *
 * PickleSessionCache cache = closer.add(new PickleSessionCache(tmp, Duration.ofSeconds(10)));
 * AutoLeanServer server = closer.add(Simulated.autoServer(Simulated.config(), cache));
 * }</pre>
 *
 * <p>Register a cache before the servers that use it, so that the servers are closed first. Every
 * {@code close()} is attempted even when an earlier one fails; the first failure is thrown with the others
 * suppressed in it.
 *
 * <p>Registered on an instance field, it runs before the extensions a class declares with
 * {@code @ExtendWith} (JUnit calls after-each callbacks in the reverse order of registration), so
 * {@link NoLeakedProcesses} checks only once everything here is closed. It runs after the class's own
 * {@code @AfterEach} methods.
 *
 * <p>Thread-safe: a test may register from several threads.
 */
public final class Closer implements AfterEachCallback {

    private final Deque<AutoCloseable> resources = new ArrayDeque<>();

    /** Registers {@code resource} to be closed after the test, before everything registered earlier. */
    public synchronized <T extends AutoCloseable> T add(T resource) {
        resources.push(Objects.requireNonNull(resource, "resource"));
        return resource;
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        Throwable failure = null;
        for (AutoCloseable next = next(); next != null; next = next()) {
            try {
                next.close();
            } catch (Throwable t) {
                if (failure == null) {
                    failure = t;
                } else {
                    failure.addSuppressed(t);
                }
            }
        }
        if (failure instanceof Exception e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
    }

    private synchronized AutoCloseable next() {
        return resources.poll();
    }
}
