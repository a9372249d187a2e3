package io.github.leaninteract.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.leaninteract.protocol.Command;
import io.github.leaninteract.protocol.CommandResponse;
import io.github.leaninteract.protocol.LeanRequest;
import io.github.leaninteract.protocol.LeanResponse;
import io.github.leaninteract.protocol.ProofStep;
import io.github.leaninteract.protocol.ProofStepResponse;
import io.github.leaninteract.support.Closer;
import io.github.leaninteract.support.NoLeakedProcesses;
import io.github.leaninteract.support.Simulated;
import io.github.leaninteract.testing.ReplSimulator;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every id in an answer of the pool names the same state on whichever server runs a later request naming
 * it, or that request is refused; and closing the pool ends every request still waiting.
 */
@ExtendWith(NoLeakedProcesses.class)
@Timeout(90)
class LeanServerPoolIdsTest {

    private static final String THEOREM = "theorem mine (kept : Nat) : kept = kept := by sorry";
    private static final String OTHER = "theorem other (impostor : String) : impostor = impostor := by sorry";

    @TempDir
    Path tmp;

    @RegisterExtension
    final Closer closer = new Closer();

    private LeanServerPool pool(int size, Path recording) {
        return closer.add(LeanServerPool.builder(recording == null ? Simulated.config() : Simulated.recording(recording))
                .size(size).serverOptions(b -> b.restartBackoff(java.time.Duration.ZERO)).build());
    }

    /** Gives every server of the pool an unrelated proof state, so that a raw id sent to it hits the wrong goal. */
    private static void giveEveryServerAnImpostor(LeanServerPool pool) {
        for (AutoLeanServer s : pool.servers()) {
            s.run(Command.of(OTHER));
        }
    }

    private static String goal(LeanResponse r) {
        return assertInstanceOf(ProofStepResponse.class, r).goals().get(0);
    }

    /** Waits until the REPLs recorded in {@code rec} received a request containing {@code text}. */
    private static void awaitReceived(Path rec, String text) throws InterruptedException {
        while (ReplSimulator.readRecording(rec).stream().noneMatch(r -> r.contains(text))) {
            Thread.sleep(10);
        }
    }

    @Test
    void theIdsOfAnAnswerAreSessionIdsThatWorkOnEveryServerAndAfterCrashes() {
        LeanServerPool pool = pool(2, null);
        giveEveryServerAnImpostor(pool);
        CommandResponse thm = (CommandResponse) pool.run(Command.of(THEOREM));
        int sorry = thm.sorries().get(0).proofState();
        assertTrue(thm.env() < 0 && sorry < 0, "session ids: " + thm);
        pool.servers().forEach(AutoLeanServer::kill);
        giveEveryServerAnImpostor(pool);

        List<LeanRequest> steps = Collections.nCopies(6, new ProofStep(sorry, "skip"));
        for (LeanResponse r : pool.runAll(steps, null)) {
            assertTrue(goal(r).contains("kept") && !goal(r).contains("impostor"), goal(r));
        }
        assertTrue(pool.servers().stream().allMatch(s -> pool.sessionCache().isRestoredIn(sorry, s)),
                "both servers ran a step");
    }

    @Test
    void anUncachedIdAlwaysRunsOnTheServerThatHandedItOut() throws Exception {
        LeanServerPool pool = pool(2, null);
        giveEveryServerAnImpostor(pool);
        int sorry = ((CommandResponse) pool.run(Command.of(THEOREM), null, false)).sorries().get(0).proofState();
        assertTrue(sorry >= 0);
        List<CompletableFuture<LeanResponse>> steps = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            steps.add(pool.runAsync(new ProofStep(sorry, "skip"), null, false));
            // Keep the other server busy too, so that a request free to go anywhere would go there.
            steps.add(pool.runAsync(Command.of("#sim sleep 20"), null, false));
        }
        for (int i = 0; i < steps.size(); i += 2) {
            String g = goal(steps.get(i).get(60, TimeUnit.SECONDS));
            assertTrue(g.contains("kept") && !g.contains("impostor"), g);
        }
    }

    @Test
    void anUncachedIdIsRefusedAsLostOnceItsProcessEnded() {
        LeanServerPool pool = pool(1, null);
        int sorry = ((CommandResponse) pool.run(Command.of(THEOREM), null, false)).sorries().get(0).proofState();
        pool.servers().get(0).kill();
        giveEveryServerAnImpostor(pool);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> pool.run(new ProofStep(sorry, "rfl"), null, false));
        assertTrue(e.getMessage().contains("lost"), e.getMessage());
    }

    @Test
    void aNonNegativeIdThePoolNeverHandedOutIsRefusedBeforeSending() {
        Path rec = tmp.resolve("requests.txt");
        LeanServerPool pool = pool(2, rec);
        giveEveryServerAnImpostor(pool);
        try (AutoLeanServer outsider = new AutoLeanServer(Simulated.config())) {
            int foreign = ((CommandResponse) outsider.run(Command.of(THEOREM))).sorries().get(0).proofState();
            for (int id : List.of(0, 1, foreign)) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> pool.run(new ProofStep(id, "rfl")));
                assertTrue(e.getMessage().contains("never handed out") && e.getMessage().contains(String.valueOf(id)),
                        e.getMessage());
            }
        }
        assertFalse(ReplSimulator.readRecording(rec).stream().anyMatch(r -> r.contains("rfl")),
                "a refused request reached a REPL");
    }

    @Test
    void sessionIdsOfTheWrongKindAreRefusedThroughThePool() {
        Path rec = tmp.resolve("requests.txt");
        LeanServerPool pool = pool(2, rec);
        giveEveryServerAnImpostor(pool);
        int env = ((CommandResponse) pool.run(Command.of("def x := 1"))).env();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> pool.run(new ProofStep(env, "rfl")));
        assertTrue(e.getMessage().contains(String.valueOf(env)) && e.getMessage().contains("environment"),
                e.getMessage());
        assertFalse(ReplSimulator.readRecording(rec).stream().anyMatch(r -> r.contains("rfl")));
    }

    @Test
    void closeCompletesEveryQueuedFutureAtOnce() throws Exception {
        Path rec = tmp.resolve("requests.txt");
        LeanServerPool pool = pool(1, rec);
        CompletableFuture<LeanResponse> running = pool.runAsync(Command.of("#sim hang"), null);
        awaitReceived(rec, "#sim hang");
        List<CompletableFuture<LeanResponse>> queued = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            queued.add(pool.runAsync(Command.of("def q" + i + " := " + i), null));
        }
        pool.close();
        assertTrue(running.isDone() && queued.stream().allMatch(CompletableFuture::isDone),
                "close() returned with futures still pending");
        for (CompletableFuture<LeanResponse> f : queued) {
            ExecutionException e = assertThrows(ExecutionException.class, f::get);
            assertInstanceOf(IllegalStateException.class, e.getCause());
        }
        assertFalse(ReplSimulator.readRecording(rec).stream().anyMatch(r -> r.contains("def q")),
                "a queued request was sent after close()");
    }

    @Test
    void runAllEndsWhenThePoolIsClosedWhileItWaits() throws Exception {
        Path rec = tmp.resolve("requests.txt");
        LeanServerPool pool = pool(1, rec);
        CompletableFuture<List<LeanResponse>> all = CompletableFuture.supplyAsync(() -> pool.runAll(
                List.of(Command.of("#sim hang"), Command.of("def a := 1"), Command.of("def b := 2")), null),
                r -> new Thread(r, "runAll-caller").start());
        awaitReceived(rec, "#sim hang");
        pool.close();
        // Without the fix the queued futures were dropped and runAll waited forever: the bound only guards that.
        ExecutionException e = assertThrows(ExecutionException.class, () -> all.get(60, TimeUnit.SECONDS));
        assertInstanceOf(RuntimeException.class, e.getCause());
        assertThrows(IllegalStateException.class, () -> pool.runAll(List.of(Command.of("def c := 3")), null));
    }

    @Test
    void theDefaultRunCachesAndTheExplicitOneNeedNot() {
        LeanServerPool pool = pool(1, null);
        assertTrue(((CommandResponse) pool.run(Command.of("def a := 1"))).env() < 0);
        assertTrue(((CommandResponse) pool.run(Command.of("def b := 1"), java.time.Duration.ofSeconds(30))).env() < 0);
        assertTrue(((CommandResponse) pool.run(Command.of("def c := 1"), null, false)).env() >= 0);
        assertEquals(2, pool.sessionCache().keys().size());
    }
}
