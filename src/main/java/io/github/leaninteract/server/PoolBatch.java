package io.github.leaninteract.server;

import io.github.leaninteract.protocol.LeanRequest;
import io.github.leaninteract.protocol.LeanResponse;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One batch of a {@link LeanServerPool}: at most {@code window} requests submitted at a time, the next
 * one as soon as one finishes, so that a batch of any length holds a bounded number of tasks and no
 * thread of its own. Each result is stored in place; the future completes once all have finished.
 *
 * <p>Thread-safe: requests finish on pool threads concurrently.
 */
final class PoolBatch {

    private static final Logger log = LoggerFactory.getLogger(PoolBatch.class);

    private final List<LeanRequest> requests;
    private final Function<LeanRequest, CompletableFuture<LeanResponse>> submit;
    private final BatchProgress progress;
    private final BatchResult[] results;
    private final AtomicInteger next = new AtomicInteger();
    private final CompletableFuture<List<BatchResult>> result = new CompletableFuture<>();
    private int done;

    private PoolBatch(List<LeanRequest> requests, Function<LeanRequest, CompletableFuture<LeanResponse>> submit,
            BatchProgress progress) {
        this.requests = requests;
        this.submit = submit;
        this.progress = progress;
        this.results = new BatchResult[requests.size()];
    }

    /** Starts the batch; the future completes with one result per request, in the order of the requests. */
    static CompletableFuture<List<BatchResult>> start(List<LeanRequest> requests, int window,
            Function<LeanRequest, CompletableFuture<LeanResponse>> submit, BatchProgress progress) {
        PoolBatch batch = new PoolBatch(requests, submit, progress);
        if (requests.isEmpty()) {
            batch.result.complete(List.of());
            return batch.result;
        }
        for (int i = 0; i < Math.min(window, requests.size()); i++) {
            batch.launchNext();
        }
        return batch.result;
    }

    /** Submits the next request; those that are rejected or done at once are recorded in a loop, not by recursion. */
    private void launchNext() {
        while (!result.isDone()) {
            int i = next.getAndIncrement();
            if (i >= requests.size()) {
                return;
            }
            LeanRequest request = requests.get(i);
            CompletableFuture<LeanResponse> f;
            try {
                f = submit.apply(request);
            } catch (RuntimeException e) {
                finish(i, BatchResult.failed(request, e));
                continue;
            }
            if (f.isDone()) {
                finish(i, outcome(request, f));
                continue;
            }
            f.whenComplete((response, failure) -> {
                finish(i, response != null ? BatchResult.answered(request, response)
                        : BatchResult.failed(request, unwrap(failure)));
                launchNext();
            });
            return;
        }
    }

    private static BatchResult outcome(LeanRequest request, CompletableFuture<LeanResponse> f) {
        try {
            return BatchResult.answered(request, f.join());
        } catch (CompletionException | java.util.concurrent.CancellationException e) {
            return BatchResult.failed(request, unwrap(e));
        }
    }

    private static RuntimeException unwrap(Throwable t) {
        Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        return cause instanceof RuntimeException r ? r
                : new LeanServerException("A request of the batch failed: " + cause, cause);
    }

    private void finish(int index, BatchResult r) {
        List<BatchResult> all = null;
        synchronized (this) {
            results[index] = r;
            done++;
            try {
                progress.onProgress(done, results.length);
            } catch (RuntimeException e) {
                log.warn("The batch progress listener failed at {}/{}; the batch goes on", done, results.length, e);
            }
            if (done == results.length) {
                all = List.copyOf(Arrays.asList(results));
            }
        }
        if (all != null) {
            result.complete(all);
        }
    }
}
