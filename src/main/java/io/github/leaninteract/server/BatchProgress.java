package io.github.leaninteract.server;

/**
 * Hears how far a batch of {@link LeanServerPool#runBatch} has come, for example to show a progress bar.
 *
 * <pre>{@code
 * pool.runBatch(requests, timeout, (done, total) -> System.err.printf("\r%d/%d", done, total));
 * }</pre>
 *
 * <p>Called once after each request of the batch has finished (answered or failed), from the pool's
 * threads (or from the caller's thread for a request rejected at once). Calls of one batch never
 * overlap, and {@code done} goes up by one with each: 1, 2, …, {@code total}. A listener must return
 * quickly, as the pool thread waits for it; an exception it throws is logged and otherwise ignored.
 */
@FunctionalInterface
public interface BatchProgress {

    /**
     * A request of the batch has finished.
     *
     * @param done how many requests of the batch have finished so far
     * @param total how many requests the batch has
     */
    void onProgress(int done, int total);
}
