package io.github.leaninteract.sessioncache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.leaninteract.protocol.Command;
import io.github.leaninteract.protocol.CommandResponse;
import io.github.leaninteract.protocol.LeanError;
import io.github.leaninteract.protocol.LeanRequest;
import io.github.leaninteract.protocol.LeanResponse;
import io.github.leaninteract.protocol.Pos;
import io.github.leaninteract.protocol.ProofStep;
import io.github.leaninteract.protocol.ProofStepResponse;
import io.github.leaninteract.protocol.Sorry;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The replay cache's bookkeeping, against a mocked server. */
class ReplaySessionCacheTest {

    private final AtomicInteger nextEnv = new AtomicInteger(100);
    private final AtomicInteger nextProofState = new AtomicInteger(500);
    private final AtomicBoolean answerErrors = new AtomicBoolean();
    private final MockServers mock = new MockServers(this::answer);

    /** Commands get a new env and, when they say sorry, a sorry with a new proof state. */
    private LeanResponse answer(LeanRequest request) {
        if (answerErrors.get()) {
            return new LeanError("Unknown environment.");
        }
        if (request instanceof Command c) {
            CommandResponse r = CommandResponse.of(nextEnv.getAndIncrement());
            if (c.cmd().contains("sorry")) {
                r = r.withSorries(List.of(new Sorry(Pos.of(1, 1), Pos.of(1, 6), "⊢ True", nextProofState.getAndIncrement())));
            }
            return r;
        }
        if (request instanceof ProofStep) {
            return ProofStepResponse.of(nextProofState.getAndIncrement(), List.of("⊢ True"), "Incomplete: open goals remain");
        }
        throw new AssertionError("unexpected " + request);
    }

    private static Sorry sorry(int proofState) {
        return new Sorry(Pos.of(1, 1), Pos.of(1, 6), "⊢ True", proofState);
    }

    @Test
    void aProofStepOnAnUncachedRawProofStateIsRefused() {
        ReplaySessionCache cache = new ReplaySessionCache();
        SessionCacheException e = assertThrows(SessionCacheException.class, () -> cache.add(mock.server,
                new ProofStep(7, "skip"), ProofStepResponse.of(8, List.of(), "Completed")));
        assertTrue(e.getMessage().contains("faithfully"), e.getMessage());
        assertTrue(cache.isEmpty());
    }

    @Test
    void aCommandOnAnUncachedRawEnvironmentIsRefused() {
        ReplaySessionCache cache = new ReplaySessionCache();
        assertThrows(SessionCacheException.class,
                () -> cache.add(mock.server, Command.of("def y := 1").withEnv(3), CommandResponse.of(4)));
    }

    @Test
    void aCommandOnAnUnknownSessionIdIsRefused() {
        ReplaySessionCache cache = new ReplaySessionCache();
        UnknownSessionIdException e = assertThrows(UnknownSessionIdException.class,
                () -> cache.add(mock.server, Command.of("def y := 1").withEnv(-9), CommandResponse.of(4)));
        assertEquals(-9, e.sessionId());
        UnknownSessionIdException before = assertThrows(UnknownSessionIdException.class,
                () -> cache.requireCacheable(mock.server, new ProofStep(-8, "skip")));
        assertEquals(-8, before.sessionId());
    }

    @Test
    void aRawEnvironmentOfACachedStateIsRecordedAsThatState() {
        ReplaySessionCache cache = new ReplaySessionCache();
        int env = cache.add(mock.server, Command.of("def x := 1"), CommandResponse.of(3));
        int child = cache.add(mock.server, Command.of("def y := 2").withEnv(3), CommandResponse.of(4));
        assertEquals(env, cache.get(child).envParent());
    }

    @Test
    void aProofStepOnASorryOfACachedCommandReplaysOntoTheRestoredSorry() {
        ReplaySessionCache cache = new ReplaySessionCache();
        int thm = cache.add(mock.server, Command.of("theorem t : True := sorry"), CommandResponse.of(0).withSorries(List.of(sorry(0))));
        int step = cache.add(mock.server, new ProofStep(0, "skip"), ProofStepResponse.of(1, List.of("⊢ True"), "x"));
        ReplaySessionState state = cache.get(step);
        assertEquals(thm, state.proofStateParent());
        assertEquals(0, state.sorryIndex());

        mock.newProcess();
        int restored = cache.replId(step, mock.server);
        assertInstanceOf(Command.class, mock.requests.get(0));
        ProofStep replayed = assertInstanceOf(ProofStep.class, mock.requests.get(1));
        assertEquals(500, replayed.proofState(), "the sorry of the replayed command, not the old raw id 0");
        assertEquals(501, restored);
    }

    @Test
    void aRawIdHeldByTwoCachedStatesStillTracesToTheOneLeftWhenTheOtherIsRemoved() {
        ReplaySessionCache cache = new ReplaySessionCache();
        Command thm = Command.of("theorem t : True := sorry");
        CommandResponse answer = CommandResponse.of(0).withSorries(List.of(sorry(0)));
        int removed = cache.add(mock.server, thm, answer);
        int kept = cache.add(mock.server, thm, answer);
        cache.remove(removed);

        int step = cache.add(mock.server, new ProofStep(0, "skip"), ProofStepResponse.of(1, List.of("⊢ True"), "x"));
        assertEquals(kept, cache.get(step).proofStateParent());
        int child = cache.add(mock.server, Command.of("def y := 2").withEnv(0), CommandResponse.of(2));
        assertEquals(kept, cache.get(child).envParent());
    }

    @Test
    void aRawIdOfARemovedStateIsNoLongerTracedToIt() {
        ReplaySessionCache cache = new ReplaySessionCache();
        int thm = cache.add(mock.server, Command.of("theorem t : True := sorry"),
                CommandResponse.of(0).withSorries(List.of(sorry(0))));
        cache.remove(thm);
        assertThrows(SessionCacheException.class, () -> cache.add(mock.server, new ProofStep(0, "skip"),
                ProofStepResponse.of(1, List.of("⊢ True"), "x")));
        assertThrows(SessionCacheException.class,
                () -> cache.add(mock.server, Command.of("def y := 2").withEnv(0), CommandResponse.of(2)));
    }

    @Test
    void chainsReplayParentsFirstWithTheirNewIds() {
        ReplaySessionCache cache = new ReplaySessionCache();
        int a = cache.add(mock.server, Command.of("def a := 1"), CommandResponse.of(0));
        int b = cache.add(mock.server, Command.of("def b := 2").withEnv(a), CommandResponse.of(1));
        int c = cache.add(mock.server, Command.of("def c := 3").withEnv(b), CommandResponse.of(2));
        mock.newProcess();
        assertEquals(102, cache.replId(c, mock.server));
        assertEquals(3, mock.requests.size());
        assertEquals(null, mock.requests.get(0).referencedEnv());
        assertEquals(100, mock.requests.get(1).referencedEnv());
        assertEquals(101, mock.requests.get(2).referencedEnv());
        assertEquals(100, cache.replId(a, mock.server));
        assertEquals(3, mock.requests.size(), "a restored parent is not replayed again");
    }

    @Test
    void aLazyCacheReplaysNothingOnReload() {
        ReplaySessionCache cache = new ReplaySessionCache(true);
        cache.add(mock.server, Command.of("def a := 1"), CommandResponse.of(0));
        mock.newProcess();
        cache.reload(mock.server, null);
        assertTrue(mock.requests.isEmpty());
    }

    @Test
    void anEagerCacheReplaysEverythingOnReload() {
        ReplaySessionCache cache = new ReplaySessionCache(false);
        cache.add(mock.server, Command.of("def a := 1"), CommandResponse.of(0));
        cache.add(mock.server, Command.of("def b := 1").withEnv(-1), CommandResponse.of(1));
        mock.newProcess();
        cache.reload(mock.server, null);
        assertEquals(2, mock.requests.size());
    }

    @Test
    void aStateWhoseParentWasRemovedCannotBeReplayed() {
        ReplaySessionCache cache = new ReplaySessionCache();
        int a = cache.add(mock.server, Command.of("def a := 1"), CommandResponse.of(0));
        int b = cache.add(mock.server, Command.of("def b := 2").withEnv(a), CommandResponse.of(1));
        cache.remove(a);
        mock.newProcess();
        SessionCacheException e = assertThrows(SessionCacheException.class, () -> cache.replId(b, mock.server));
        assertTrue(e.getMessage().contains("removed"), e.getMessage());
    }

    @Test
    void aReplayThatAnswersAnErrorFailsAndIsNotRetriedAgainstEveryProcess() {
        ReplaySessionCache cache = new ReplaySessionCache();
        int a = cache.add(mock.server, Command.of("def a := 1"), CommandResponse.of(0));
        mock.newProcess();
        answerErrors.set(true);
        assertThrows(SessionCacheException.class, () -> cache.replId(a, mock.server));
        assertEquals(1, mock.requests.size());
        mock.newProcess();
        SessionCacheException again = assertThrows(SessionCacheException.class, () -> cache.replId(a, mock.server));
        assertTrue(again.getMessage().contains("failed before"), again.getMessage());
        assertTrue(mock.requests.isEmpty());
    }

    @Test
    void anAnswerThatAlreadyCarriesASessionIdIsRejected() {
        ReplaySessionCache cache = new ReplaySessionCache();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> cache.add(mock.server, Command.of("def a := 1"), CommandResponse.of(-1)));
        assertTrue(e.getMessage().contains("session id"), e.getMessage());
        assertTrue(cache.isEmpty());
    }

    @Test
    void theCachedRequestIsTheOneGiven() {
        ReplaySessionCache cache = new ReplaySessionCache();
        Command cmd = Command.of("def a := 1").withAllTactics(true);
        int a = cache.add(mock.server, cmd, CommandResponse.of(0));
        assertEquals(cmd, cache.get(a).request());
    }

    @Test
    void aProofStepNamingACachedEnvironmentIsNotStored() {
        ReplaySessionCache cache = new ReplaySessionCache();
        int env = cache.add(mock.server, Command.of("def x := 1"), CommandResponse.of(3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> cache.add(mock.server,
                new ProofStep(env, "skip"), ProofStepResponse.of(8, List.of(), "Completed")));
        assertTrue(e.getMessage().contains(String.valueOf(env)) && e.getMessage().contains("environment"),
                e.getMessage());
        assertEquals(List.of(env), cache.keys());
    }

    @Test
    void aCommandNamingACachedProofStateAsItsEnvironmentIsNotStored() {
        ReplaySessionCache cache = new ReplaySessionCache();
        int thm = cache.add(mock.server, Command.of("theorem t : True := sorry"),
                CommandResponse.of(3).withSorries(List.of(sorry(40))));
        int ps = cache.addSorries(mock.server, thm).get(0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> cache.add(mock.server, Command.of("def y := 2").withEnv(ps), CommandResponse.of(4)));
        assertTrue(e.getMessage().contains(String.valueOf(ps)) && e.getMessage().contains("proof state"),
                e.getMessage());
        assertEquals(List.of(thm, ps), cache.keys());
    }

    @Test
    void whetherARequestCanBeCachedIsDecidedWithoutSendingAnything() {
        ReplaySessionCache cache = new ReplaySessionCache();
        SessionCacheException e = assertThrows(SessionCacheException.class,
                () -> cache.requireCacheable(mock.server, new ProofStep(7, "skip")));
        assertTrue(e.getMessage().contains("faithfully"), e.getMessage());
        int env = cache.add(mock.server, Command.of("def x := 1"), CommandResponse.of(3));
        cache.requireCacheable(mock.server, Command.of("def y := 2").withEnv(env));
        cache.requireCacheable(mock.server, Command.of("def y := 2").withEnv(3));
        assertThrows(IllegalArgumentException.class, () -> cache.requireCacheable(mock.server, new ProofStep(env, "skip")));
        assertTrue(mock.requests.isEmpty(), "sent " + mock.requests);
    }

    @Test
    void theSorriesOfACachedCommandAreRestoredWithTheirCommand() {
        ReplaySessionCache cache = new ReplaySessionCache();
        CommandResponse answer = CommandResponse.of(3).withSorries(List.of(sorry(40), sorry(41)));
        int thm = cache.add(mock.server, Command.of("theorem t : True ∧ True := ⟨sorry, sorry⟩"), answer);
        List<Integer> sorries = cache.addSorries(mock.server, thm);
        assertEquals(List.of(thm - 1, thm - 2), sorries);
        assertTrue(cache.get(sorries.get(1)).isProofState());
        assertEquals(41, cache.replId(sorries.get(1), mock.server));

        mock.newProcess();
        int sorryOfTheReplay = nextProofState.get();
        assertEquals(sorryOfTheReplay, cache.replId(sorries.get(0), mock.server));
        assertEquals(1, mock.requests.size(), "only the command is replayed: " + mock.requests);
    }
}
