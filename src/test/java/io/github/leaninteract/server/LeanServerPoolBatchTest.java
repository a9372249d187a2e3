package io.github.leaninteract.server;

import static io.github.leaninteract.support.Answers.info;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.leaninteract.protocol.Command;
import io.github.leaninteract.protocol.ProofStep;
import io.github.leaninteract.protocol.CommandResponse;
import io.github.leaninteract.protocol.LeanError;
import io.github.leaninteract.protocol.LeanRequest;
import io.github.leaninteract.support.NoLeakedProcesses;
import io.github.leaninteract.support.Simulated;

import io.github.leaninteract.testing.ReplSimulator;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Batches over a pool of simulated REPLs: failures in place, progress, no thread per request. */
@ExtendWith(NoLeakedProcesses.class)
@Timeout(300)
class LeanServerPoolBatchTest {

    private static List<LeanRequest> evals(int n) {
        List<LeanRequest> requests = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            requests.add(Command.of("#eval " + i));
        }
        return requests;
    }

    private static LeanServerPool pool(int size) {
        return LeanServerPool.builder(Simulated.config()).size(size)
                .serverOptions(b -> b.restartBackoff(Duration.ZERO)).build();
    }

    @Test
    void aCrashInTheMiddleFailsOnlyThatRequest() {
        List<LeanRequest> requests = evals(10);
        requests.set(5, Command.of("#sim crash 3"));
        try (LeanServerPool pool = pool(2)) {
            List<BatchResult> results = pool.runBatch(requests, Duration.ofSeconds(60));

            assertEquals(10, results.size());
            LeanProcessException crash = assertInstanceOf(LeanProcessException.class, results.get(5).failure());
            assertEquals(3, crash.exitCode());
            for (int i = 0; i < 10; i++) {
                if (i != 5) {
                    assertEquals(String.valueOf(i), info(results.get(i).response()), "request " + i);
                }
            }
        }
    }

    @Test
    void aTimeoutInTheMiddleFailsOnlyThatRequest() {
        List<LeanRequest> requests = evals(6);
        requests.set(2, Command.of("#sim hang"));
        try (LeanServerPool pool = pool(2)) {
            // Long enough for every other request on a loaded machine; the hang costs this much once.
            List<BatchResult> results = pool.runBatch(requests, Duration.ofSeconds(8));

            assertInstanceOf(LeanTimeoutException.class, results.get(2).failure());
            assertThrows(LeanTimeoutException.class, results.get(2)::responseOrThrow);
            for (int i : new int[] {0, 1, 3, 4, 5}) {
                assertEquals(String.valueOf(i), info(results.get(i).responseOrThrow()), "request " + i);
            }
        }
    }

    @Test
    void aLeanErrorIsAnAnswerNotAFailure() {
        try (LeanServerPool pool = pool(1)) {
            CommandResponse theorem = (CommandResponse) pool.run(Command.of("theorem t : 1 = 1 := by sorry"));
            int goal = theorem.sorries().get(0).proofState();
            List<BatchResult> results = pool.runBatch(List.of(new ProofStep(goal, "no_such_tactic")), null);

            assertTrue(results.get(0).succeeded());
            assertInstanceOf(LeanError.class, results.get(0).response());
        }
    }

    @Test
    void progressIsToldOncePerRequestCountingUpToTheTotal() {
        List<String> calls = new ArrayList<>();
        List<LeanRequest> requests = evals(12);
        requests.set(7, Command.of("#sim crash 1"));
        try (LeanServerPool pool = pool(3)) {
            pool.runBatch(requests, Duration.ofSeconds(60), (done, total) -> {
                synchronized (calls) {
                    calls.add(done + "/" + total);
                }
            });
        }
        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            expected.add(i + "/12");
        }
        assertEquals(expected, calls);
    }

    @Test
    void theAsyncVariantCompletesWithTheSameResults() {
        try (LeanServerPool pool = pool(2)) {
            List<BatchResult> results = pool.runBatchAsync(evals(5), Duration.ofSeconds(60), null).join();

            for (int i = 0; i < 5; i++) {
                assertEquals(String.valueOf(i), info(results.get(i).response()));
            }
        }
    }

    @Test
    void aLongBatchStartsNoThreadPerRequest() {
        int n = 3000;
        AtomicInteger peakThreads = new AtomicInteger();
        try (LeanServerPool pool = pool(2)) {
            int before = Thread.activeCount();
            List<BatchResult> results = pool.runBatch(evals(n), Duration.ofSeconds(120),
                    (done, total) -> peakThreads.accumulateAndGet(Thread.activeCount(), Math::max));

            assertTrue(results.stream().allMatch(BatchResult::succeeded));
            // A few threads of the JVM or JUnit may come and go; a thread per request would be thousands.
            assertTrue(peakThreads.get() - before < 10, "threads before " + before + ", peak " + peakThreads.get());
        }
    }

    @Test
    void anInterruptedCallerGetsAnExceptionAndNoFurtherRequestOfTheBatchStarts(@TempDir Path tmp) throws Exception {
        Path recording = tmp.resolve("requests.txt");
        CountDownLatch firstDone = new CountDownLatch(1);
        try (LeanServerPool pool = LeanServerPool.builder(Simulated.recording(recording)).size(1).build()) {
            Thread.currentThread().interrupt();
            LeanServerException e = assertThrows(LeanServerException.class,
                    () -> pool.runBatch(evals(5), Duration.ofSeconds(60), (done, total) -> firstDone.countDown()));
            assertTrue(Thread.interrupted(), "the interrupt flag stays set");
            assertTrue(e.getMessage().contains("Interrupted"), e.getMessage());

            // The request of the batch already in flight finishes; a later request gets the server.
            assertTrue(firstDone.await(60, TimeUnit.SECONDS));
            pool.run(Command.of("#eval 99"));

            List<String> sent = new ArrayList<>(ReplSimulator.readRecording(recording));
            Collections.sort(sent);
            assertEquals(List.of("{\"cmd\":\"#eval 0\"}", "{\"cmd\":\"#eval 99\"}"), sent);
        }
    }

    @Test
    void aClosedPoolRejectsABatch() {
        LeanServerPool pool = pool(1);
        pool.close();

        assertThrows(IllegalStateException.class, () -> pool.runBatch(evals(2), null));
    }
}
