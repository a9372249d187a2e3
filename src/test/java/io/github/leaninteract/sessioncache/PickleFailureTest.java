package io.github.leaninteract.sessioncache;

import static io.github.leaninteract.support.Answers.info;
import static io.github.leaninteract.support.Simulated.crash;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.leaninteract.protocol.Command;
import io.github.leaninteract.protocol.CommandResponse;
import io.github.leaninteract.protocol.ProofStep;
import io.github.leaninteract.protocol.ProofStepResponse;
import io.github.leaninteract.server.AutoLeanServer;
import io.github.leaninteract.support.Closer;
import io.github.leaninteract.support.NoLeakedProcesses;
import io.github.leaninteract.support.Simulated;
import io.github.leaninteract.testing.ReplSimulator;

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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bad and missing pickles, end to end through an {@link AutoLeanServer} and real simulator processes: the
 * broken state fails the requests that use it, with a {@link SessionCacheException} naming it, and nothing
 * else; it never makes a restart fail.
 */
@ExtendWith(NoLeakedProcesses.class)
@Timeout(60)
class PickleFailureTest {

    @TempDir
    Path tmp;

    @RegisterExtension
    final Closer closer = new Closer();

    private PickleSessionCache cache;
    private AutoLeanServer server;

    private Path recording() {
        return tmp.resolve("requests.txt");
    }

    private AutoLeanServer start(boolean lazy) {
        cache = closer.add(new PickleSessionCache(tmp, Duration.ofSeconds(10), lazy));
        server = closer.add(Simulated.autoServer(Simulated.recording(recording()), cache));
        return server;
    }

    /** -1 defines a, -2 defines b, -3 a theorem with a sorry on -2, -4 a proof step in that sorry. */
    private void cacheStates() {
        server.run(Command.of("def a := 111"), true);
        server.run(Command.of("def b := 222"), true);
        CommandResponse thm = (CommandResponse) server.run(
                Command.of("theorem t (n : Nat) : n = n := by sorry").withEnv(-2), true);
        server.run(new ProofStep(thm.sorries().get(0).proofState(), "have h : 2 = 2 := rfl"), true);
        assertEquals(List.of(-1, -2, -3, -4), cache.keys());
    }

    private void assertTheIntactStatesWork() {
        assertEquals("222", info(server.run(Command.of("#eval b").withEnv(-2))));
        assertEquals("222", info(server.run(Command.of("#eval b").withEnv(-3))));
        ProofStepResponse step = (ProofStepResponse) server.run(new ProofStep(-4, "skip"));
        assertTrue(step.goals().get(0).contains("h : 2 = 2"), step.goals().toString());
    }

    private void assertTheServerWorksWithoutCachedStates() {
        assertEquals("5", info(server.run(Command.of("#eval 2 + 3"))));
    }

    private static void corrupt(Path pickle) throws IOException {
        Files.writeString(pickle, "this is not a pickle");
    }

    private long unpicklesOf(Path pickle) {
        return ReplSimulator.readRecording(recording()).stream()
                .filter(r -> r.contains("unpickle") && r.contains(pickle.getFileName().toString())).count();
    }

    @ParameterizedTest(name = "lazy={0}")
    @ValueSource(booleans = {false, true})
    void aDeletedPickleFailsOnlyTheRequestsThatUseItsState(boolean lazy) throws IOException {
        start(lazy);
        cacheStates();
        Path deleted = cache.get(-1).pickleFile();
        Files.delete(deleted);
        crash(server);

        assertTheIntactStatesWork();
        SessionCacheException e = assertThrows(SessionCacheException.class,
                () -> server.run(Command.of("#eval a").withEnv(-1)));
        assertTrue(e.getMessage().contains("-1") && e.getMessage().contains("missing"), e.getMessage());
        assertTheServerWorksWithoutCachedStates();
        assertTheIntactStatesWork();
        assertEquals(0, unpicklesOf(deleted), "a missing pickle must never be sent: the REPL dies on it");
    }

    @ParameterizedTest(name = "lazy={0}")
    @ValueSource(booleans = {false, true})
    void aCorruptPickleThatKillsTheReplFailsOnlyTheRequestsThatUseItsState(boolean lazy) throws IOException {
        start(lazy);
        cacheStates();
        Path bad = cache.get(-1).pickleFile();
        corrupt(bad);
        crash(server);

        assertTheIntactStatesWork();
        SessionCacheException e = assertThrows(SessionCacheException.class,
                () -> server.run(Command.of("#eval a").withEnv(-1)));
        assertTrue(e.getMessage().contains("state -1"), e.getMessage());
        assertTrue(e.getMessage().contains("invalid header"), "the REPL's own words: " + e.getMessage());
        assertTheServerWorksWithoutCachedStates();
        assertTheIntactStatesWork();
    }

    @Test
    void anEagerRestartThatMeetsACorruptPickleStillServesTheRequestThatTriggeredIt() throws IOException {
        start(false);
        cacheStates();
        // The last state is restored last, so the REPL that dies on it has restored every other one.
        corrupt(cache.get(-1).pickleFile());
        corrupt(cache.get(-4).pickleFile());
        crash(server);
        assertTheServerWorksWithoutCachedStates();
        assertEquals("222", info(server.run(Command.of("#eval b").withEnv(-3))));
    }

    @Test
    void aCorruptPickleIsUnpickledOnceNotAtEveryRestart() throws IOException {
        start(false);
        cacheStates();
        Path bad = cache.get(-2).pickleFile();
        corrupt(bad);
        for (int i = 0; i < 3; i++) {
            crash(server);
            long pid = server.pid();
            assertTheServerWorksWithoutCachedStates();
            assertEquals("111", info(server.run(Command.of("#eval a").withEnv(-1))));
            assertTrue(server.pid() != pid && server.isAlive());
        }
        assertEquals(1, unpicklesOf(bad));
        assertThrows(SessionCacheException.class, () -> server.run(Command.of("#eval b").withEnv(-2)));
    }

    @Test
    void aProofStateIsNotMarkedBrokenWhenItsEnvironmentsPickleKillsTheRepl() throws IOException {
        start(true);
        cacheStates();
        corrupt(cache.get(-3).pickleFile());
        crash(server);
        // Restoring -4 first restores -3 (its imports); that kills the REPL, which is not -4's fault.
        try {
            server.run(new ProofStep(-4, "skip"));
        } catch (SessionCacheException firstTry) {
            assertTrue(firstTry.getMessage().contains("-4"), firstTry.getMessage());
        }
        ProofStepResponse step = (ProofStepResponse) server.run(new ProofStep(-4, "skip"));
        assertTrue(step.goals().get(0).contains("h : 2 = 2"), step.goals().toString());
        assertThrows(SessionCacheException.class, () -> server.run(Command.of("#eval b").withEnv(-3)));
        assertEquals("222", info(server.run(Command.of("#eval b").withEnv(-2))));
    }

    @Test
    void removingABrokenStateLeavesNoFilesAndTheOthersWork() throws IOException {
        start(false);
        cacheStates();
        Path bad = cache.get(-1).pickleFile();
        corrupt(bad);
        crash(server);
        assertThrows(SessionCacheException.class, () -> server.run(Command.of("#eval a").withEnv(-1)));
        server.removeFromSessionCache(-1);
        assertTrue(Files.notExists(bad) && Files.notExists(Path.of(bad + ".lock")));
        crash(server);
        assertTheIntactStatesWork();
        assertEquals(1, unpicklesOf(bad));
    }
}
