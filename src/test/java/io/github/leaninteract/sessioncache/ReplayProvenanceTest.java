package io.github.leaninteract.sessioncache;

import static io.github.leaninteract.support.Answers.info;
import static io.github.leaninteract.support.Simulated.crash;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.leaninteract.protocol.Command;
import io.github.leaninteract.protocol.CommandResponse;
import io.github.leaninteract.protocol.LeanResponse;
import io.github.leaninteract.protocol.ProofStep;
import io.github.leaninteract.protocol.ProofStepResponse;
import io.github.leaninteract.server.AutoLeanServer;
import io.github.leaninteract.support.Closer;
import io.github.leaninteract.support.NoLeakedProcesses;
import io.github.leaninteract.support.Simulated;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A replayed proof step lands on the state it was made from, never on whatever holds its old raw id in the
 * new process; and a step that could not be replayed faithfully is refused when it is cached.
 */
@ExtendWith(NoLeakedProcesses.class)
@Timeout(60)
class ReplayProvenanceTest {

    @RegisterExtension
    final Closer closer = new Closer();

    private AutoLeanServer server;

    private AutoLeanServer start(boolean lazy) {
        server = closer.add(Simulated.autoServer(Simulated.config(), new ReplaySessionCache(lazy)));
        return server;
    }

    private static String firstGoal(LeanResponse r) {
        return assertInstanceOf(ProofStepResponse.class, r).goals().get(0);
    }

    /** Caches a theorem with a sorry (-1) and a step on the sorry's raw id (-2); returns that raw id. */
    private int cacheAStepOnARawSorry() {
        CommandResponse thm = (CommandResponse) server.run(
                Command.of("theorem mine (cached : Nat) : cached = cached := by sorry"), true);
        int raw = thm.sorries().get(0).proofState();
        ProofStepResponse step = (ProofStepResponse) server.run(new ProofStep(raw, "have mark : 7 = 7 := rfl"), true);
        assertEquals(-2, step.proofState());
        return raw;
    }

    @ParameterizedTest(name = "lazy={0}")
    @ValueSource(booleans = {true, false})
    void aCachedStepReplaysOntoItsOwnSorryNotOntoTheStateNowHoldingItsOldRawId(boolean lazy) {
        start(lazy);
        int raw = cacheAStepOnARawSorry();
        crash(server);

        CommandResponse unrelated = (CommandResponse) server.run(
                Command.of("theorem other (impostor : String) : impostor = impostor := by sorry"));
        int impostorId = unrelated.sorries().get(0).proofState();
        if (lazy) {
            assertEquals(raw, impostorId, "the old raw id now names a different proof state");
        }
        assertTrue(firstGoal(server.run(new ProofStep(impostorId, "skip"))).contains("impostor"));

        String goal = firstGoal(server.run(new ProofStep(-2, "skip")));
        assertTrue(goal.contains("cached : Nat") && goal.contains("mark : 7 = 7"), goal);
        assertTrue(!goal.contains("impostor"), goal);
        assertEquals("Completed", ((ProofStepResponse) server.run(new ProofStep(-2, "rfl"))).proofStatus());
    }

    @Test
    void aStepOnAStepOnARawSorryReplaysTheWholeChain() {
        start(true);
        int raw = cacheAStepOnARawSorry();
        // The raw id of the cached step -2 in this process: cache a step on it by its raw id.
        ProofStepResponse uncached = (ProofStepResponse) server.run(new ProofStep(-2, "skip"));
        assertNotEquals(raw, uncached.proofState());
        crash(server);
        server.run(Command.of("theorem other (impostor : String) : impostor = impostor := by sorry"));
        String goal = firstGoal(server.run(new ProofStep(-2, "have again : 1 = 1 := rfl"), true));
        assertTrue(goal.contains("mark : 7 = 7") && goal.contains("again : 1 = 1"), goal);
        crash(server);
        String replayed = firstGoal(server.run(new ProofStep(-3, "skip")));
        assertTrue(replayed.contains("cached : Nat") && replayed.contains("again : 1 = 1"), replayed);
    }

    @Test
    void aStepOnTheRawIdOfAnUncachedStateIsRefusedWithAClearMessage() {
        start(true);
        server.run(Command.of("def kept := 1"), true);
        CommandResponse thm = (CommandResponse) server.run(Command.of("theorem t (x : Nat) : x = x := by sorry"));
        int raw = thm.sorries().get(0).proofState();

        SessionCacheException e = assertThrows(SessionCacheException.class,
                () -> server.run(new ProofStep(raw, "skip"), true));
        assertTrue(e.getMessage().contains("proof state " + raw)
                && e.getMessage().contains("replayed faithfully"), e.getMessage());
        assertEquals(List.of(-1), server.sessionCache().keys(), "nothing is cached");
        assertEquals("Completed", ((ProofStepResponse) server.run(new ProofStep(raw, "rfl"))).proofStatus());
        crash(server);
        assertEquals("1", info(server.run(Command.of("#eval kept").withEnv(-1))));
    }

    @Test
    void aStepOnARawIdFromAnEarlierProcessIsRefused() {
        start(true);
        int raw = cacheAStepOnARawSorry();
        crash(server);
        server.run(Command.of("theorem other (impostor : String) : impostor = impostor := by sorry"));
        // The raw id is the impostor's now; it did not come from a cached state of this process.
        assertThrows(SessionCacheException.class, () -> server.run(new ProofStep(raw, "skip"), true));
        assertEquals(List.of(-1, -2), server.sessionCache().keys());
    }
}
