package io.github.leaninteract.sessioncache;

import static io.github.leaninteract.support.Answers.info;
import static io.github.leaninteract.support.Simulated.crash;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import io.github.leaninteract.testing.ReplSimulator;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A replayed proof step lands on the state it was made from, never on whatever holds its old REPL id in the
 * new process; a step that could not be replayed faithfully is refused before it is sent; an id of an
 * ended process is refused as lost.
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

    /** Caches a theorem with a sorry (-1, its sorry -2) and a step on the sorry (-3); returns the sorry's id. */
    private int cacheAStepOnASorry() {
        CommandResponse thm = (CommandResponse) server.run(
                Command.of("theorem mine (cached : Nat) : cached = cached := by sorry"), true);
        int sorry = thm.sorries().get(0).proofState();
        assertEquals(-2, sorry, "the sorry of a cached command is cached with it");
        ProofStepResponse step = (ProofStepResponse) server.run(new ProofStep(sorry, "have mark : 7 = 7 := rfl"), true);
        assertEquals(-3, step.proofState());
        return sorry;
    }

    @ParameterizedTest(name = "lazy={0}")
    @ValueSource(booleans = {true, false})
    void aCachedStepReplaysOntoItsOwnSorryNotOntoAnotherTheorem(boolean lazy) {
        start(lazy);
        int sorry = cacheAStepOnASorry();
        crash(server);

        CommandResponse unrelated = (CommandResponse) server.run(
                Command.of("theorem other (impostor : String) : impostor = impostor := by sorry"));
        int impostorId = unrelated.sorries().get(0).proofState();
        assertTrue(firstGoal(server.run(new ProofStep(impostorId, "skip"))).contains("impostor"));

        String goal = firstGoal(server.run(new ProofStep(-3, "skip")));
        assertTrue(goal.contains("cached : Nat") && goal.contains("mark : 7 = 7"), goal);
        assertTrue(!goal.contains("impostor"), goal);
        String sorryGoal = firstGoal(server.run(new ProofStep(sorry, "skip")));
        assertTrue(sorryGoal.contains("cached : Nat") && !sorryGoal.contains("mark"), sorryGoal);
        assertEquals("Completed", ((ProofStepResponse) server.run(new ProofStep(-3, "rfl"))).proofStatus());
    }

    @Test
    void aStepOnAStepOnASorryReplaysTheWholeChain() {
        start(true);
        cacheAStepOnASorry();
        crash(server);
        server.run(Command.of("theorem other (impostor : String) : impostor = impostor := by sorry"));
        String goal = firstGoal(server.run(new ProofStep(-3, "have again : 1 = 1 := rfl"), true));
        assertTrue(goal.contains("mark : 7 = 7") && goal.contains("again : 1 = 1"), goal);
        crash(server);
        String replayed = firstGoal(server.run(new ProofStep(-4, "skip")));
        assertTrue(replayed.contains("cached : Nat") && replayed.contains("again : 1 = 1"), replayed);
    }

    @Test
    void aStepOnAnUncachedStateIsRefusedBeforeItIsSent(@TempDir Path tmp) {
        Path rec = tmp.resolve("requests.txt");
        server = closer.add(Simulated.autoServer(Simulated.recording(rec), new ReplaySessionCache()));
        server.run(Command.of("def kept := 1"), true);
        CommandResponse thm = (CommandResponse) server.run(Command.of("theorem t (x : Nat) : x = x := by sorry"));
        int uncached = thm.sorries().get(0).proofState();

        SessionCacheException e = assertThrows(SessionCacheException.class,
                () -> server.run(new ProofStep(uncached, "skip"), true));
        assertTrue(e.getMessage().contains(String.valueOf(uncached))
                && e.getMessage().contains("replayed faithfully") && e.getMessage().contains("nothing was sent"),
                e.getMessage());
        assertFalse(ReplSimulator.readRecording(rec).stream().anyMatch(r -> r.contains("skip")),
                "the refused step reached the REPL");
        assertEquals(List.of(-1), server.sessionCache().keys(), "nothing is cached");
        assertEquals("Completed", ((ProofStepResponse) server.run(new ProofStep(uncached, "rfl"))).proofStatus());
        crash(server);
        assertEquals("1", info(server.run(Command.of("#eval kept").withEnv(-1))));
    }

    @Test
    void aStepOnAnIdOfAnEarlierProcessIsRefusedAsLost() {
        start(true);
        CommandResponse thm = (CommandResponse) server.run(Command.of("theorem t (x : Nat) : x = x := by sorry"));
        int uncached = thm.sorries().get(0).proofState();
        crash(server);
        server.run(Command.of("theorem other (impostor : String) : impostor = impostor := by sorry"));
        for (boolean cache : List.of(true, false)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> server.run(new ProofStep(uncached, "rfl"), cache));
            assertTrue(e.getMessage().contains("lost") && e.getMessage().contains(server.name()), e.getMessage());
        }
        assertTrue(server.sessionCache().isEmpty());
    }
}
