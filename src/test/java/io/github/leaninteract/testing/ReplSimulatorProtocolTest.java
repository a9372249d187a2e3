package io.github.leaninteract.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.leaninteract.support.Closer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.github.leaninteract.testing.SimulatorProcess.firstMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Framing, ids, the ways the process dies, and the command-line options. */
class ReplSimulatorProtocolTest {

    @TempDir
    Path dir;

    @RegisterExtension
    final Closer closer = new Closer();

    private SimulatorProcess start(String... options) throws IOException {
        return closer.add(SimulatorProcess.start(options));
    }

    @Test
    void commandRunsTheCurrentJavaWithTheSimulatorsClassPathAndMainClass() {
        List<String> argv = ReplSimulator.command("--no-blank-line");
        assertEquals(Path.of(System.getProperty("java.home"), "bin", "java").toString(), argv.get(0));
        int cp = argv.indexOf("-cp");
        assertEquals(ReplSimulator.classPath(), argv.get(cp + 1));
        assertEquals(ReplSimulator.class.getName(), argv.get(cp + 2));
        assertEquals("--no-blank-line", argv.get(argv.size() - 1));
    }

    @Test
    void saysOnStderrThatItIsNotLean() throws Exception {
        SimulatorProcess repl = start();
        repl.closeInput();
        assertEquals(0, repl.exitCode());
        assertTrue(repl.stderrAfterExit().startsWith(ReplSimulator.BANNER));
    }

    @Test
    void answersArePrettyPrintedLikeTheRealRepl() throws Exception {
        SimulatorProcess repl = start();
        repl.send("{\"cmd\": \"def f : Nat := by sorry\"}");
        assertEquals("{\"sorries\":\n"
                + " [{\"proofState\": 0,\n"
                + "   \"pos\": {\"line\": 1, \"column\": 18},\n"
                + "   \"goal\": \"⊢ Nat\",\n"
                + "   \"endPos\": {\"line\": 1, \"column\": 23}}],\n"
                + " \"messages\":\n"
                + " [{\"severity\": \"warning\",\n"
                + "   \"pos\": {\"line\": 1, \"column\": 4},\n"
                + "   \"endPos\": {\"line\": 1, \"column\": 5},\n"
                + "   \"data\": \"declaration uses `sorry`\"}],\n"
                + " \"env\": 0}", repl.nextAnswer());
    }

    @Test
    void environmentIdsGrowFromZero() throws Exception {
        SimulatorProcess repl = start();
        assertEquals(0, repl.request("{\"cmd\": \"def a := 1\"}").get("env").asInt());
        assertEquals(1, repl.request("{\"cmd\": \"def b := 2\", \"env\": 0}").get("env").asInt());
        assertEquals(2, repl.request("{\"cmd\": \"def b := 3\", \"env\": 0}").get("env").asInt());
    }

    @Test
    void unknownEnvironmentIsAnOrdinaryAnswer() throws Exception {
        SimulatorProcess repl = start();
        JsonNode answer = repl.request("{\"cmd\": \"def f := 1\", \"env\": 5}");
        assertEquals("Unknown environment.", answer.get("message").asText());
        assertEquals(1, answer.size());
        assertEquals(0, repl.request("{\"cmd\": \"def f := 1\"}").get("env").asInt());
    }

    @Test
    void unknownProofStateIsAnOrdinaryAnswer() throws Exception {
        SimulatorProcess repl = start();
        JsonNode answer = repl.request("{\"tactic\": \"rfl\", \"proofState\": 3}");
        assertEquals("Unknown proof state.", answer.get("message").asText());
        assertTrue(repl.process().isAlive());
    }

    @Test
    void commentsGetNoAnswer() throws Exception {
        SimulatorProcess repl = start();
        repl.send("# a comment");
        repl.send("-- another one");
        JsonNode answer = repl.request("{\"cmd\": \"#eval 1 + 1\"}");
        assertEquals("2", firstMessage(answer));
        assertEquals(0, answer.get("env").asInt());
    }

    @Test
    void linesOfOneRequestAreJoinedWithoutSeparator() throws Exception {
        SimulatorProcess repl = start();
        repl.sendRaw("{\"cmd\":   \n \"#eval 40 + 2\"}\n\n");
        assertEquals("42", firstMessage(repl.request("{\"cmd\": \"#eval 40 + 2\"}")));
        assertEquals("42", firstMessage(new com.fasterxml.jackson.databind.ObjectMapper().readTree(repl.nextAnswer())));
    }

    @Test
    void endOfInputEndsNormally() throws Exception {
        SimulatorProcess repl = start();
        repl.request("{\"cmd\": \"def f := 1\"}");
        repl.closeInput();
        assertEquals(0, repl.exitCode());
    }

    @Test
    void requestBeforeEndOfInputIsStillAnswered() throws Exception {
        SimulatorProcess repl = start();
        repl.sendRaw("{\"cmd\": \"#eval 7\"}");
        repl.closeInput();
        assertTrue(repl.nextAnswer().contains("\"7\""));
        assertEquals(0, repl.exitCode());
    }

    @Test
    void invalidJsonKillsTheProcessWithoutAnswer() throws Exception {
        SimulatorProcess repl = start();
        repl.send("{\"cmd\": ");
        repl.assertExits(1, "Could not parse JSON");
        assertFalse(repl.answersWithin(Duration.ofMillis(100)));
    }

    @Test
    void negativeIdKillsTheProcess() throws Exception {
        SimulatorProcess repl = start();
        repl.send("{\"cmd\": \"def f := 1\", \"env\": -1}");
        repl.assertExits(1, "Could not parse as a valid JSON command");
    }

    @Test
    void requestOfNoKnownShapeKillsTheProcess() throws Exception {
        SimulatorProcess repl = start();
        repl.send("{\"hello\": \"world\"}");
        repl.assertExits(1, "uncaught exception");
    }

    @Test
    void extraBlankLineIsAnEmptyRequestThatKillsTheProcess() throws Exception {
        SimulatorProcess repl = start();
        repl.sendRaw("{\"cmd\": \"def f := 1\"}\n\n\n");
        repl.nextAnswer();
        repl.assertExits(1, "Could not parse JSON");
    }

    @Test
    void fileRequestRunsTheFileAsACommand() throws Exception {
        Path file = dir.resolve("demo.lean");
        Files.writeString(file, "def f : Nat := 5\n#eval f * 2\n");
        SimulatorProcess repl = start();
        JsonNode answer = repl.request("{\"path\": \"" + file + "\"}");
        assertEquals("10", firstMessage(answer));
    }

    @Test
    void missingFileIsAnErrorAnswer() throws Exception {
        SimulatorProcess repl = start();
        JsonNode answer = repl.request("{\"path\": \"" + dir.resolve("absent.lean") + "\"}");
        assertTrue(answer.get("message").asText().startsWith("no such file or directory"));
        assertTrue(repl.process().isAlive());
    }

    @Test
    void recordKeepsEveryRequestAsReceived() throws Exception {
        Path record = dir.resolve("requests.txt");
        SimulatorProcess repl = start("--record", record.toString());
        repl.sendRaw("{\"cmd\":\n \"def f := 1\"}\n\n");
        repl.nextAnswer();
        repl.send("# not recorded");
        repl.request("{\"cmd\": \"#eval f\", \"env\": 0}");
        assertEquals(List.of("{\"cmd\": \"def f := 1\"}", "{\"cmd\": \"#eval f\", \"env\": 0}"),
                ReplSimulator.readRecording(record));
    }

    @Test
    void recordShowsARequestThatKilledTheProcess() throws Exception {
        Path record = dir.resolve("requests.txt");
        SimulatorProcess repl = start("--record", record.toString());
        repl.send("{\"tactic\": \"rfl\", \"proofState\": -2}");
        assertEquals(1, repl.exitCode());
        assertEquals(List.of("{\"tactic\": \"rfl\", \"proofState\": -2}"), ReplSimulator.readRecording(record));
    }

    @Test
    void readRecordingOfAMissingFileIsEmpty() throws Exception {
        assertEquals(List.of(), ReplSimulator.readRecording(dir.resolve("none.txt")));
    }

    @Test
    void failOnStartExitsWithThree() throws Exception {
        SimulatorProcess repl = start("--fail-on-start");
        repl.assertExits(3, "--fail-on-start");
    }

    @Test
    void unknownOptionExitsWithUsage() throws Exception {
        SimulatorProcess repl = start("--bogus");
        repl.assertExits(2, "usage");
    }

    @Test
    void noBlankLineAnswersOneCompactLine() throws Exception {
        SimulatorProcess repl = start("--no-blank-line");
        repl.send("{\"cmd\": \"#eval 6 * 7\"}");
        assertEquals("{\"messages\":[{\"severity\":\"info\",\"pos\":{\"line\":1,\"column\":0},"
                + "\"endPos\":{\"line\":1,\"column\":5},\"data\":\"42\"}],\"env\":0}", repl.nextAnswer());
        repl.send("{\"cmd\": \"def f := 1\"}");
        assertEquals("{\"env\":1}", repl.nextAnswer());
    }

    @Test
    void startupDelayStillAnswers() throws Exception {
        SimulatorProcess repl = start("--startup-delay", "200");
        long t0 = System.nanoTime();
        repl.request("{\"cmd\": \"def f := 1\"}");
        assertTrue(System.nanoTime() - t0 >= 200_000_000L);
    }

    @Test
    void utf8TravelsBothWays() throws Exception {
        SimulatorProcess repl = start();
        JsonNode answer = repl.request("{\"cmd\": \"theorem t (p : Prop) : ∀ n : Nat, p → p := by sorry\"}");
        assertEquals("p : Prop\n⊢ ∀ n : Nat, p → p", answer.at("/sorries/0/goal").asText());
        JsonNode step = repl.request("{\"tactic\": \"intro k hp\", \"proofState\": 0}");
        assertEquals("p : Prop\nk : Nat\nhp : p\n⊢ p", step.at("/goals/0").asText());
    }

    @Test
    void tenMegabyteRequestOnOneLineIsAnswered() throws Exception {
        SimulatorProcess repl = start();
        String big = "⊢x".repeat(2_500_000); // 10 MB of UTF-8
        JsonNode answer = repl.request("{\"cmd\": \"def big : String := \\\"" + big + "\\\"\\n#eval big ++ \\\"!\\\"\"}");
        assertEquals(big.length() + 3, firstMessage(answer).length());
    }

    @Test
    void startsUnderItsDocumentedAddressSpaceLimit() throws Exception {
        SimulatorProcess repl = startUnderLimit(ReplSimulator.MIN_MEMORY_LIMIT_MB);
        assertEquals("37", firstMessage(repl.request("{\"cmd\": \"def f := 37\\n#eval f\"}")));
        repl.send("{\"cmd\": \"#sim alloc " + 2 * ReplSimulator.MIN_MEMORY_LIMIT_MB + "\"}");
        // Once the address space is full, the JVM itself may fail a native allocation before the simulator
        // halts: then it dies by its own fatal error. Either way: no answer, a failure exit, the panic said.
        int exit = repl.exitCode();
        String stderr = repl.stderrAfterExit();
        assertTrue(exit == 134 || exit == 1, "exit " + exit + "\n" + stderr);
        assertTrue(stderr.contains("INTERNAL PANIC: out of memory"), stderr);
    }

    private SimulatorProcess startUnderLimit(int mib) throws IOException {
        List<String> argv = new ArrayList<>(List.of("sh", "-c", "ulimit -v " + mib * 1024 + "; exec \"$@\"", "sh"));
        argv.addAll(ReplSimulator.command());
        return closer.add(SimulatorProcess.start(argv));
    }

    @Test
    void answersAreSeparatedByExactlyOneBlankLine() throws Exception {
        SimulatorProcess repl = start();
        repl.send("{\"cmd\": \"theorem t (x : Nat) : x = x := by sorry\"}");
        String first = repl.nextAnswer();
        assertFalse(first.isEmpty());
        repl.send("{\"tactic\": \"rfl\", \"proofState\": 0}");
        String second = repl.nextAnswer();
        assertNotEquals("", second);
        assertEquals("{\"proofStatus\": \"Completed\", \"proofState\": 1, \"goals\": []}", second);
    }
}
