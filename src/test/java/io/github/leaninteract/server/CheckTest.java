package io.github.leaninteract.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.leaninteract.config.LeanReplConfig;
import io.github.leaninteract.protocol.Command;
import io.github.leaninteract.protocol.CommandResponse;
import io.github.leaninteract.protocol.InfoTreeOptions;
import io.github.leaninteract.protocol.LeanJson;
import io.github.leaninteract.protocol.LeanResponse;
import io.github.leaninteract.sessioncache.PickleSessionCache;
import io.github.leaninteract.sessioncache.ReplaySessionCache;
import io.github.leaninteract.support.Closer;
import io.github.leaninteract.support.NoLeakedProcesses;
import io.github.leaninteract.support.Simulated;
import io.github.leaninteract.testing.ReplSimulator;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code AutoLeanServer.check}: answers as a fresh run of the whole text, with import headers built once. */
@ExtendWith(NoLeakedProcesses.class)
@Timeout(120)
class CheckTest {

    static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** Texts whose answers must not change with header reuse; each is also checked with tactics and info trees. */
    static final List<String> TEXTS = List.of(
            "import Mathlib\nimport Aesop\n\ntheorem t (x : Nat) : x = x := by sorry\n#eval 1 + 1",
            "/- header comment\n  spanning /- nested -/ lines -/\n-- line\nimport Mathlib -- why\n\n/- among -/ import Aesop\n"
                    + "def f (n : Nat) : Nat := n * 2\n#eval f 21",
            "import Mathlib\nimport Aesop\ndef x : Nat := \"s\"\n#eval nope\ntheorem bad : 1 = 2 := rfl",
            "import Mathlib\ntheorem a : 1 = 1 := sorry\ntheorem b (p : Prop) (h : p) : p := by\n  sorry\n"
                    + "theorem c (n : Nat) : n = n := by\n  intro\n  rfl",
            "import Mathlib\ntheorem ü (α : Nat) : α = α := by\n  have h : 1 = 1 := sorry\n  rfl\n#eval \"é\" ++ nope",
            "import Mathlib\n/-- doc -/\ndef d := 1\n#eval d",
            "import Mathlib\n/- a comment\nacross the split -/ def e := 5\n#eval e",
            "import Mathlib\ndef w := 1\nimport Lean",
            "import Mathlib def v := 1\n#eval v",
            "import Mathlib\nimport NoSuchPackage.Foo\ndef z := 1\n#eval z",
            "def y := 3\n#eval y\ntheorem s : y = y := by sorry",
            "-- no imports, a comment only\n#eval 7",
            "prelude\nimport Mathlib\n#eval 2 * 3",
            "import Mathlib\n\n-- only comments after the header\n");

    @RegisterExtension
    final Closer closer = new Closer();

    @TempDir
    Path tmp;

    @Test
    void answersEqualThoseOfAFreshRunOfTheWholeText() {
        AutoLeanServer checker = closer.add(Simulated.autoServer(Simulated.config(), new ReplaySessionCache()));
        LeanServer reference = closer.add(new LeanServer(Simulated.config()));
        List<Function<Command, Command>> variants = List.of(c -> c, c -> c.withAllTactics(true).withRootGoals(true),
                c -> c.withInfotree(InfoTreeOptions.FULL));
        for (Function<Command, Command> variant : variants) {
            for (String text : TEXTS) {
                Command command = variant.apply(Command.of(text));
                LeanResponse expected = reference.run(command, TIMEOUT);
                LeanResponse actual = checker.check(command, TIMEOUT);
                assertEquals(withoutIds(expected), withoutIds(actual), () -> "for " + command);
            }
        }
    }

    @Test
    void theAnswerIsTheBodyRunsAndItsIdsWorkInLaterRequests() {
        AutoLeanServer checker = closer.add(Simulated.autoServer(Simulated.config(), new ReplaySessionCache()));
        CommandResponse answer = assertInstanceOf(CommandResponse.class,
                checker.check("import Mathlib\ndef x := 41\ntheorem t : x = x := sorry", TIMEOUT));
        assertEquals("41", info(checker.run(Command.of("#eval x").withEnv(answer.env()), TIMEOUT)));
        int proofState = answer.sorries().get(0).proofState();
        LeanResponse step = checker.run(new io.github.leaninteract.protocol.ProofStep(proofState, "rfl"), TIMEOUT);
        assertEquals("Completed", ((io.github.leaninteract.protocol.ProofStepResponse) step).proofStatus());
    }

    @Test
    void aHeaderIsBuiltOnceForManyChecksWhateverItsCommentsAndSpacing() {
        Path record = tmp.resolve("requests.txt");
        AutoLeanServer checker = closer.add(Simulated.autoServer(Simulated.recording(record), new ReplaySessionCache()));
        for (int i = 0; i < 6; i++) {
            String header = i % 2 == 0 ? "import Mathlib\nimport Aesop\n" : "-- variant\nimport  Mathlib /- c -/\n\nimport Aesop\n";
            assertEquals(String.valueOf(i), info(checker.check(header + "#eval " + i, TIMEOUT)));
        }
        assertEquals(1, headerBuilds(record));
        assertEquals(6, bodyRuns(record));
        assertEquals(1, checker.sessionCache().keys().size());
    }

    @Test
    void distinctHeadersAreDistinctEnvironments() {
        Path record = tmp.resolve("requests.txt");
        AutoLeanServer checker = closer.add(Simulated.autoServer(Simulated.recording(record), new ReplaySessionCache()));
        checker.check("import Mathlib\n#eval 1", TIMEOUT);
        checker.check("import Aesop\n#eval 1", TIMEOUT);
        checker.check("import Aesop\nimport Mathlib\n#eval 1", TIMEOUT);
        checker.check("import Mathlib\nimport Aesop\n#eval 1", TIMEOUT);
        checker.check("import Aesop\n#eval 2", TIMEOUT);
        assertEquals(4, headerBuilds(record));
    }

    @Test
    void optionsArePartOfWhatAHeaderBuilds() {
        Path record = tmp.resolve("requests.txt");
        AutoLeanServer checker = closer.add(Simulated.autoServer(Simulated.recording(record), new ReplaySessionCache()));
        Command withOption = Command.of("import Mathlib\n#eval 1").withOption(List.of("maxHeartbeats"), 1000);
        checker.check(withOption, TIMEOUT);
        checker.check(withOption, TIMEOUT);
        checker.check(Command.of("import Mathlib\n#eval 1"), TIMEOUT);
        assertEquals(2, headerBuilds(record));
        assertTrue(requests(record).get(0).has("setOptions"), "the header is built with the text's options");
    }

    @Test
    void twoThreadsCheckingTheSameNewHeaderBuildItOnce() throws Exception {
        Path record = tmp.resolve("requests.txt");
        // Importing takes a while, so the second thread arrives while the first builds.
        LeanReplConfig config = Simulated.recording(record, "--import-cost-ms", "300");
        AutoLeanServer checker = closer.add(Simulated.autoServer(config, new ReplaySessionCache()));
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<LeanResponse>> checks = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String code = "import Mathlib\nimport Aesop\n#eval " + i;
            checks.add(CompletableFuture.supplyAsync(() -> {
                await(go);
                return checker.check(code, TIMEOUT);
            }));
        }
        go.countDown();
        for (int i = 0; i < 4; i++) {
            assertEquals(String.valueOf(i), info(checks.get(i).get()));
        }
        assertEquals(1, headerBuilds(record));
    }

    @Test
    void aCheckWaitingForAnotherThreadsHeaderBuildGivesUpAtItsOwnTimeout() throws Exception {
        Path record = tmp.resolve("requests.txt");
        LeanReplConfig config = Simulated.recording(record, "--import-cost-ms", "3000");
        AutoLeanServer checker = closer.add(Simulated.autoServer(config, new ReplaySessionCache()));
        CompletableFuture<LeanResponse> builder = CompletableFuture.supplyAsync(
                () -> checker.check("import Mathlib\n#eval 1", TIMEOUT));
        Simulated.awaitReceived(record, 1);   // the header is being built now

        long t0 = System.nanoTime();
        LeanTimeoutException e = assertThrows(LeanTimeoutException.class,
                () -> checker.check("import Mathlib\n#eval 2", Duration.ofMillis(200)));
        assertTrue(System.nanoTime() - t0 >= Duration.ofMillis(200).toNanos());
        assertTrue(e.getMessage().contains("no REPL was killed"), e.getMessage());
        assertEquals("1", info(builder.get()), "the build goes on for the request that started it");
        assertEquals(1, headerBuilds(record));
    }

    @Test
    void theHeaderEnvironmentSurvivesACrash() {
        Path record = tmp.resolve("requests.txt");
        AutoLeanServer checker = closer.add(Simulated.autoServer(Simulated.recording(record), new ReplaySessionCache()));
        String code = "import Mathlib\ndef x := 2\n#eval x + 1";
        LeanResponse before = checker.check(code, TIMEOUT);
        checker.kill();
        LeanResponse after = checker.check(code, TIMEOUT);
        assertEquals(withoutIds(before), withoutIds(after));
        // The replay cache restores the header's state by running it again, once, in the new process.
        assertEquals(2, headerBuilds(record));
        assertEquals(1, checker.sessionCache().keys().size());
        checker.check("import Mathlib\n#eval 0", TIMEOUT);
        assertEquals(2, headerBuilds(record));
    }

    @Test
    void withAPickleCacheARestartUnpicklesTheHeaderInsteadOfImportingAgain() {
        Path record = tmp.resolve("requests.txt");
        PickleSessionCache cache = closer.add(new PickleSessionCache(tmp.resolve("pickles"), Duration.ofSeconds(30)));
        AutoLeanServer checker = closer.add(Simulated.autoServer(Simulated.recording(record), cache));
        String code = "import Mathlib\ntheorem t (n : Nat) : n = n := by sorry";
        LeanResponse before = checker.check(code, TIMEOUT);
        Simulated.crash(checker);
        assertEquals(withoutIds(before), withoutIds(checker.check(code, TIMEOUT)));
        assertEquals(1, headerBuilds(record));
        assertTrue(ReplSimulator.readRecording(record).stream().anyMatch(r -> r.contains("unpickleEnvFrom")));
    }

    @Test
    void aFailingHeaderIsNotKept() {
        Path record = tmp.resolve("requests.txt");
        AutoLeanServer checker = closer.add(Simulated.autoServer(Simulated.recording(record), new ReplaySessionCache()));
        String code = "import Mathlib\nimport NoSuchPackage\n#eval 1";
        CommandResponse answer = assertInstanceOf(CommandResponse.class, checker.check(code, TIMEOUT));
        assertTrue(answer.messages().get(0).data().startsWith("unknown module prefix 'NoSuchPackage'"));
        assertTrue(checker.sessionCache().isEmpty());
        checker.check(code, TIMEOUT);
        assertEquals(4, headerBuilds(record), "each check tries the header, then runs the whole text");
    }

    @Test
    void aClearedCacheMakesTheNextCheckBuildTheHeaderAgain() {
        Path record = tmp.resolve("requests.txt");
        AutoLeanServer checker = closer.add(Simulated.autoServer(Simulated.recording(record), new ReplaySessionCache()));
        checker.check("import Mathlib\n#eval 1", TIMEOUT);
        checker.clearSessionCache(false);
        assertEquals("2", info(checker.check("import Mathlib\n#eval 2", TIMEOUT)));
        assertEquals(2, headerBuilds(record));
    }

    @Test
    void checkTakesNoEnvironment() {
        AutoLeanServer checker = closer.add(Simulated.autoServer(Simulated.config(), new ReplaySessionCache()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> checker.check(Command.of("import Mathlib\n#eval 1").withEnv(0), TIMEOUT));
        assertTrue(e.getMessage().contains("use run"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> checker.check("  ", TIMEOUT));
    }

    static String info(LeanResponse response) {
        return io.github.leaninteract.support.Answers.info(response);
    }

    static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The answer as JSON without its {@code env} and {@code proofState} ids, which depend on the process's history. */
    static JsonNode withoutIds(LeanResponse response) {
        JsonNode tree = LeanJson.toTree(response);
        strip(tree);
        return tree;
    }

    private static void strip(JsonNode node) {
        if (node instanceof ObjectNode o) {
            o.remove(List.of("env", "proofState"));
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                strip(it.next().getValue());
            }
        } else if (node instanceof ArrayNode a) {
            a.forEach(CheckTest::strip);
        }
    }

    /** Commands without env that import: header builds, and whole texts run as they are. */
    static long headerBuilds(Path record) {
        return requests(record).stream()
                .filter(r -> r.has("cmd") && !r.has("env") && r.get("cmd").asText().contains("import")).count();
    }

    static long bodyRuns(Path record) {
        return requests(record).stream().filter(r -> r.has("cmd") && r.has("env")).count();
    }

    static List<JsonNode> requests(Path record) {
        return ReplSimulator.readRecording(record).stream().map(LeanJson::readTree).toList();
    }
}
