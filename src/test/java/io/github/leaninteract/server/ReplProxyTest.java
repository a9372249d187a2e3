package io.github.leaninteract.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.github.leaninteract.protocol.LeanJson;
import io.github.leaninteract.sessioncache.PickleSessionCache;
import io.github.leaninteract.sessioncache.ReplaySessionCache;
import io.github.leaninteract.sessioncache.SessionCache;
import io.github.leaninteract.support.Closer;
import io.github.leaninteract.support.NoLeakedProcesses;
import io.github.leaninteract.support.Simulated;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@link ReplProxy} in process, on the simulator: its own ids, which survive everything the REPL goes through. */
@ExtendWith(NoLeakedProcesses.class)
@Timeout(120)
class ReplProxyTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @RegisterExtension
    final Closer closer = new Closer();

    @TempDir
    Path tmp;

    private AutoLeanServer server;

    private ReplProxy proxy(SessionCache cache, Duration timeout, String... simulatorOptions) {
        server = closer.add(Simulated.autoServer(Simulated.config(simulatorOptions), cache));
        return new ReplProxy(server, timeout);
    }

    private ReplProxy proxy() {
        return proxy(new ReplaySessionCache(), TIMEOUT);
    }

    private static JsonNode ask(ReplProxy proxy, String json) {
        String answer = proxy.handle(json);
        assertTrue(answer != null && !answer.contains("\n"), "one line of JSON: " + answer);
        return LeanJson.readTree(answer);
    }

    private static String cmd(String code) {
        return "{\"cmd\": " + new TextNode(code) + "}";
    }

    private static String cmd(String code, int env) {
        return "{\"cmd\": " + new TextNode(code) + ", \"env\": " + env + "}";
    }

    private static String tactic(String tactic, int proofState) {
        return "{\"tactic\": " + new TextNode(tactic) + ", \"proofState\": " + proofState + "}";
    }

    @Test
    void idsAreTheProxysOwnCountedFromZero() {
        ReplProxy proxy = proxy();
        assertEquals(0, ask(proxy, cmd("def x := 41")).get("env").asInt());
        JsonNode second = ask(proxy, cmd("theorem t (n : Nat) : n = n := by sorry", 0));
        assertEquals(1, second.get("env").asInt());
        assertEquals(0, second.at("/sorries/0/proofState").asInt());
        assertEquals("42", ask(proxy, cmd("#eval x + 1", 1)).at("/messages/0/data").asText());
    }

    @Test
    void statesSurviveACrashOfTheRepl() {
        ReplProxy proxy = proxy();
        int env = ask(proxy, cmd("def x := 41")).get("env").asInt();
        int ps = ask(proxy, cmd("theorem t (n : Nat) : n = n := by sorry", env)).at("/sorries/0/proofState").asInt();
        JsonNode crash = ask(proxy, cmd("#sim crash 3"));
        assertTrue(crash.get("message").asText().contains("next request runs on a new one"), crash.toString());
        assertEquals("41", ask(proxy, cmd("#eval x", env)).at("/messages/0/data").asText());
        server.kill();
        JsonNode step = ask(proxy, tactic("rfl", ps));
        assertEquals("Completed", step.get("proofStatus").asText(), step.toString());
    }

    @Test
    void aRequestPastTheTimeoutIsAnsweredAndTheProxyGoesOn() {
        // Long enough for a restart and a replay on a loaded machine: only the hang must exceed it.
        ReplProxy proxy = proxy(new ReplaySessionCache(), Duration.ofSeconds(10));
        int env = ask(proxy, cmd("def x := 7")).get("env").asInt();
        JsonNode hang = ask(proxy, cmd("#sim hang"));
        assertTrue(hang.get("message").asText().contains("did not answer within"), hang.toString());
        assertEquals("7", ask(proxy, cmd("#eval x", env)).at("/messages/0/data").asText());
    }

    @Test
    void badQueriesAreAnsweredWithMessages() {
        ReplProxy proxy = proxy();
        assertTrue(ask(proxy, "{\"cmd\": ").get("message").asText().startsWith("Could not parse JSON"));
        assertTrue(ask(proxy, "{\"nothing\": 1}").get("message").asText().startsWith("Could not parse as a valid"));
        assertTrue(ask(proxy, "{\"cmd\": \"\"}").has("message"));
        assertEquals("Unknown environment.", ask(proxy, cmd("#eval 1", 0)).get("message").asText());
        assertEquals("Unknown environment.", ask(proxy, cmd("#eval 1", -1)).get("message").asText());
        assertEquals("Unknown proof state.", ask(proxy, tactic("rfl", 3)).get("message").asText());
        // The REPL behind was never asked anything it would die of.
        assertEquals(0, ask(proxy, cmd("def ok := 1")).get("env").asInt());
        assertEquals(1, server.processGeneration());
    }

    @Test
    void commentsAndEmptyQueriesGetNoAnswer() {
        ReplProxy proxy = proxy();
        assertNull(proxy.handle("-- a comment"));
        assertNull(proxy.handle("# another"));
        assertNull(proxy.handle("   "));
    }

    @Test
    void pickleAndUnpicklePassThroughWithIdsTranslated() {
        ReplProxy proxy = proxy();
        int env = ask(proxy, cmd("def x := 5")).get("env").asInt();
        int env2 = ask(proxy, cmd("theorem t (n : Nat) : n = n := by sorry", env)).get("env").asInt();
        String envFile = tmp.resolve("env.olean").toString();
        JsonNode pickled = ask(proxy, "{\"env\": " + env2 + ", \"pickleTo\": " + new TextNode(envFile) + "}");
        assertEquals(env2, pickled.get("env").asInt());
        JsonNode unpickled = ask(proxy, "{\"unpickleEnvFrom\": " + new TextNode(envFile) + "}");
        int env3 = unpickled.get("env").asInt();
        assertEquals(2, env3);
        server.kill();
        assertEquals("5", ask(proxy, cmd("#eval x", env3)).at("/messages/0/data").asText());

        int ps = ask(proxy, cmd("theorem u (n : Nat) : n = n := by sorry", env)).at("/sorries/0/proofState").asInt();
        String psFile = tmp.resolve("ps.olean").toString();
        JsonNode psPickled = ask(proxy, "{\"proofState\": " + ps + ", \"pickleTo\": " + new TextNode(psFile) + "}");
        assertTrue(psPickled.get("proofState").asInt() > ps);
        int ps2 = ask(proxy, "{\"unpickleProofStateFrom\": " + new TextNode(psFile) + ", \"env\": " + env + "}")
                .get("proofState").asInt();
        assertEquals("Completed", ask(proxy, tactic("rfl", ps2)).get("proofStatus").asText());
    }

    @Test
    void withAPickleCacheStatesSurviveToo() {
        PickleSessionCache cache = closer.add(new PickleSessionCache(tmp, Duration.ofSeconds(30)));
        ReplProxy proxy = proxy(cache, TIMEOUT);
        int env = ask(proxy, cmd("def x := 3")).get("env").asInt();
        int ps = ask(proxy, cmd("theorem t (n : Nat) : n = n := by sorry", env)).at("/sorries/0/proofState").asInt();
        ask(proxy, cmd("#sim crash 1"));
        assertEquals("3", ask(proxy, cmd("#eval x", env)).at("/messages/0/data").asText());
        assertEquals("Completed", ask(proxy, tactic("rfl", ps)).get("proofStatus").asText());
    }

    @Test
    void tacticProofStatesSurviveACrashWithAReplayCache() {
        tacticProofStatesSurviveACrash(proxy());
    }

    @Test
    void tacticProofStatesSurviveACrashWithAPickleCache() {
        tacticProofStatesSurviveACrash(proxy(closer.add(new PickleSessionCache(tmp, Duration.ofSeconds(30))), TIMEOUT));
    }

    private void tacticProofStatesSurviveACrash(ReplProxy proxy) {
        JsonNode answer = ask(proxy, "{\"cmd\": \"theorem t : ∀ n : Nat, n = n := by\\n  intro n\\n  rfl\", \"allTactics\": true}");
        int first = answer.at("/tactics/0/proofState").asInt();
        int second = answer.at("/tactics/1/proofState").asInt();
        int derived = ask(proxy, tactic("intro n", first)).get("proofState").asInt();
        server.kill();
        JsonNode whole = ask(proxy, tactic("intro n\nrfl", first));
        assertEquals("Completed", whole.get("proofStatus").asText(), whole.toString());
        assertEquals("Completed", ask(proxy, tactic("rfl", second)).get("proofStatus").asText());
        assertEquals("Completed", ask(proxy, tactic("rfl", derived)).get("proofStatus").asText());
    }

    @Test
    void importHeadersAreBuiltOnce() {
        Path record = tmp.resolve("requests.txt");
        server = closer.add(Simulated.autoServer(Simulated.recording(record), new ReplaySessionCache()));
        ReplProxy proxy = new ReplProxy(server, TIMEOUT);
        for (int i = 0; i < 3; i++) {
            JsonNode answer = ask(proxy, cmd("import Mathlib\n\ntheorem t" + i + " (n : Nat) : n = n := by sorry"));
            assertEquals(3, answer.at("/messages/0/pos/line").asInt());
            assertEquals("Completed", ask(proxy, tactic("rfl", answer.at("/sorries/0/proofState").asInt()))
                    .get("proofStatus").asText());
        }
        assertEquals(1, CheckTest.headerBuilds(record));
    }

    @Test
    void serveAnswersEveryQueryOfAStreamFollowedByABlankLine() {
        ReplProxy proxy = proxy();
        String input = "{\"cmd\": \"def x := 2\"}\n\n\n\n-- comment\n\n{\"cmd\":\n   \"#eval x\",\n \"env\": 0}\n\nnot json\n\n"
                + "{\"cmd\": \"#eval x + 1\", \"env\": 0}";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        proxy.serve(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), out);
        String[] answers = out.toString(StandardCharsets.UTF_8).split("\n\n");
        assertEquals(4, answers.length, out.toString(StandardCharsets.UTF_8));
        assertEquals(0, LeanJson.readTree(answers[0]).get("env").asInt());
        assertEquals("2", LeanJson.readTree(answers[1]).at("/messages/0/data").asText());
        assertTrue(LeanJson.readTree(answers[2]).has("message"));
        assertEquals("3", LeanJson.readTree(answers[3]).at("/messages/0/data").asText());
        assertFalse(out.toString(StandardCharsets.UTF_8).contains("\n\n\n"));
    }
}
