package io.github.leaninteract.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.leaninteract.config.LeanReplConfig;
import io.github.leaninteract.protocol.Command;
import io.github.leaninteract.protocol.CommandResponse;
import io.github.leaninteract.protocol.LeanError;
import io.github.leaninteract.protocol.LeanRequest;
import io.github.leaninteract.protocol.LeanResponse;
import io.github.leaninteract.protocol.PickleEnvironment;
import io.github.leaninteract.protocol.PickleProofState;
import io.github.leaninteract.protocol.ProofStep;
import io.github.leaninteract.protocol.ProofStepResponse;
import io.github.leaninteract.protocol.Sorry;
import io.github.leaninteract.protocol.UnpickleEnvironment;
import io.github.leaninteract.protocol.UnpickleProofState;
import io.github.leaninteract.sessioncache.PickleSessionCache;
import io.github.leaninteract.sessioncache.ReplaySessionCache;
import io.github.leaninteract.sessioncache.SessionCache;
import io.github.leaninteract.support.RealLean;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against a real Lean REPL, what the simulator stands in for everywhere else: commands, tactic mode,
 * pickling, and restarts with both session caches. Finds the REPL with {@link RealLean#replConfig()}
 * ({@code LEAN_REPL_COMMAND} and {@code LEAN_REPL_DIR}, or a REPL set up for
 * {@code -Dleaninteract.leanVersion}); skipped without one, failed with
 * {@code -Dleaninteract.requireLean=true} (the {@code lean} profile).
 */
@Tag("real-lean")
class RealReplTest {

    private static final Duration TIMEOUT = Duration.ofMinutes(5);
    private static LeanReplConfig config;

    @TempDir
    Path tmp;

    @BeforeAll
    static void findRepl() {
        config = RealLean.replConfig();
    }

    private static <T extends LeanResponse> T run(LeanServer server, LeanRequest request, Class<T> type) {
        LeanResponse response = server.run(request, TIMEOUT);
        return assertInstanceOf(type, response, () -> request + " answered " + response);
    }

    // Commands

    @Test
    void aCommandATacticAndAnError() {
        try (LeanServer server = new LeanServer(config)) {
            CommandResponse thm = run(server, Command.of("theorem t (x : Nat) : x = x := by sorry"), CommandResponse.class);
            int ps = thm.sorries().get(0).proofState();
            ProofStepResponse step = run(server, new ProofStep(ps, "rfl"), ProofStepResponse.class);
            assertEquals("Completed", step.proofStatus());
            assertInstanceOf(LeanError.class, server.run(Command.of("#eval 1").withEnv(9999), TIMEOUT));
        }
    }

    @Test
    void commandsBuildOnEnvironmentsAndReportMessages() {
        try (LeanServer server = new LeanServer(config)) {
            CommandResponse def = run(server, Command.of("def secret : Nat := 4242"), CommandResponse.class);
            assertFalse(def.hasErrors(), def.toString());
            CommandResponse eval = run(server, Command.of("#eval secret").withEnv(def.env()), CommandResponse.class);
            assertEquals("4242", eval.messages().get(0).data().trim(), eval.toString());
            CommandResponse unknown = run(server, Command.of("#eval nope").withEnv(def.env()), CommandResponse.class);
            assertTrue(unknown.hasErrors(), unknown.toString());
            assertTrue(unknown.errors().get(0).data().contains("nope"), unknown.toString());
            // Environments never change: the failed command did not touch def's.
            assertEquals("4242", run(server, Command.of("#eval secret").withEnv(def.env()), CommandResponse.class)
                    .messages().get(0).data().trim());
        }
    }

    @Test
    void aSorryGivesItsGoalAndAProofState() {
        try (LeanServer server = new LeanServer(config)) {
            CommandResponse thm = run(server, Command.of("theorem t (x : Nat) : x = x := by sorry"), CommandResponse.class);
            Sorry sorry = thm.sorries().get(0);
            assertTrue(sorry.goal().contains("x : Nat") && sorry.goal().contains("⊢ x = x"), sorry.toString());
            assertTrue(sorry.proofState() != null && sorry.proofState() >= 0, sorry.toString());
            assertFalse(thm.isValid(false));
            assertTrue(thm.isValid(true), thm.toString());
        }
    }

    // Tactic mode

    @Test
    void proofStepsFromASorryReachACompletedProof() {
        try (LeanServer server = new LeanServer(config)) {
            CommandResponse thm = run(server, Command.of("theorem t : ∀ n : Nat, n + 0 = n := by sorry"),
                    CommandResponse.class);
            int start = thm.sorries().get(0).proofState();
            ProofStepResponse intro = run(server, new ProofStep(start, "intro n"), ProofStepResponse.class);
            assertFalse(intro.isCompleted(), intro.toString());
            assertEquals(1, intro.goals().size(), intro.toString());
            assertTrue(intro.goals().get(0).contains("⊢ n + 0 = n"), intro.toString());
            ProofStepResponse done = run(server, new ProofStep(intro.proofState(), "rfl"), ProofStepResponse.class);
            assertTrue(done.isCompleted(), done.toString());
            assertTrue(done.goals().isEmpty(), done.toString());
            // Proof states never change either: the start state still has its goal.
            ProofStepResponse again = run(server, new ProofStep(start, "intro m"), ProofStepResponse.class);
            assertTrue(again.goals().get(0).contains("⊢ m + 0 = m"), again.toString());
        }
    }

    @Test
    void anUnknownTacticIsAnErrorAnswerNotAnException() {
        try (LeanServer server = new LeanServer(config)) {
            CommandResponse thm = run(server, Command.of("theorem t (x : Nat) : x = x := by sorry"), CommandResponse.class);
            LeanError error = run(server, new ProofStep(thm.sorries().get(0).proofState(), "exat 42"),
                    LeanError.class);
            assertTrue(error.message().startsWith("Lean error"), error.message());
            assertTrue(server.isAlive());
        }
    }

    // Pickling

    @Test
    void environmentsAndProofStatesArePickledAndUnpickledInANewProcess() throws Exception {
        Path envFile = tmp.resolve("env.olean");
        Path stateFile = tmp.resolve("state.olean");
        try (LeanServer server = new LeanServer(config)) {
            CommandResponse def = run(server, Command.of("def secret : Nat := 4242"), CommandResponse.class);
            CommandResponse pickledEnv = run(server, new PickleEnvironment(def.env(), envFile.toString()),
                    CommandResponse.class);
            assertEquals(def.env(), pickledEnv.env());
            CommandResponse thm = run(server, Command.of("theorem t (n : Nat) : n = n := by sorry"), CommandResponse.class);
            run(server, new PickleProofState(thm.sorries().get(0).proofState(), stateFile.toString()),
                    ProofStepResponse.class);
            assertTrue(Files.size(envFile) > 0 && Files.size(stateFile) > 0);

            server.restart();

            CommandResponse env = run(server, new UnpickleEnvironment(envFile.toString()), CommandResponse.class);
            // A proof by rfl, not #eval: a pickle keeps the constants, not necessarily their compiled code.
            CommandResponse use = run(server, Command.of("example : secret = 4242 := rfl").withEnv(env.env()),
                    CommandResponse.class);
            assertFalse(use.hasErrors(), use.toString());
            ProofStepResponse state = run(server, new UnpickleProofState(stateFile.toString(), null),
                    ProofStepResponse.class);
            assertTrue(state.goals().get(0).contains("⊢ n = n"), state.toString());
            assertTrue(run(server, new ProofStep(state.proofState(), "rfl"), ProofStepResponse.class).isCompleted());
        }
    }

    // Import headers built once

    @Test
    void checkAnswersAsAFreshRunOfTheWholeFile() {
        String code = "import Lean\n-- a comment among the imports\nimport Lean.Elab\n\n"
                + "open Lean in\ndef n : Nat := 2\ntheorem t (x : Nat) : x + 0 = x := by\n  sorry\n#eval nope";
        LeanResponse fresh;
        try (LeanServer server = new LeanServer(config)) {
            fresh = server.run(Command.of(code), TIMEOUT);
        }
        try (AutoLeanServer server = new AutoLeanServer(config)) {
            LeanResponse first = server.check(code, TIMEOUT);
            LeanResponse second = server.check(code, TIMEOUT);   // on the header's environment, built once
            assertEquals(CheckTest.withoutIds(fresh), CheckTest.withoutIds(first));
            assertEquals(CheckTest.withoutIds(fresh), CheckTest.withoutIds(second));
        }
    }

    @Test
    void checkWithAMathlibHeaderWhenMathlibIsThere() {
        String header = "import Mathlib\n";
        try (AutoLeanServer server = new AutoLeanServer(config)) {
            LeanResponse probe = server.run(Command.of(header), TIMEOUT);
            // Mathlib is not part of every REPL set-up: only a project that requires it has it.
            org.junit.jupiter.api.Assumptions.assumeTrue(
                    probe instanceof CommandResponse c && !c.hasErrors(), "Mathlib is not available: " + probe);
            String code = header + "\ntheorem t (a b : ℕ) : a + b = b + a := by\n  exact Nat.add_comm a b\n";
            CommandResponse answer = assertInstanceOf(CommandResponse.class, server.check(code, TIMEOUT));
            assertTrue(answer.isValid(false), answer.toString());
            CommandResponse again = assertInstanceOf(CommandResponse.class,
                    server.check(header + "\nexample : (2 : ℕ) + 2 = 4 := by norm_num\n", TIMEOUT));
            assertTrue(again.isValid(false), again.toString());
        }
    }

    // Restarts with both caches

    @Test
    void replayedStatesSurviveARestart() {
        survives(new ReplaySessionCache(), LeanServer::restart);
    }

    @Test
    void replayedStatesSurviveAKill() {
        survives(new ReplaySessionCache(), LeanServer::kill);
    }

    @Test
    void pickledStatesSurviveARestart() {
        try (PickleSessionCache cache = new PickleSessionCache(tmp)) {
            survives(cache, LeanServer::restart);
        }
    }

    @Test
    void pickledStatesSurviveAKill() {
        try (PickleSessionCache cache = new PickleSessionCache(tmp)) {
            survives(cache, LeanServer::kill);
        }
    }

    /** Caches an environment and a proof state, interrupts the REPL, and uses both again. */
    private void survives(SessionCache cache, Consumer<LeanServer> interruption) {
        try (AutoLeanServer server = new AutoLeanServer(config, cache)) {
            CommandResponse env = assertInstanceOf(CommandResponse.class,
                    server.run(Command.of("def secret : Nat := 4242"), TIMEOUT, true));
            assertTrue(env.env() < 0, "a session id: " + env);
            CommandResponse thm = assertInstanceOf(CommandResponse.class,
                    server.run(Command.of("theorem t (n : Nat) : n = n := by sorry").withEnv(env.env()), TIMEOUT, true));
            ProofStepResponse have = assertInstanceOf(ProofStepResponse.class, server.run(
                    new ProofStep(thm.sorries().get(0).proofState(), "have h : secret = 4242 := rfl"), TIMEOUT, true));
            assertTrue(have.proofState() < 0, "a session id: " + have);
            long pidBefore = server.pid();

            interruption.accept(server);

            CommandResponse use = assertInstanceOf(CommandResponse.class,
                    server.run(Command.of("example : secret = 4242 := rfl").withEnv(env.env()), TIMEOUT));
            assertFalse(use.hasErrors(), use.toString());
            ProofStepResponse step = assertInstanceOf(ProofStepResponse.class,
                    server.run(new ProofStep(have.proofState(), "rfl"), TIMEOUT));
            assertEquals("Completed", step.proofStatus(), step.toString());
            assertFalse(step.hasErrors());
            assertTrue(server.pid() != pidBefore, "the REPL was not replaced");
        }
    }
}
