package io.github.leaninteract.server;

import io.github.leaninteract.protocol.LeanRequest;
import io.github.leaninteract.protocol.LeanResponse;

import java.util.Objects;

/**
 * The outcome of one request of a batch ({@link LeanServerPool#runBatch}): the REPL's answer, or the
 * exception that request failed with (a timeout, a crash, a closed pool), in place, so that one
 * failure never loses the other answers. A {@link io.github.leaninteract.protocol.LeanError} is an
 * answer, not a failure.
 *
 * <pre>{@code
 * for (BatchResult r : pool.runBatch(requests, Duration.ofSeconds(60))) {
 *     if (r.succeeded()) {
 *         use(r.response());
 *     } else {
 *         log(r.request(), r.failure());
 *     }
 * }
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param request the request as it was given
 * @param response the answer, or {@code null} when the request failed
 * @param failure the exception, or {@code null} when the request was answered
 */
public record BatchResult(LeanRequest request, LeanResponse response, RuntimeException failure) {

    public BatchResult {
        Objects.requireNonNull(request, "request");
        if ((response == null) == (failure == null)) {
            throw new IllegalArgumentException("A batch result holds either a response or a failure, not "
                    + (response == null ? "neither" : "both"));
        }
    }

    /** The result of a request that was answered. */
    public static BatchResult answered(LeanRequest request, LeanResponse response) {
        return new BatchResult(request, Objects.requireNonNull(response, "response"), null);
    }

    /** The result of a request that failed. */
    public static BatchResult failed(LeanRequest request, RuntimeException failure) {
        return new BatchResult(request, null, Objects.requireNonNull(failure, "failure"));
    }

    /** Whether the request was answered (possibly with a {@code LeanError}). */
    public boolean succeeded() {
        return response != null;
    }

    /** The answer, or the failure thrown. */
    public LeanResponse responseOrThrow() {
        if (failure != null) {
            throw failure;
        }
        return response;
    }
}
