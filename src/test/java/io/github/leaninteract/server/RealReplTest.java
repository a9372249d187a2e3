package io.github.leaninteract.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.leaninteract.config.LeanReplConfig;
import io.github.leaninteract.protocol.Command;
import io.github.leaninteract.protocol.CommandResponse;
import io.github.leaninteract.protocol.LeanError;
import io.github.leaninteract.protocol.ProofStep;
import io.github.leaninteract.protocol.ProofStepResponse;
import io.github.leaninteract.sessioncache.PickleSessionCache;
import io.github.leaninteract.sessioncache.ReplaySessionCache;
import io.github.leaninteract.sessioncache.SessionCache;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against a real Lean REPL: runs when {@code LEAN_REPL_COMMAND} gives its command line (and optionally
 * {@code LEAN_REPL_DIR} the directory to run it in), and is skipped otherwise.
 */
@Tag("real-lean")
class RealReplTest {

    private static final Duration TIMEOUT = Duration.ofMinutes(5);
    private static LeanReplConfig config;

    @TempDir
    Path tmp;

    @BeforeAll
    static void findRepl() {
        String command = System.getenv("LEAN_REPL_COMMAND");
        Assumptions.assumeTrue(command != null && !command.isBlank(),
                "LEAN_REPL_COMMAND is not set: no real Lean REPL to test against, skipping");
        LeanReplConfig.Builder b = LeanReplConfig.builder().replCommand(Arrays.asList(command.trim().split("\\s+")));
        String dir = System.getenv("LEAN_REPL_DIR");
        if (dir != null && !dir.isBlank()) {
            b.workingDirectory(Path.of(dir));
        }
        config = b.build();
    }

    @Test
    void aCommandATacticAndAnError() {
        try (LeanServer server = new LeanServer(config)) {
            CommandResponse thm = (CommandResponse) server.run(
                    Command.of("theorem t (x : Nat) : x = x := by sorry"), TIMEOUT);
            int ps = thm.sorries().get(0).proofState();
            ProofStepResponse step = (ProofStepResponse) server.run(new ProofStep(ps, "rfl"), TIMEOUT);
            assertEquals("Completed", step.proofStatus());
            assertInstanceOf(LeanError.class, server.run(Command.of("#eval 1").withEnv(9999), TIMEOUT));
        }
    }

    @Test
    void replayedStatesSurviveARestart() {
        survivesRestart(new ReplaySessionCache());
    }

    @Test
    void pickledStatesSurviveARestart() {
        try (PickleSessionCache cache = new PickleSessionCache(tmp)) {
            survivesRestart(cache);
        }
    }

    private void survivesRestart(SessionCache cache) {
        try (AutoLeanServer server = new AutoLeanServer(config, cache)) {
            CommandResponse env = (CommandResponse) server.run(Command.of("def secret : Nat := 4242"), TIMEOUT, true);
            CommandResponse thm = (CommandResponse) server.run(
                    Command.of("theorem t (n : Nat) : n = n := by sorry").withEnv(env.env()), TIMEOUT, true);
            ProofStepResponse have = (ProofStepResponse) server.run(
                    new ProofStep(thm.sorries().get(0).proofState(), "have h : secret = 4242 := rfl"), TIMEOUT, true);
            server.restart();
            CommandResponse eval = (CommandResponse) server.run(Command.of("#eval secret").withEnv(env.env()), TIMEOUT);
            assertTrue(eval.messages().get(0).data().contains("4242"), eval.toString());
            ProofStepResponse step = (ProofStepResponse) server.run(new ProofStep(have.proofState(), "rfl"), TIMEOUT);
            assertEquals("Completed", step.proofStatus(), step.toString());
            assertFalse(step.hasErrors());
        }
    }
}
