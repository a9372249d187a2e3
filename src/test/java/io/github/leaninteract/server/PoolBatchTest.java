package io.github.leaninteract.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.leaninteract.protocol.Command;
import io.github.leaninteract.protocol.CommandResponse;
import io.github.leaninteract.protocol.LeanRequest;
import io.github.leaninteract.protocol.LeanResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The bookkeeping of a batch, with futures the test completes by hand. */
class PoolBatchTest {

    final List<CompletableFuture<LeanResponse>> submitted = new ArrayList<>();

    private CompletableFuture<LeanResponse> submit(LeanRequest request) {
        CompletableFuture<LeanResponse> f = new CompletableFuture<>();
        submitted.add(f);
        return f;
    }

    private static List<LeanRequest> requests(int n) {
        return IntStream.range(0, n).mapToObj(i -> (LeanRequest) Command.of("#eval " + i)).toList();
    }

    private static LeanResponse answer(int env) {
        return CommandResponse.of(env);
    }

    @Test
    void noMoreThanTheWindowIsInFlightAndEachFinishedRequestLetsOneMoreIn() {
        CompletableFuture<List<BatchResult>> batch = PoolBatch.start(requests(10), 3, this::submit, (d, t) -> { });
        assertEquals(3, submitted.size());

        submitted.get(1).complete(answer(1));

        assertEquals(4, submitted.size());
        assertFalse(batch.isDone());
    }

    @Test
    void resultsStayInTheOrderOfTheRequestsWhateverOrderTheyFinishIn() {
        List<LeanRequest> requests = requests(4);
        CompletableFuture<List<BatchResult>> batch = PoolBatch.start(requests, 4, this::submit, (d, t) -> { });
        RuntimeException crash = new LeanProcessException("died", 1, "");

        submitted.get(3).complete(answer(3));
        submitted.get(0).completeExceptionally(crash);
        submitted.get(2).complete(answer(2));
        submitted.get(1).complete(answer(1));

        List<BatchResult> results = batch.join();
        assertSame(crash, results.get(0).failure());
        for (int i = 1; i < 4; i++) {
            assertEquals(i, ((CommandResponse) results.get(i).response()).env());
            assertSame(requests.get(i), results.get(i).request());
        }
    }

    @Test
    void progressCountsUpByOneToTheTotal() {
        List<String> calls = new ArrayList<>();
        PoolBatch.start(requests(3), 3, this::submit, (d, t) -> calls.add(d + "/" + t));

        submitted.get(2).complete(answer(2));
        submitted.get(0).complete(answer(0));
        submitted.get(1).complete(answer(1));

        assertEquals(List.of("1/3", "2/3", "3/3"), calls);
    }

    @Test
    void aFailingProgressListenerDoesNotStopTheBatch() {
        CompletableFuture<List<BatchResult>> batch = PoolBatch.start(requests(2), 1, this::submit, (d, t) -> {
            throw new IllegalStateException("broken bar");
        });

        submitted.get(0).complete(answer(0));
        submitted.get(1).complete(answer(1));

        assertTrue(batch.join().stream().allMatch(BatchResult::succeeded));
    }

    @Test
    void requestsRejectedAtOnceAreFailuresInPlaceWithoutDeepRecursion() {
        IllegalStateException closed = new IllegalStateException("pool closed");

        List<BatchResult> results = PoolBatch.start(requests(100_000), 2, r -> {
            throw closed;
        }, (d, t) -> { }).join();

        assertEquals(100_000, results.size());
        assertTrue(results.stream().allMatch(r -> r.failure() == closed));
    }

    @Test
    void requestsAnsweredAtOnceAreRecorded() {
        List<BatchResult> results = PoolBatch.start(requests(1000), 2,
                r -> CompletableFuture.completedFuture(answer(7)), (d, t) -> { }).join();

        assertEquals(1000, results.size());
        assertTrue(results.stream().allMatch(BatchResult::succeeded));
    }

    @Test
    void cancellingTheBatchStartsNoFurtherRequest() {
        CompletableFuture<List<BatchResult>> batch = PoolBatch.start(requests(10), 2, this::submit, (d, t) -> { });

        batch.cancel(false);
        submitted.get(0).complete(answer(0));

        assertEquals(2, submitted.size());
    }

    @Test
    void anEmptyBatchIsDoneAtOnce() {
        assertEquals(List.of(), PoolBatch.start(List.of(), 2, this::submit, (d, t) -> { }).join());
    }
}
