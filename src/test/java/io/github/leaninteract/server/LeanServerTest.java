package io.github.leaninteract.server;

import static io.github.leaninteract.support.Answers.info;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.leaninteract.config.LeanReplConfig;
import io.github.leaninteract.protocol.Command;
import io.github.leaninteract.protocol.CommandResponse;
import io.github.leaninteract.protocol.LeanError;
import io.github.leaninteract.protocol.LeanJson;
import io.github.leaninteract.protocol.LeanResponse;
import io.github.leaninteract.protocol.ProofStep;
import io.github.leaninteract.protocol.ProofStepResponse;
import io.github.leaninteract.support.Closer;
import io.github.leaninteract.support.NoLeakedProcesses;
import io.github.leaninteract.support.Simulated;
import io.github.leaninteract.testing.ReplSimulator;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(NoLeakedProcesses.class)
@Timeout(60)
class LeanServerTest {

    @TempDir
    Path tmp;

    @RegisterExtension
    final Closer closer = new Closer();

    private LeanServer start(LeanReplConfig config) {
        return closer.add(new LeanServer(config));
    }

    @Test
    void answersDependOnTheEnvironmentTheyRunIn() {
        LeanServer server = start(Simulated.config());
        CommandResponse a = (CommandResponse) server.run(Command.of("def x := 1"));
        CommandResponse b = (CommandResponse) server.run(Command.of("def x := 2"));
        assertNotEquals(a.env(), b.env());
        assertEquals("1", info(server.run(Command.of("#eval x").withEnv(a.env()))));
        assertEquals("2", info(server.run(Command.of("#eval x").withEnv(b.env()))));
    }

    @Test
    void aSorryOpensAProofStateThatTacticsClose() {
        LeanServer server = start(Simulated.config());
        CommandResponse thm = (CommandResponse) server.run(Command.of("theorem t (x : Nat) : x = x := by sorry"));
        int ps = thm.sorries().get(0).proofState();
        ProofStepResponse step = (ProofStepResponse) server.run(new ProofStep(ps, "rfl"));
        assertEquals("Completed", step.proofStatus());
        assertTrue(step.goals().isEmpty());
    }

    @Test
    void anUnknownEnvironmentIsAnErrorValueNotAnException() {
        LeanServer server = start(Simulated.config());
        LeanResponse r = server.run(Command.of("def x := 1").withEnv(42));
        assertEquals("Unknown environment.", assertInstanceOf(LeanError.class, r).message());
        assertTrue(server.isAlive());
    }

    @Test
    void negativeIdsAreRejectedBeforeReachingTheRepl() {
        Path rec = tmp.resolve("rec.txt");
        LeanServer server = start(Simulated.recording(rec));
        assertThrows(IllegalArgumentException.class, () -> server.run(Command.of("def x := 1").withEnv(-1)));
        assertThrows(IllegalArgumentException.class, () -> server.run(new ProofStep(-3, "rfl")));
        server.run(Command.of("def ok := 1"));
        assertTrue(server.isAlive());
        List<String> received = ReplSimulator.readRecording(rec);
        assertEquals(1, received.size(), received.toString());
    }

    @Test
    void aTimeoutKillsTheProcessOnceTheDeadlinePasses() {
        LeanServer server = start(Simulated.config());
        server.run(Command.of("def warm := 1"));
        long t0 = System.nanoTime();
        LeanTimeoutException e = assertThrows(LeanTimeoutException.class,
                () -> server.run(Command.of("#sim hang"), Duration.ofMillis(500)));
        long elapsedMs = (System.nanoTime() - t0) / 1_000_000;
        // Only the lower bound is the behaviour; the upper one guards against a hang, not for speed.
        assertTrue(elapsedMs >= 500 && elapsedMs < 30_000, "took " + elapsedMs + " ms");
        assertEquals(Duration.ofMillis(500), e.timeout());
        assertFalse(server.isAlive());
    }

    @Test
    void aDeadProcessReportsItsExitCodeAndStderr() {
        LeanServer server = start(Simulated.config());
        LeanProcessException e = assertThrows(LeanProcessException.class, () -> server.run(Command.of("#sim crash 7")));
        assertEquals(7, e.exitCode());
        assertFalse(e.stderrTail().isBlank());
        assertFalse(server.isAlive());
        LeanProcessException again = assertThrows(LeanProcessException.class, () -> server.run(Command.of("def x := 1")));
        assertTrue(again.getMessage().contains("not running"), again.getMessage());
    }

    @Test
    void anEmptyAnswerMeansADeadProcess() {
        LeanServer server = start(Simulated.config());
        LeanProcessException e = assertThrows(LeanProcessException.class, () -> server.run(Command.of("#sim exit")));
        assertEquals(0, e.exitCode());
    }

    @Test
    void garbageOutputIsAProtocolErrorAndKillsTheProcess() {
        LeanServer server = start(Simulated.config());
        LeanProtocolException e = assertThrows(LeanProtocolException.class, () -> server.run(Command.of("#sim garbage")));
        assertFalse(e.output().isBlank());
        assertFalse(server.isAlive());
    }

    @Test
    void restartGivesAFreshWorkingProcess() {
        LeanServer server = start(Simulated.config());
        assertThrows(LeanProcessException.class, () -> server.run(Command.of("#sim crash")));
        assertFalse(server.isAlive());
        long generation = server.processGeneration();
        server.restart();
        assertTrue(server.isAlive());
        assertEquals(generation + 1, server.processGeneration());
        assertInstanceOf(CommandResponse.class, server.run(Command.of("def x := 1")));
    }

    @Test
    void startDoesNothingWhileTheProcessRuns() {
        LeanServer server = start(Simulated.config());
        long pid = server.pid();
        server.start();
        assertEquals(pid, server.pid());
        server.kill();
        server.start();
        assertNotEquals(pid, server.pid());
    }

    @Test
    void aOneMegabyteRequestAndAOneMegabyteAnswerGoThrough() {
        LeanServer server = start(Simulated.config());
        String big = "é".repeat(1 << 20);
        CommandResponse def = (CommandResponse) server.run(Command.of("def s := \"" + big + "\""));
        String echoed = info(server.run(Command.of("#eval s").withEnv(def.env())));
        assertTrue(echoed.contains(big.substring(0, 1000)));
        assertTrue(echoed.length() >= big.length(), "answer length " + echoed.length());

        String huge = info(server.run(Command.of("#sim huge 1048576")));
        assertEquals(1 << 20, huge.length());
    }

    @Test
    void aStderrFloodNeverBlocksAndKeepsOnlyATail() {
        LeanServer server = start(Simulated.config());
        assertInstanceOf(CommandResponse.class, server.run(Command.of("#sim stderr 20000000"), Duration.ofSeconds(30)));
        LeanProcessException e = assertThrows(LeanProcessException.class, () -> server.run(Command.of("#sim crash 3")));
        assertTrue(e.stderrTail().length() <= 64 * 1024, "tail of " + e.stderrTail().length() + " chars");
    }

    @Test
    void eightThreadsAreServedOneAtATimeWithTheirOwnAnswers() throws Exception {
        LeanServer server = start(Simulated.config());
        int threads = 8;
        int perThread = 15;
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            done.add(CompletableFuture.runAsync(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    throw new RuntimeException(e);
                }
                for (int i = 0; i < perThread; i++) {
                    int value = thread * 1000 + i;
                    CommandResponse def = (CommandResponse) server.run(Command.of("def v := " + value));
                    assertEquals(String.valueOf(value), info(server.run(Command.of("#eval v").withEnv(def.env()))));
                }
            }, runnable -> new Thread(runnable).start()));
        }
        go.countDown();
        CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(50, TimeUnit.SECONDS);
    }

    @Test
    void runAsyncReturnsBeforeTheAnswer() throws Exception {
        LeanServer server = start(Simulated.config());
        Path gate = tmp.resolve("gate");
        CompletableFuture<LeanResponse> slow = server.runAsync(Command.of("#sim wait-for " + gate), null);
        assertFalse(slow.isDone());
        CompletableFuture<LeanResponse> next = server.runAsync(Command.of("def x := 5"), null);
        assertFalse(next.isDone(), "queued behind the first");
        java.nio.file.Files.createFile(gate);
        assertInstanceOf(CommandResponse.class, slow.get(10, TimeUnit.SECONDS));
        assertInstanceOf(CommandResponse.class, next.get(10, TimeUnit.SECONDS));
    }

    @Test
    void runAsyncFailuresCompleteTheFutureExceptionally() {
        LeanServer server = start(Simulated.config());
        CompletableFuture<LeanResponse> f = server.runAsync(Command.of("#sim hang"), Duration.ofMillis(300));
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS));
        assertInstanceOf(LeanTimeoutException.class, e.getCause());
    }

    @Test
    void closeFailsQueuedAsyncRequests() throws Exception {
        Path rec = tmp.resolve("requests.txt");
        LeanServer server = start(Simulated.recording(rec));
        CompletableFuture<LeanResponse> running = server.runAsync(Command.of("#sim hang"), null);
        CompletableFuture<LeanResponse> queued = server.runAsync(Command.of("def x := 1"), null);
        Simulated.awaitReceived(rec, 1);
        server.close();
        assertThrows(ExecutionException.class, () -> queued.get(10, TimeUnit.SECONDS));
        assertThrows(ExecutionException.class, () -> running.get(10, TimeUnit.SECONDS));
    }

    @Test
    void killEndsTheWholeProcessTree() throws Exception {
        // A shell that forks the simulator (no exec), which then forks a sleep: three levels.
        List<String> sim = ReplSimulator.command();
        String quoted = String.join(" ", sim.stream().map(a -> "'" + a.replace("'", "'\\''") + "'").toList());
        LeanServer server = start(LeanReplConfig.builder()
                .replCommand(List.of("/bin/sh", "-c", quoted + "; echo done"))
                .enableIncrementalOptimization(false).enableParallelElaboration(false).build());
        long shellPid = server.pid();
        String spawned = info(server.run(Command.of("#sim spawn")));
        long sleepPid = Long.parseLong(spawned.replaceAll("\\D+", " ").trim().split(" ")[0]);
        List<ProcessHandle> tree = ProcessHandle.of(shellPid).orElseThrow().descendants().toList();
        assertTrue(tree.size() >= 2, "tree " + tree);
        assertTrue(tree.stream().anyMatch(p -> p.pid() == sleepPid), "sleep " + sleepPid + " not in " + tree);

        server.kill();

        for (ProcessHandle p : tree) {
            p.onExit().get(30, TimeUnit.SECONDS);
            assertFalse(p.isAlive(), "still alive: " + p.pid());
        }
        assertFalse(ProcessHandle.of(shellPid).map(ProcessHandle::isAlive).orElse(false));
    }

    @Test
    void aProgramThatCannotStartIsReported() {
        LeanProcessException e = assertThrows(LeanProcessException.class, () -> start(LeanReplConfig.builder()
                .replCommand(List.of(tmp.resolve("no-such-repl").toString())).build()));
        assertTrue(e.getMessage().contains("no-such-repl"), e.getMessage());
    }

    @Test
    void aProgramThatDiesAtOnceIsReportedWithWhatItPrinted() {
        // Nothing waits for an early death at start-up: the first request meets it.
        LeanServer server = start(LeanReplConfig.builder()
                .replCommand(List.of("/bin/sh", "-c", "echo 'cannot find lean' >&2; exit 3")).build());
        LeanProcessException e = assertThrows(LeanProcessException.class, () -> server.run(Command.of("def x := 1")));
        assertEquals(3, e.exitCode());
        assertTrue(e.stderrTail().contains("cannot find lean"), e.stderrTail());
        assertTrue(e.beforeFirstAnswer());
        assertTrue(e.getMessage().contains("/bin/sh -c echo 'cannot find lean'"), "names the command line: "
                + e.getMessage());
        assertFalse(server.isAlive());
    }

    @Test
    void theMemoryLimitIsAnAddressSpaceLimitOfTheRepl() {
        LeanServer limited = start(Simulated.builder()
                .memoryHardLimitMb(ReplSimulator.MIN_MEMORY_LIMIT_MB + 200).build());
        assertInstanceOf(CommandResponse.class, limited.run(Command.of("def x := 1")));
        LeanProcessException e = assertThrows(LeanProcessException.class,
                () -> limited.run(Command.of("#sim alloc 4000")));
        assertNotEquals(0, e.exitCode());
    }

    @Test
    void memoryUsageIsTheResidentMemoryOfTheProcess() {
        LeanServer server = start(Simulated.config());
        server.run(Command.of("def x := 1"));
        long before = server.memoryUsageBytes();
        assertTrue(before > 0);
        server.run(Command.of("#sim alloc 100"));
        long after = server.memoryUsageBytes();
        assertTrue(after - before >= 80L * 1024 * 1024, "grew by " + (after - before));
        server.kill();
        assertEquals(0, server.memoryUsageBytes());
    }

    @Test
    void configuredOptionsAreAddedToCommands() {
        Path rec = tmp.resolve("rec.txt");
        // A replCommand's version must be known for version-dependent options to be sent.
        LeanServer server = start(Simulated.builder("--record", rec.toString()).leanVersion("v4.19.0")
                .enableIncrementalOptimization(true).enableParallelElaboration(true).build());
        server.run(Command.of("def x := 1"));
        JsonNode sent = LeanJson.readTree(ReplSimulator.readRecording(rec).get(0));
        assertTrue(sent.get("incrementality").asBoolean());
        assertEquals("[[\"Elab\",\"async\"],true]", LeanJson.writeTree(sent.get("setOptions").get(0)));
    }

    @Test
    void noOptionsAreAddedWhenDisabled() {
        Path rec = tmp.resolve("rec.txt");
        LeanServer server = start(Simulated.recording(rec));
        server.run(Command.of("def x := 1"));
        JsonNode sent = LeanJson.readTree(ReplSimulator.readRecording(rec).get(0));
        assertFalse(sent.has("incrementality"));
        assertFalse(sent.has("setOptions"));
    }

    @Test
    void runRawSpeaksTheWireProtocol() {
        LeanServer server = start(Simulated.config());
        ObjectNode request = LeanJson.mapper().createObjectNode().put("cmd", "def x := 3");
        JsonNode answer = server.runRaw(request, null);
        assertTrue(answer.has("env"));
        ObjectNode bad = LeanJson.mapper().createObjectNode().put("cmd", "x").put("env", -1);
        assertThrows(IllegalArgumentException.class, () -> server.runRaw(bad, null));
        assertThrows(IllegalArgumentException.class, () -> server.runRaw(LeanJson.mapper().createArrayNode(), null));
        assertTrue(server.isAlive());
    }

    @Test
    void closeIsIdempotentAndRefusesLaterRequests() {
        LeanServer server = start(Simulated.config());
        long pid = server.pid();
        server.close();
        server.close();
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        assertThrows(IllegalStateException.class, () -> server.run(Command.of("def x := 1")));
        assertTrue(server.toString().contains("closed"), server.toString());
    }

    @Test
    void killFromAnotherThreadEndsAWaitingRequest() throws Exception {
        Path rec = tmp.resolve("requests.txt");
        LeanServer server = start(Simulated.recording(rec));
        server.run(Command.of("def warm := 1"));
        CompletableFuture<LeanResponse> hanging = server.runAsync(Command.of("#sim hang"), null);
        Simulated.awaitReceived(rec, 2);
        assertFalse(hanging.isDone());
        server.kill();
        ExecutionException e = assertThrows(ExecutionException.class, () -> hanging.get(10, TimeUnit.SECONDS));
        assertInstanceOf(LeanProcessException.class, e.getCause());
    }

    @Test
    void answersOfOldReplsWithoutABlankLineAreComplete() {
        LeanServer server = start(Simulated.config("--no-blank-line"));
        CommandResponse def = (CommandResponse) server.run(Command.of("def x := 6"), Duration.ofSeconds(10));
        assertEquals("6", info(server.run(Command.of("#eval x").withEnv(def.env()), Duration.ofSeconds(10))));
    }

    @Test
    void aLargeRequestThatTheReplDoesNotReadStillTimesOut() {
        LeanServer server = start(LeanReplConfig.builder().replCommand(List.of("/bin/sh", "-c", "exec sleep 600"))
                .enableIncrementalOptimization(false).enableParallelElaboration(false).build());
        long t0 = System.nanoTime();
        assertThrows(LeanTimeoutException.class,
                () -> server.run(Command.of("-- " + "x".repeat(1 << 20)), Duration.ofMillis(500)));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms >= 500 && ms < 30_000, "took " + ms + " ms");
        assertFalse(server.isAlive());
    }

    @Test
    void aSetupFailureIsAProcessExceptionCarryingItsCause() {
        LeanProcessException e = assertThrows(LeanProcessException.class, () -> start(LeanReplConfig.builder()
                .localReplPath(tmp.resolve("no-such-checkout")).build()));
        assertInstanceOf(io.github.leaninteract.config.LeanSetupException.class, e.getCause());
        // Without Lean installed the missing lake is found first; with it, the missing checkout.
        assertTrue(e.getMessage().contains("lake") || e.getMessage().contains("no-such-checkout"), e.getMessage());
    }

    @Test
    void invalidTimeoutsAreRejected() {
        LeanServer server = start(Simulated.config());
        assertThrows(IllegalArgumentException.class, () -> server.run(Command.of("x"), Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> server.run(Command.of("x"), Duration.ofSeconds(-1)));
        assertThrows(NullPointerException.class, () -> server.run(null));
    }
}
