package io.github.leaninteract.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.leaninteract.protocol.Command;
import io.github.leaninteract.protocol.CommandResponse;
import io.github.leaninteract.protocol.FileCommand;
import io.github.leaninteract.protocol.LeanError;
import io.github.leaninteract.protocol.LeanErrorException;
import io.github.leaninteract.protocol.PickleEnvironment;
import io.github.leaninteract.protocol.PickleProofState;
import io.github.leaninteract.protocol.ProofStep;
import io.github.leaninteract.protocol.ProofStepResponse;
import io.github.leaninteract.protocol.UnpickleEnvironment;
import io.github.leaninteract.protocol.UnpickleProofState;
import io.github.leaninteract.sessioncache.ReplaySessionCache;
import io.github.leaninteract.support.Closer;
import io.github.leaninteract.support.NoLeakedProcesses;
import io.github.leaninteract.support.Simulated;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The typed methods of the servers and the pool ({@code command}, {@code file}, {@code proofStep},
 * {@code pickle}, {@code unpickle}): answers of their own type, an error answer as a {@link LeanErrorException}.
 */
@ExtendWith(NoLeakedProcesses.class)
@Timeout(60)
class TypedAnswersTest {

    // Generous: only a REPL that hangs reaches it, and no test here hangs one.
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String THEOREM = "theorem t (n : Nat) : n = n := by sorry";

    @TempDir
    Path tmp;

    @RegisterExtension
    final Closer closer = new Closer();

    private LeanServer server() {
        return closer.add(new LeanServer(Simulated.config()));
    }

    private AutoLeanServer autoServer() {
        return closer.add(Simulated.autoServer(Simulated.config(), new ReplaySessionCache()));
    }

    private static String info(CommandResponse r) {
        assertTrue(!r.messages().isEmpty(), "no messages in " + r);
        return r.messages().get(0).data();
    }

    @Test
    void commandAnswersACommandResponse() {
        LeanServer server = server();
        int env = server.command(Command.of("def x := 41")).env();
        assertEquals("42", info(server.command(Command.of("#eval x + 1").withEnv(env), TIMEOUT)));
    }

    @Test
    void proofStepAnswersAProofStepResponse() {
        LeanServer server = server();
        int proofState = server.command(Command.of(THEOREM), TIMEOUT).sorries().get(0).proofState();
        ProofStepResponse step = server.proofStep(new ProofStep(proofState, "rfl"), TIMEOUT);
        assertTrue(step.isCompleted(), step.toString());
    }

    @Test
    void anErrorAnswerToATypedMethodIsALeanErrorExceptionWithTheReplsMessageAndTheRequest() {
        LeanServer server = server();
        ProofStep unknown = new ProofStep(99, "rfl");
        LeanErrorException e = assertThrows(LeanErrorException.class, () -> server.proofStep(unknown, TIMEOUT));
        assertEquals("Unknown proof state.", e.error().message());
        assertSame(unknown, e.request());
        assertTrue(e.getMessage().contains("Unknown proof state.") && e.getMessage().contains("\"proofState\":99"),
                e.getMessage());

        Command badEnv = Command.of("#eval 1").withEnv(42);
        LeanErrorException c = assertThrows(LeanErrorException.class, () -> server.command(badEnv, TIMEOUT));
        assertEquals("Unknown environment.", c.error().message());
        assertSame(badEnv, c.request());
        assertTrue(server.isAlive(), "an error answer is not a failure of the REPL");
    }

    @Test
    void runStillAnswersAnErrorAsAnOrdinaryValue() {
        LeanServer server = server();
        LeanError error = assertInstanceOf(LeanError.class, server.run(new ProofStep(99, "rfl"), TIMEOUT));
        assertEquals("Unknown proof state.", error.message());
    }

    @Test
    void anUnknownTacticIsALeanErrorExceptionFromProofStep() {
        LeanServer server = server();
        int proofState = server.command(Command.of(THEOREM), TIMEOUT).sorries().get(0).proofState();
        LeanErrorException e = assertThrows(LeanErrorException.class,
                () -> server.proofStep(new ProofStep(proofState, "no_such_tactic"), TIMEOUT));
        assertTrue(e.error().message().contains("unknown tactic"), e.getMessage());
    }

    @Test
    void fileAnswersACommandResponse() throws IOException {
        LeanServer server = server();
        Path file = Files.writeString(tmp.resolve("Defs.lean"), "def y := 5\n");
        int env = server.file(FileCommand.of(file.toString()), TIMEOUT).env();
        assertEquals("5", info(server.command(Command.of("#eval y").withEnv(env), TIMEOUT)));
    }

    @Test
    void pickleAndUnpickleOfAnEnvironmentAnswerCommandResponses() {
        LeanServer server = server();
        int env = server.command(Command.of("def z := 7"), TIMEOUT).env();
        String file = tmp.resolve("env.olean").toString();
        assertEquals(env, server.pickle(new PickleEnvironment(env, file), TIMEOUT).env());
        int restored = server.unpickle(new UnpickleEnvironment(file), TIMEOUT).env();
        assertNotEquals(env, restored);
        assertEquals("7", info(server.command(Command.of("#eval z").withEnv(restored), TIMEOUT)));
    }

    @Test
    void pickleAndUnpickleOfAProofStateAnswerProofStepResponses() {
        LeanServer server = server();
        int proofState = server.command(Command.of(THEOREM), TIMEOUT).sorries().get(0).proofState();
        String file = tmp.resolve("goal.olean").toString();
        ProofStepResponse pickled = server.pickle(new PickleProofState(proofState, file), TIMEOUT);
        ProofStepResponse unpickled = server.unpickle(new UnpickleProofState(file, null), TIMEOUT);
        assertEquals(pickled.goals(), unpickled.goals());
        assertTrue(server.proofStep(new ProofStep(unpickled.proofState(), "rfl"), TIMEOUT).isCompleted());
    }

    @Test
    void pickleOfAnUnknownEnvironmentIsALeanErrorException() {
        LeanServer server = server();
        PickleEnvironment pickle = new PickleEnvironment(5, tmp.resolve("x.olean").toString());
        LeanErrorException e = assertThrows(LeanErrorException.class, () -> server.pickle(pickle, TIMEOUT));
        assertSame(pickle, e.request());
    }

    @Test
    void autoLeanServerCommandCachesWhenAskedAndTheSessionIdSurvivesACrash() {
        AutoLeanServer server = autoServer();
        CommandResponse env = server.command(Command.of("def x := 42"), true);
        assertEquals(-1, env.env());
        server.kill();
        assertEquals("42", info(server.command(Command.of("#eval x").withEnv(env.env()))));
    }

    @Test
    void autoLeanServerProofStepCachesWhenAsked() {
        AutoLeanServer server = autoServer();
        int proofState = server.command(Command.of(THEOREM), TIMEOUT, true).sorries().get(0).proofState();
        ProofStepResponse step = server.proofStep(new ProofStep(proofState, "skip"), TIMEOUT, true);
        assertTrue(step.proofState() < 0, "a session id: " + step);
        server.kill();
        assertTrue(server.proofStep(new ProofStep(step.proofState(), "rfl"), TIMEOUT).isCompleted());
    }

    @Test
    void autoLeanServerFileCachesWhenAsked() throws IOException {
        AutoLeanServer server = autoServer();
        Path file = Files.writeString(tmp.resolve("Defs.lean"), "def y := 5\n");
        int env = server.file(FileCommand.of(file.toString()), TIMEOUT, true).env();
        assertTrue(env < 0, "a session id: " + env);
        assertEquals("5", info(server.command(Command.of("#eval y").withEnv(env), TIMEOUT)));
    }

    @Test
    void anAutoLeanServersLeanErrorExceptionCarriesTheCallersSessionIdsAndNothingIsCached() {
        AutoLeanServer server = autoServer();
        int proofState = server.command(Command.of(THEOREM), TIMEOUT, true).sorries().get(0).proofState();
        List<Integer> cached = server.sessionCache().keys();
        ProofStep bad = new ProofStep(proofState, "no_such_tactic");
        LeanErrorException e = assertThrows(LeanErrorException.class, () -> server.proofStep(bad, TIMEOUT, true));
        assertSame(bad, e.request());
        assertTrue(e.getMessage().contains("\"proofState\":" + proofState), e.getMessage());
        assertEquals(cached, server.sessionCache().keys());
    }

    @Test
    void poolCommandAndProofStepCacheAsRunDoes() {
        LeanServerPool pool = closer.add(Simulated.poolBuilder(Simulated.config()).size(2).build());
        CommandResponse thm = pool.command(Command.of(THEOREM));
        assertTrue(thm.env() < 0, "a session id: " + thm);
        ProofStepResponse step = pool.proofStep(new ProofStep(thm.sorries().get(0).proofState(), "rfl"), TIMEOUT);
        assertTrue(step.proofState() < 0 && step.isCompleted(), step.toString());
        CommandResponse uncached = pool.command(Command.of("#eval 2 + 2"), TIMEOUT, false);
        assertTrue(uncached.env() >= 0, "not cached: " + uncached);
        assertEquals("4", info(uncached));
    }

    @Test
    void poolFileCachesAsRunDoes() throws IOException {
        LeanServerPool pool = closer.add(Simulated.poolBuilder(Simulated.config()).size(2).build());
        Path file = Files.writeString(tmp.resolve("Defs.lean"), "def y := 5\n");
        int env = pool.file(FileCommand.of(file.toString()), TIMEOUT).env();
        assertTrue(env < 0, "a session id: " + env);
        assertEquals("5", info(pool.command(Command.of("#eval y").withEnv(env), TIMEOUT)));
    }

    @Test
    void aPoolsErrorAnswerIsALeanErrorExceptionFromItsTypedMethods() {
        LeanServerPool pool = closer.add(Simulated.poolBuilder(Simulated.config()).size(1).build());
        int proofState = pool.command(Command.of(THEOREM)).sorries().get(0).proofState();
        ProofStep bad = new ProofStep(proofState, "no_such_tactic");
        LeanErrorException e = assertThrows(LeanErrorException.class, () -> pool.proofStep(bad, TIMEOUT));
        assertSame(bad, e.request());
        assertTrue(e.error().message().contains("unknown tactic"), e.getMessage());
    }
}
