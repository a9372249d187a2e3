package io.github.leaninteract.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.leaninteract.config.LeanReplConfig;
import io.github.leaninteract.protocol.Command;
import io.github.leaninteract.protocol.ProofStep;
import io.github.leaninteract.server.AutoLeanServer;
import io.github.leaninteract.server.LeanProcessException;
import io.github.leaninteract.server.LeanServer;
import io.github.leaninteract.support.Closer;
import io.github.leaninteract.support.NoLeakedProcesses;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Reading what a scripted simulator received, and the lifecycle of {@link ScriptedSimulator} and {@link RecordedRequests}. */
@ExtendWith(NoLeakedProcesses.class)
@Timeout(120)
class RecordedRequestsTest {

    private static final Duration PATIENT = Duration.ofMinutes(2);
    /** Long enough never to end before the event a test waits for. */
    private static final Duration LONG = Duration.ofMinutes(2);

    @TempDir
    Path tmp;

    @RegisterExtension
    final Closer closer = new Closer();

    private ScriptedSimulator script(SimulatorFault... faults) {
        return closer.add(ReplSimulator.builder().faults(faults).directory(tmp).build());
    }

    private static LeanReplConfig config(ScriptedSimulator sim) {
        return LeanReplConfig.builder().replCommand(sim.command())
                .enableIncrementalOptimization(false).enableParallelElaboration(false).build();
    }

    private LeanServer server(ScriptedSimulator sim) {
        return closer.add(new LeanServer(config(sim)));
    }

    @Test
    void takeReturnsTheRequestsInTheOrderTheyArrived() throws Exception {
        ScriptedSimulator sim = script();
        LeanServer server = server(sim);
        server.run(Command.of("theorem t (x : Nat) : x = x := by sorry"), PATIENT);
        server.run(new ProofStep(0, "rfl"), PATIENT);
        server.run(Command.of("#eval 1").withEnv(0), PATIENT);

        RecordedRequest first = sim.takeRequest(LONG);
        assertEquals(1, first.sequence());
        assertEquals(Command.of("theorem t (x : Nat) : x = x := by sorry"), first.request());
        assertEquals(new ProofStep(0, "rfl"), sim.takeRequest(LONG).request());
        RecordedRequest third = sim.takeRequest(LONG);
        assertEquals(Command.of("#eval 1").withEnv(0), third.request());
        assertEquals("#eval 1", third.leanText());
        assertEquals(3, third.sequence());
    }

    @Test
    void takeTimesOutWithNullWhenNothingArrives() throws Exception {
        ScriptedSimulator sim = script();
        long start = System.nanoTime();
        assertNull(sim.takeRequest(Duration.ofMillis(300)));
        assertTrue(System.nanoTime() - start >= 300_000_000L, "gave up before the timeout");
        assertNull(sim.takeRequest(Duration.ZERO));
    }

    @Test
    void takeReturnsNullOnceEveryRequestWasTaken() throws Exception {
        ScriptedSimulator sim = script();
        server(sim).run(Command.of("def x := 1"), PATIENT);
        assertNotNull(sim.takeRequest(LONG));
        assertNull(sim.takeRequest(Duration.ofMillis(100)));
    }

    @Test
    void aBlockedTakeWakesWhenTheRequestArrives() throws Exception {
        ScriptedSimulator sim = script();
        LeanServer server = server(sim);
        AtomicReference<Thread> taker = new AtomicReference<>();
        CompletableFuture<RecordedRequest> taken = CompletableFuture.supplyAsync(() -> {
            taker.set(Thread.currentThread());
            try {
                return sim.takeRequest(LONG);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        awaitWaiting(taker);
        server.run(Command.of("def late := 1"), PATIENT);
        assertEquals("def late := 1", taken.get(LONG.toMillis(), TimeUnit.MILLISECONDS).leanText());
    }

    @Test
    void concurrentTakersEachGetADifferentRequest() throws Exception {
        ScriptedSimulator sim = script();
        LeanServer server = server(sim);
        CompletableFuture<RecordedRequest> a = CompletableFuture.supplyAsync(() -> take(sim));
        CompletableFuture<RecordedRequest> b = CompletableFuture.supplyAsync(() -> take(sim));
        server.run(Command.of("def a := 1"), PATIENT);
        server.run(Command.of("def b := 1"), PATIENT);
        List<Integer> sequences = List.of(a.get().sequence(), b.get().sequence());
        assertTrue(sequences.containsAll(List.of(1, 2)), sequences.toString());
    }

    private static RecordedRequest take(ScriptedSimulator sim) {
        try {
            return sim.takeRequest(LONG);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aRequestThatDoesNotDecodeIsKeptWithItsFailure() throws Exception {
        ScriptedSimulator sim = script();
        LeanServer server = server(sim);
        assertThrows(LeanProcessException.class,
                () -> server.runRaw(new ObjectMapper().readTree("{\"foo\": 1}"), PATIENT));
        RecordedRequest recorded = sim.takeRequest(LONG);
        assertFalse(recorded.isDecoded());
        assertNull(recorded.request());
        assertEquals("{\"foo\":1}", recorded.text());
        assertEquals(recorded.text(), recorded.leanText());
        assertNotNull(recorded.failure());
    }

    @Test
    void allAndCountSeeTakenAndUntakenRequests() throws Exception {
        ScriptedSimulator sim = script();
        LeanServer server = server(sim);
        server.run(Command.of("def a := 1"), PATIENT);
        server.run(Command.of("def b := 1"), PATIENT);
        sim.takeRequest(LONG);
        assertEquals(2, sim.requestCount());
        assertEquals(List.of("def a := 1", "def b := 1"),
                sim.requests().all().stream().map(RecordedRequest::leanText).toList());
    }

    @Test
    void requestsOfEveryProcessOfTheScriptAreRecorded() throws Exception {
        ScriptedSimulator sim = script(SimulatorFault.crashOnRequest(2, 1));
        AutoLeanServer server = closer.add(AutoLeanServer.builder(config(sim)).restartBackoff(Duration.ZERO).build());
        server.run(Command.of("def a := 1"), PATIENT);
        assertThrows(LeanProcessException.class, () -> server.run(Command.of("def b := 1"), PATIENT));
        server.run(Command.of("def c := 1"), PATIENT);
        // The restarted process first answers the server's probe (AutoLeanServer.PROBE, a "skip" step).
        assertEquals(List.of("def a := 1", "def b := 1", "skip", "def c := 1"),
                sim.requests().all().stream().map(RecordedRequest::leanText).toList());
    }

    @Test
    void aRequestIsHandedOutOnlyOnceItsLineIsComplete() throws Exception {
        Path file = tmp.resolve("requests.jsonl");
        try (RecordedRequests requests = RecordedRequests.open(file)) {
            Files.writeString(file, "{\"cmd\": \"def x", StandardCharsets.UTF_8);
            assertNull(requests.take(Duration.ofMillis(100)));
            assertEquals(0, requests.count());
            Files.writeString(file, " := 1\"}\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            assertEquals(Command.of("def x := 1"), requests.take(LONG).request());
        }
    }

    @Test
    void openingInAFolderThatDoesNotExistIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RecordedRequests.open(tmp.resolve("missing/requests.jsonl")));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }

    // Lifecycle

    @Test
    void closeTwiceIsHarmless() {
        ScriptedSimulator sim = script();
        sim.close();
        sim.close();
        assertTrue(sim.isClosed());
    }

    @Test
    void closeDeletesTheScriptsFolder() throws Exception {
        ScriptedSimulator sim = script(SimulatorFault.crashOnRequest(5, 1));
        try (LeanServer server = new LeanServer(config(sim))) {
            server.run(Command.of("#eval 1"), PATIENT);
        }
        Path folder = sim.recordFile().getParent();
        assertTrue(Files.exists(sim.recordFile()));
        assertTrue(Files.exists(folder.resolve("fault-counts.bin")));
        sim.close();
        assertFalse(Files.exists(folder), folder + " is left");
    }

    @Test
    void aRecordFileGivenToTheBuilderIsKept() throws Exception {
        Path file = tmp.resolve("mine.jsonl");
        ScriptedSimulator sim = closer.add(ReplSimulator.builder().record(file).build());
        try (LeanServer server = new LeanServer(config(sim))) {
            server.run(Command.of("def x := 1"), PATIENT);
        }
        assertEquals("def x := 1", sim.takeRequest(LONG).leanText());
        sim.close();
        assertEquals(1, ReplSimulator.readRecording(file).size());
    }

    @Test
    void commandAndTakeAfterCloseAreRefused() {
        ScriptedSimulator sim = script();
        sim.close();
        assertTrue(assertThrows(IllegalStateException.class, sim::command).getMessage().contains("closed"));
        assertThrows(IllegalStateException.class, () -> sim.takeRequest(Duration.ZERO));
        assertThrows(IllegalStateException.class, sim::requestCount);
        assertThrows(IllegalStateException.class, () -> sim.requests().all());
    }

    @Test
    void closeWakesABlockedTake() throws Exception {
        ScriptedSimulator sim = script();
        AtomicReference<Thread> taker = new AtomicReference<>();
        CompletableFuture<RecordedRequest> taken = CompletableFuture.supplyAsync(() -> {
            taker.set(Thread.currentThread());
            return take(sim);
        });
        awaitWaiting(taker);
        sim.close();
        ExecutionException e = assertThrows(ExecutionException.class, () -> taken.get(LONG.toMillis(), TimeUnit.MILLISECONDS));
        assertInstanceOf(IllegalStateException.class, e.getCause());
    }

    @Test
    void toStringShowsTheState() throws Exception {
        ScriptedSimulator sim = script(SimulatorFault.crashOnRequest(3, 7));
        server(sim).run(Command.of("def x := 1"), PATIENT);
        String open = sim.toString();
        assertTrue(open.contains("open") && open.contains("crash=7@request=3") && open.contains("1 request(s) received"), open);
        sim.close();
        assertTrue(sim.toString().contains("closed"), sim.toString());
    }

    @Test
    void theBuilderRefusesWhatItSetsItselfAndUnknownOptions() {
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> ReplSimulator.builder().options("--record", "x").build()).getMessage().contains("record(Path)"));
        assertThrows(IllegalArgumentException.class, () -> ReplSimulator.builder().options("--fault", "hang@any").build());
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> ReplSimulator.builder().options("--frobnicate").build()).getMessage().contains("--frobnicate"));
        assertThrows(IllegalArgumentException.class,
                () -> ReplSimulator.builder().record(tmp.resolve("no/such/folder/r.jsonl")).build());
    }

    @Test
    void otherOptionsReachTheProcess() throws Exception {
        ScriptedSimulator sim = closer.add(ReplSimulator.builder().options("--fail-on-start").build());
        try (SimulatorProcess repl = SimulatorProcess.start(sim.command())) {
            assertEquals(3, repl.exitCode());
        }
    }

    /** Waits until the thread the reference will name is blocked waiting (a bounded spin, not a sleep). */
    private static void awaitWaiting(AtomicReference<Thread> thread) {
        long deadline = System.nanoTime() + LONG.toNanos();
        while (System.nanoTime() < deadline) {
            Thread t = thread.get();
            if (t != null && (t.getState() == Thread.State.TIMED_WAITING || t.getState() == Thread.State.WAITING)) {
                return;
            }
            Thread.onSpinWait();
            Thread.yield();
        }
        fail("the taking thread never blocked");
    }
}
