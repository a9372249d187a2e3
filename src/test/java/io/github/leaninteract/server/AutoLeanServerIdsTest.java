package io.github.leaninteract.server;

import static io.github.leaninteract.support.Answers.info;
import static io.github.leaninteract.support.Simulated.crash;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.leaninteract.protocol.Command;
import io.github.leaninteract.protocol.CommandResponse;
import io.github.leaninteract.protocol.LeanJson;
import io.github.leaninteract.protocol.LeanRequest;
import io.github.leaninteract.protocol.ProofStep;
import io.github.leaninteract.protocol.ProofStepResponse;
import io.github.leaninteract.protocol.Tactic;
import io.github.leaninteract.sessioncache.PickleSessionCache;
import io.github.leaninteract.sessioncache.ReplaySessionCache;
import io.github.leaninteract.sessioncache.SessionCache;
import io.github.leaninteract.support.Closer;
import io.github.leaninteract.support.NoLeakedProcesses;
import io.github.leaninteract.support.Simulated;
import io.github.leaninteract.testing.ReplSimulator;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every id an {@link AutoLeanServer} takes or gives names the state the caller means, or is refused before
 * anything is sent: session ids of the wrong kind, ids of another server, ids of an ended process, ids never
 * handed out, ids of a closed cache.
 */
@ExtendWith(NoLeakedProcesses.class)
@Timeout(60)
class AutoLeanServerIdsTest {

    private static final String THEOREM = "theorem mine (kept : Nat) : kept = kept := by sorry";
    private static final String OTHER = "theorem other (impostor : String) : impostor = impostor := by sorry";

    @TempDir
    Path tmp;

    @RegisterExtension
    final Closer closer = new Closer();

    private int recordings;

    /** A server on {@code cache} whose simulator records what it receives; the recording's file in {@code rec[0]}. */
    private AutoLeanServer recorded(SessionCache cache, Path[] rec) {
        rec[0] = tmp.resolve("requests-" + (++recordings) + ".txt");
        return closer.add(Simulated.autoServer(Simulated.recording(rec[0]), cache));
    }

    private static List<String> received(Path rec) {
        return ReplSimulator.readRecording(rec);
    }

    /** Runs {@code refused}, which must throw {@code type}, and checks that {@code rec}'s REPL received nothing. */
    private static <T extends Throwable> T refusedBeforeSending(Class<T> type, Path rec, Executable refused) {
        int before = received(rec).size();
        T e = assertThrows(type, refused);
        assertEquals(before, received(rec).size(), "the refused request reached the REPL: " + received(rec));
        return e;
    }

    @Test
    void anEnvironmentsSessionIdIsRefusedAsAProofState() {
        Path[] rec = new Path[1];
        AutoLeanServer server = recorded(new ReplaySessionCache(), rec);
        // On the simulator, as on the REPL, environment 0 and proof state 0 both exist: sending the
        // environment's id as a proof state would close the unrelated goal 0.
        server.run(Command.of(OTHER));
        int env = ((CommandResponse) server.run(Command.of("def x := 1"), true)).env();
        for (boolean cache : List.of(false, true)) {
            IllegalArgumentException e = refusedBeforeSending(IllegalArgumentException.class, rec[0],
                    () -> server.run(new ProofStep(env, "rfl"), cache));
            assertTrue(e.getMessage().contains(String.valueOf(env)) && e.getMessage().contains("environment")
                    && e.getMessage().contains("proofState"), e.getMessage());
        }
        assertEquals(List.of(env), server.sessionCache().keys());
    }

    @Test
    void aProofStatesSessionIdIsRefusedAsAnEnvironment() {
        Path[] rec = new Path[1];
        AutoLeanServer server = recorded(new ReplaySessionCache(), rec);
        CommandResponse thm = (CommandResponse) server.run(Command.of(THEOREM), true);
        int step = ((ProofStepResponse) server.run(new ProofStep(thm.sorries().get(0).proofState(), "skip"), true))
                .proofState();
        for (int proofState : List.of(thm.sorries().get(0).proofState(), step)) {
            IllegalArgumentException e = refusedBeforeSending(IllegalArgumentException.class, rec[0],
                    () -> server.run(Command.of("#eval 1").withEnv(proofState), true));
            assertTrue(e.getMessage().contains(String.valueOf(proofState)) && e.getMessage().contains("proof state"),
                    e.getMessage());
        }
    }

    @Test
    void runRawChecksTheKindOfSessionIdsAndHandles() {
        Path[] rec = new Path[1];
        AutoLeanServer server = recorded(new ReplaySessionCache(), rec);
        int env = ((CommandResponse) server.run(Command.of("def x := 1"), true)).env();
        int handle = ((CommandResponse) server.run(Command.of("def y := 2"))).env();
        for (int id : List.of(env, handle)) {
            ObjectNode step = LeanJson.mapper().createObjectNode().put("proofState", id).put("tactic", "rfl");
            IllegalArgumentException e = refusedBeforeSending(IllegalArgumentException.class, rec[0],
                    () -> server.runRaw(step, null));
            assertTrue(e.getMessage().contains("environment"), e.getMessage());
        }
    }

    @Test
    void aSorryFromOneServerIsRefusedOnAnotherThatSharesTheCache() {
        ReplaySessionCache cache = new ReplaySessionCache();
        Path[] recA = new Path[1];
        Path[] recB = new Path[1];
        AutoLeanServer a = recorded(cache, recA);
        AutoLeanServer b = recorded(cache, recB);
        b.run(Command.of(OTHER));   // b's own proof state 0: the one a raw id would hit
        int sorry = ((CommandResponse) a.run(Command.of(THEOREM))).sorries().get(0).proofState();

        IllegalArgumentException e = refusedBeforeSending(IllegalArgumentException.class, recB[0],
                () -> b.run(new ProofStep(sorry, "rfl")));
        assertTrue(e.getMessage().contains(a.name()) && e.getMessage().contains(String.valueOf(a.pid()))
                && e.getMessage().contains("cache it"), e.getMessage());
        ObjectNode raw = LeanJson.mapper().createObjectNode().put("proofState", sorry).put("tactic", "rfl");
        refusedBeforeSending(IllegalArgumentException.class, recB[0], () -> b.runRaw(raw, null));
        // Where it came from, it still works.
        assertTrue(((ProofStepResponse) a.run(new ProofStep(sorry, "skip"))).goals().get(0).contains("kept"));
    }

    @Test
    void theSorriesOfACachedCommandWorkOnEveryServerAndAfterRestarts() {
        ReplaySessionCache cache = new ReplaySessionCache();
        AutoLeanServer a = closer.add(Simulated.autoServer(Simulated.config(), cache));
        AutoLeanServer b = closer.add(Simulated.autoServer(Simulated.config(), cache));
        b.run(Command.of(OTHER));
        int sorry = ((CommandResponse) a.run(Command.of(THEOREM), true)).sorries().get(0).proofState();
        assertTrue(sorry < 0, "a session id: " + sorry);

        for (AutoLeanServer s : List.of(b, a)) {
            String goal = ((ProofStepResponse) s.run(new ProofStep(sorry, "skip"))).goals().get(0);
            assertTrue(goal.contains("kept") && !goal.contains("impostor"), goal);
        }
        crash(a);
        a.run(Command.of(OTHER));
        String goal = ((ProofStepResponse) a.run(new ProofStep(sorry, "skip"))).goals().get(0);
        assertTrue(goal.contains("kept") && !goal.contains("impostor"), goal);
    }

    @Test
    void theTacticsOfACachedCommandWorkOnEveryServerAndAfterRestarts() {
        ReplaySessionCache cache = new ReplaySessionCache();
        AutoLeanServer a = closer.add(Simulated.autoServer(Simulated.config(), cache));
        AutoLeanServer b = closer.add(Simulated.autoServer(Simulated.config(), cache));
        b.run(Command.of(OTHER));
        CommandResponse answer = a.command(
                Command.of("theorem t (kept : Nat) : kept = kept := by\n  skip\n  rfl").withAllTactics(true), true);
        int tactic = answer.tactics().get(0).proofState();
        assertTrue(tactic < 0, "a session id: " + tactic);

        for (AutoLeanServer s : List.of(b, a)) {
            String goal = s.proofStep(new ProofStep(tactic, "skip"), null).goals().get(0);
            assertTrue(goal.contains("kept") && !goal.contains("impostor"), goal);
        }
        crash(a);
        a.run(Command.of(OTHER));
        String goal = a.proofStep(new ProofStep(tactic, "skip"), null).goals().get(0);
        assertTrue(goal.contains("kept") && !goal.contains("impostor"), goal);
    }

    @Test
    void aPickleCacheKeepsTheCommandButItsSorriesOnlyAsIdsOfTheirProcess() {
        try (PickleSessionCache cache = new PickleSessionCache(tmp, Duration.ofSeconds(10))) {
            Path[] rec = new Path[1];
            AutoLeanServer server = recorded(cache, rec);
            CommandResponse thm = (CommandResponse) server.run(Command.of(THEOREM), true);
            int sorry = thm.sorries().get(0).proofState();
            assertTrue(sorry >= 0, "not a session id: " + sorry);
            assertEquals(List.of(thm.env()), cache.keys());
            int step = ((ProofStepResponse) server.run(new ProofStep(sorry, "have h : 1 = 1 := rfl"), true))
                    .proofState();
            server.kill();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> server.run(new ProofStep(sorry, "rfl")));
            assertTrue(e.getMessage().contains("lost"), e.getMessage());
            assertTrue(((ProofStepResponse) server.run(new ProofStep(step, "skip"))).goals().get(0).contains("h : 1 = 1"));
            server.close();
        }
    }

    @Test
    void anIdOfAnEndedProcessIsRefusedAsLost() {
        Path[] rec = new Path[1];
        AutoLeanServer server = recorded(new ReplaySessionCache(), rec);
        CommandResponse env = (CommandResponse) server.run(Command.of("def x := 1"));
        int sorry = ((CommandResponse) server.run(Command.of(THEOREM))).sorries().get(0).proofState();
        long pid = server.pid();
        server.restart();
        server.run(Command.of(OTHER));
        server.run(Command.of("def y := 2"));
        IllegalArgumentException e = refusedBeforeSending(IllegalArgumentException.class, rec[0],
                () -> server.run(new ProofStep(sorry, "rfl")));
        assertTrue(e.getMessage().contains("lost") && e.getMessage().contains(String.valueOf(pid))
                && e.getMessage().contains("session id"), e.getMessage());
        refusedBeforeSending(IllegalArgumentException.class, rec[0],
                () -> server.run(Command.of("#eval x").withEnv(env.env())));
    }

    @Test
    void anIdNeverHandedOutIsRefused() {
        Path[] rec = new Path[1];
        AutoLeanServer server = recorded(new ReplaySessionCache(), rec);
        server.run(Command.of(OTHER));
        for (LeanRequest r : List.of(new ProofStep(0, "rfl"), Command.of("#eval 1").withEnv(0))) {
            IllegalArgumentException e = refusedBeforeSending(IllegalArgumentException.class, rec[0],
                    () -> server.run(r));
            assertTrue(e.getMessage().contains("never handed out"), e.getMessage());
        }
        try (LeanServer plain = new LeanServer(Simulated.config())) {
            int raw = ((CommandResponse) plain.run(Command.of(OTHER))).sorries().get(0).proofState();
            refusedBeforeSending(IllegalArgumentException.class, rec[0], () -> server.run(new ProofStep(raw, "rfl")));
        }
    }

    @Test
    void handlesNameTheirStatesInTypedAndRawAnswers() {
        AutoLeanServer server = closer.add(new AutoLeanServer(Simulated.config()));
        server.run(Command.of(OTHER));
        CommandResponse typed = (CommandResponse) server.run(Command.of("def secret := 31"));
        ObjectNode rawCmd = LeanJson.mapper().createObjectNode().put("cmd", THEOREM);
        JsonNode raw = server.runRaw(rawCmd, null);
        int env = raw.get("env").asInt();
        int sorry = raw.at("/sorries/0/proofState").asInt();

        assertEquals("31", info(server.run(Command.of("#eval secret").withEnv(typed.env()))));
        String goal = ((ProofStepResponse) server.run(new ProofStep(sorry, "skip"))).goals().get(0);
        assertTrue(goal.contains("kept"), goal);
        assertInstanceOf(CommandResponse.class, server.run(Command.of("#check mine").withEnv(env)));
        ObjectNode rawEval = LeanJson.mapper().createObjectNode().put("cmd", "#eval secret").put("env", typed.env());
        assertEquals("31", server.runRaw(rawEval, null).at("/messages/0/data").asText());
    }

    @Test
    void theProofStatesOfTacticsAreHandlesToo() {
        AutoLeanServer server = closer.add(new AutoLeanServer(Simulated.config()));
        server.run(Command.of(OTHER));
        CommandResponse r = (CommandResponse) server.run(
                Command.of("theorem t (kept : Nat) : kept = kept := by\n  skip\n  rfl").withAllTactics(true));
        assertFalse(r.tactics().isEmpty(), r.toString());
        Tactic first = r.tactics().get(0);
        assertNotNull(first.proofState());
        String goal = ((ProofStepResponse) server.run(new ProofStep(first.proofState(), "skip"))).goals().get(0);
        assertTrue(goal.contains("kept") && !goal.contains("impostor"), goal);
    }

    @Test
    void aSessionIdOfAClosedCacheSaysTheCacheIsClosed() {
        PickleSessionCache cache = new PickleSessionCache(tmp, Duration.ofSeconds(10));
        Path[] rec = new Path[1];
        AutoLeanServer server = recorded(cache, rec);
        int env = ((CommandResponse) server.run(Command.of("def x := 1"), true)).env();
        cache.close();
        IllegalStateException e = refusedBeforeSending(IllegalStateException.class, rec[0],
                () -> server.run(Command.of("#eval x").withEnv(env)));
        assertTrue(e.getMessage().contains("closed") && !e.getMessage().contains("Unknown"), e.getMessage());
        IllegalStateException caching = refusedBeforeSending(IllegalStateException.class, rec[0],
                () -> server.run(Command.of("def y := 2"), true));
        assertTrue(caching.getMessage().contains("closed"), caching.getMessage());
    }
}
