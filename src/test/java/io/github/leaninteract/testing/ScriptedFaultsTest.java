package io.github.leaninteract.testing;

import static io.github.leaninteract.support.Answers.info;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.leaninteract.config.LeanReplConfig;
import io.github.leaninteract.protocol.Command;
import io.github.leaninteract.protocol.CommandResponse;
import io.github.leaninteract.protocol.ProofStep;
import io.github.leaninteract.protocol.ProofStepResponse;
import io.github.leaninteract.server.AutoLeanServer;
import io.github.leaninteract.server.LeanProcessException;
import io.github.leaninteract.server.LeanProtocolException;
import io.github.leaninteract.server.LeanServer;
import io.github.leaninteract.server.LeanServerPool;
import io.github.leaninteract.server.LeanTimeoutException;
import io.github.leaninteract.support.Closer;
import io.github.leaninteract.support.NoLeakedProcesses;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Faults given as values when the simulator starts, against real simulator processes driven by
 * {@link LeanServer} and {@link AutoLeanServer}: the Lean text sent is ordinary, the fault comes from the script.
 */
@ExtendWith(NoLeakedProcesses.class)
@Timeout(120)
class ScriptedFaultsTest {

    /** Long enough for any answer on a loaded machine: only hangs are meant to reach a timeout. */
    private static final Duration PATIENT = Duration.ofMinutes(2);

    @RegisterExtension
    final Closer closer = new Closer();

    private ScriptedSimulator script(SimulatorFault... faults) {
        return closer.add(ReplSimulator.builder().faults(faults).build());
    }

    private static LeanReplConfig config(ScriptedSimulator sim) {
        return LeanReplConfig.builder().replCommand(sim.command())
                .enableIncrementalOptimization(false).enableParallelElaboration(false).build();
    }

    private LeanServer server(ScriptedSimulator sim) {
        return closer.add(new LeanServer(config(sim)));
    }

    private AutoLeanServer autoServer(ScriptedSimulator sim) {
        return closer.add(AutoLeanServer.builder(config(sim)).restartBackoff(Duration.ZERO).build());
    }

    @Test
    void crashOnTheThirdRequestAnswersTwoThenFailsWithTheExitCode() {
        LeanServer server = server(script(SimulatorFault.crashOnRequest(3, 7)));
        server.run(Command.of("def x := 1"), PATIENT);
        assertEquals("1", info(server.run(Command.of("#eval x").withEnv(0), PATIENT)));
        LeanProcessException e = assertThrows(LeanProcessException.class,
                () -> server.run(Command.of("#eval x + 1").withEnv(0), PATIENT));
        assertEquals(7, e.exitCode());
        assertTrue(e.stderrTail().contains("--fault crash=7@request=3"), e.stderrTail());
    }

    @Test
    void aRestartedReplGoesOnCountingWhereTheLastOneStopped() {
        AutoLeanServer server = autoServer(script(SimulatorFault.crashOnRequest(2, 3)));
        server.run(Command.of("def a := 1"), PATIENT);
        assertThrows(LeanProcessException.class, () -> server.run(Command.of("def b := 2"), PATIENT));
        // The new process's first and second requests are the script's third and fourth: no crash.
        server.run(Command.of("def c := 3"), PATIENT);
        assertEquals("7", info(server.run(Command.of("#eval 7"), PATIENT)));
    }

    @Test
    void theServersOfAPoolShareOneCount() {
        ScriptedSimulator sim = script(SimulatorFault.crashOnRequest(41, 9));
        LeanServerPool pool = closer.add(LeanServerPool.builder(config(sim)).size(2)
                .serverOptions(b -> b.restartBackoff(Duration.ZERO)).build());
        List<Command> commands = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            commands.add(Command.of("#eval " + i));
        }
        pool.runAll(commands, PATIENT).forEach(answer -> assertInstanceOf(CommandResponse.class, answer));
        // Both processes counted into the script's one count: the next request of either is the 41st.
        LeanProcessException e = assertThrows(LeanProcessException.class, () -> pool.run(Command.of("#eval 0"), PATIENT, false));
        assertEquals(9, e.exitCode());
    }

    @Test
    void processesAnsweringAtTheSameTimeNeverLoseACount() throws Exception {
        int processes = 4;
        int each = 150;
        ScriptedSimulator sim = script(SimulatorFault.crashOnRequest(processes * each + 1, 9));
        List<SimulatorProcess> repls = new ArrayList<>();
        for (int p = 0; p < processes; p++) {
            repls.add(closer.add(SimulatorProcess.start(sim.command())));
        }
        // Every process gets all its requests at once, so that they count at the same time.
        StringBuilder burst = new StringBuilder();
        for (int i = 0; i < each; i++) {
            burst.append("{\"cmd\": \"#eval ").append(i).append("\"}\n\n");
        }
        for (SimulatorProcess repl : repls) {
            repl.sendRaw(burst.toString());
        }
        for (SimulatorProcess repl : repls) {
            for (int i = 0; i < each; i++) {
                repl.nextAnswer();
            }
        }
        repls.get(0).send("{\"cmd\": \"#eval 0\"}");
        repls.get(0).assertExits(9, "--fault crash=9@request=" + (processes * each + 1));
    }

    @Test
    void hangOnAMatchingTacticTimesOutOnlyThatTactic() {
        AutoLeanServer server = autoServer(script(SimulatorFault.hangOn("^intro ")));
        CommandResponse thm = assertInstanceOf(CommandResponse.class,
                server.run(Command.of("theorem t : ∀ n : Nat, n = n := by sorry"), PATIENT, true));
        int proofState = assertInstanceOf(ProofStepResponse.class,
                server.run(new ProofStep(thm.sorries().get(0).proofState(), "skip"), PATIENT, true)).proofState();
        assertThrows(LeanTimeoutException.class,
                () -> server.run(new ProofStep(proofState, "intro n"), Duration.ofMillis(300)));
        // Restarted and restored; other tactics, and the requests that made the state, are not matched.
        ProofStepResponse intros = assertInstanceOf(ProofStepResponse.class,
                server.run(new ProofStep(proofState, "intros"), PATIENT));
        assertEquals("Incomplete: open goals remain", intros.proofStatus());
        ProofStepResponse done = assertInstanceOf(ProofStepResponse.class,
                server.run(new ProofStep(intros.proofState(), "rfl"), PATIENT));
        assertEquals("Completed", done.proofStatus());
    }

    @Test
    void hangOnAMatchingCommandLeavesOtherCommandsAlone() {
        AutoLeanServer server = autoServer(script(SimulatorFault.hangOn("slow")));
        assertThrows(LeanTimeoutException.class, () -> server.run(Command.of("def slow := 1"), Duration.ofMillis(300)));
        assertEquals("2", info(server.run(Command.of("#eval 2"), PATIENT)));
    }

    @Test
    void garbageOnceFailsTheFirstRequestAndAfterARestartAnswersNormally() {
        LeanServer server = server(script(SimulatorFault.garbageOnce()));
        assertThrows(LeanProtocolException.class, () -> server.run(Command.of("def x := 1"), PATIENT));
        server.restart();
        CommandResponse answer = assertInstanceOf(CommandResponse.class, server.run(Command.of("def x := 1"), PATIENT));
        assertEquals(0, answer.env());
        assertEquals("1", info(server.run(Command.of("#eval x").withEnv(0), PATIENT)));
    }

    @Test
    void garbageOnEveryRequestFailsAfterRestartsToo() {
        LeanServer server = server(script(SimulatorFault.of(
                SimulatorFault.Action.garbage(), SimulatorFault.Trigger.anyRequest(), false)));
        assertThrows(LeanProtocolException.class, () -> server.run(Command.of("def x := 1"), PATIENT));
        server.restart();
        assertThrows(LeanProtocolException.class, () -> server.run(Command.of("def x := 1"), PATIENT));
    }

    @Test
    void sleepOnDelaysTheChosenRequestAndAnswersIt() {
        LeanServer server = server(script(SimulatorFault.sleepOn(2, Duration.ofMillis(400))));
        server.run(Command.of("def x := 1"), PATIENT);
        long start = System.nanoTime();
        assertEquals("1", info(server.run(Command.of("#eval x").withEnv(0), PATIENT)));
        assertTrue(System.nanoTime() - start >= 400_000_000L, "answered before the sleep ended");
    }

    @Test
    void outOfMemoryOnARequestEndsTheReplAsLeanWould() {
        LeanServer server = server(script(SimulatorFault.outOfMemoryOnRequest(1)));
        LeanProcessException e = assertThrows(LeanProcessException.class,
                () -> server.run(Command.of("def x := 1"), PATIENT));
        assertEquals(134, e.exitCode());
        assertTrue(e.stderrTail().contains("INTERNAL PANIC: out of memory"), e.stderrTail());
    }

    @Test
    void anEmptyAnswerIsADeadProcess() {
        LeanServer server = server(script(SimulatorFault.emptyAnswerOnRequest(1)));
        LeanProcessException e = assertThrows(LeanProcessException.class,
                () -> server.run(Command.of("def x := 1"), PATIENT));
        assertEquals(0, e.exitCode());
    }

    @Test
    void aStderrFloodWritesTheBytesAndTheAnswerFollows() throws Exception {
        ScriptedSimulator sim = script(SimulatorFault.stderrFloodOnRequest(1, 300_000));
        try (SimulatorProcess repl = SimulatorProcess.start(sim.command())) {
            assertEquals(0, repl.request("{\"cmd\": \"def x := 1\"}").get("env").asInt());
            repl.closeInput();
            String stderr = repl.stderrAfterExit();
            assertEquals(300_000, stderr.length() - ReplSimulator.BANNER.length() - 1);
        }
    }

    @Test
    void aStderrFloodOnEveryRequestDoesNotStopAServer() {
        LeanServer server = server(script(SimulatorFault.stderrFlood(2_000_000)));
        for (int i = 0; i < 3; i++) {
            assertEquals(String.valueOf(i), info(server.run(Command.of("#eval " + i), PATIENT)));
        }
    }

    @Test
    void faultsOnOneRequestActInTheOrderGiven() throws Exception {
        ScriptedSimulator sim = script(SimulatorFault.stderrFloodOnRequest(1, 1000), SimulatorFault.crashOnRequest(1, 9),
                SimulatorFault.garbageOnRequest(1));
        try (SimulatorProcess repl = SimulatorProcess.start(sim.command())) {
            repl.send("{\"cmd\": \"def x := 1\"}");
            repl.assertExits(9, "--fault crash=9@request=1");
            assertTrue(repl.stderrAfterExit().contains("simulated stderr output"));
        }
    }

    @Test
    void aRequestThatDoesNotParseCountsAndCanBeMatched() throws Exception {
        ScriptedSimulator sim = script(SimulatorFault.crashOn("^not json", 5));
        try (SimulatorProcess repl = SimulatorProcess.start(sim.command())) {
            repl.send("not json at all");
            assertEquals(5, repl.exitCode());
        }
    }

    @Test
    void aFaultSpecThatDoesNotParseEndsTheProcessWithTheUsage() throws Exception {
        try (SimulatorProcess repl = SimulatorProcess.start("--fault", "explode@any")) {
            repl.assertExits(2, "unknown fault action explode");
        }
    }

    @Test
    void withoutAStateFileEachProcessCountsAlone() throws Exception {
        for (int i = 0; i < 2; i++) {
            try (SimulatorProcess repl = SimulatorProcess.start("--fault", "crash=4@request=2")) {
                repl.request("{\"cmd\": \"def x := 1\"}");
                repl.send("{\"cmd\": \"def y := 1\"}");
                assertEquals(4, repl.exitCode());
            }
        }
    }

    /** The three steps of README's "Testing code that uses lean-interact", as written there. */
    @Test
    void theReadmeExampleBehavesAsItSays() throws Exception {
        try (ScriptedSimulator sim = ReplSimulator.builder()
                .fault(SimulatorFault.crashOnRequest(3, 7))
                .fault(SimulatorFault.hangOn("^decide"))
                .build()) {
            LeanReplConfig simulated = LeanReplConfig.builder().replCommand(sim.command()).build();
            try (AutoLeanServer server = new AutoLeanServer(simulated)) {
                server.run(Command.of("def x := 1"), true);
                server.run(Command.of("#eval x").withEnv(-1));
                assertThrows(LeanProcessException.class, () -> server.run(Command.of("#eval x + 1").withEnv(-1)));
                assertEquals("1", info(server.run(Command.of("#eval x").withEnv(-1))));
            }
            RecordedRequest first = sim.takeRequest(Duration.ofSeconds(10));
            assertEquals("def x := 1", first.leanText());
            assertEquals(6, sim.requestCount());
        }
    }
}
