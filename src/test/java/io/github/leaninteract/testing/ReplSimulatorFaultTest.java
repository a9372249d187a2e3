package io.github.leaninteract.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.leaninteract.support.Closer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static io.github.leaninteract.testing.SimulatorProcess.firstMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every {@code #sim} fault. */
class ReplSimulatorFaultTest {

    @RegisterExtension
    final Closer closer = new Closer();

    private SimulatorProcess repl;

    @BeforeEach
    void start() throws IOException {
        repl = closer.add(SimulatorProcess.start());
    }

    private JsonNode sim(String directive) throws IOException {
        return repl.request("{\"cmd\": \"" + directive + "\"}");
    }

    @Test
    void hangNeverAnswersAndKeepsRunning() throws Exception {
        repl.send("{\"cmd\": \"#sim hang\"}");
        assertFalse(repl.answersWithin(Duration.ofMillis(300)));
        assertTrue(repl.process().isAlive());
    }

    @Test
    void waitForAnswersOnceTheFileExists(@TempDir Path tmp) throws Exception {
        Path gate = tmp.resolve("the gate");
        repl.send("{\"cmd\": \"#sim wait-for " + gate + "\"}");
        assertFalse(repl.answersWithin(Duration.ofMillis(300)), "answered with the gate closed");
        Files.createFile(gate);
        assertTrue(repl.answersWithin(Duration.ofSeconds(30)), "no answer once the gate opened");
        assertEquals(1, sim("#sim wait-for " + gate).get("env").asInt(), "an open gate answers at once");
    }

    @Test
    void sleepAnswersNormallyAfterTheDelay() throws Exception {
        long t0 = System.nanoTime();
        JsonNode answer = sim("#sim sleep 150");
        assertTrue(System.nanoTime() - t0 >= 150_000_000L);
        assertEquals(0, answer.get("env").asInt());
    }

    @Test
    void simAnswerCopiesTheGivenEnvironment() throws Exception {
        repl.request("{\"cmd\": \"def f := 5\"}");
        JsonNode answer = repl.request("{\"cmd\": \"#sim sleep 1\", \"env\": 0}");
        assertEquals(1, answer.get("env").asInt());
        assertEquals("5", firstMessage(repl.request("{\"cmd\": \"#eval f\", \"env\": 1}")));
    }

    @Test
    void crashExitsWithOneByDefault() throws Exception {
        repl.send("{\"cmd\": \"#sim crash\"}");
        repl.assertExits(1, "simulated crash");
    }

    @Test
    void crashExitsWithTheGivenCode() throws Exception {
        repl.send("{\"cmd\": \"#sim crash 7\"}");
        assertEquals(7, repl.exitCode());
    }

    @Test
    void abortLooksLikeLeanRunningOutOfMemory() throws Exception {
        repl.send("{\"cmd\": \"#sim abort\"}");
        repl.assertExits(134, "INTERNAL PANIC: out of memory");
    }

    @Test
    void exitEndsWithZeroAndNoAnswer() throws Exception {
        repl.send("{\"cmd\": \"#sim exit\"}");
        assertEquals(0, repl.exitCode());
        assertFalse(repl.answersWithin(Duration.ofMillis(100)));
    }

    @Test
    void stderrWritesTheGivenBytesThenAnswers() throws Exception {
        sim("#sim stderr 200000");
        repl.closeInput();
        String stderr = repl.stderrAfterExit();
        assertEquals(200_000, stderr.length() - ReplSimulator.BANNER.length() - 1);
    }

    @Test
    void allocGrowsTheResidentSize() throws Exception {
        long before = residentKb(repl.process().pid());
        JsonNode answer = sim("#sim alloc 64");
        assertTrue(firstMessage(answer).startsWith("allocated 64 MiB"));
        assertTrue(residentKb(repl.process().pid()) - before >= 60 * 1024);
    }

    private static long residentKb(long pid) throws IOException {
        for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        throw new IllegalStateException("no VmRSS for " + pid);
    }

    @Test
    void garbageIsNotJsonAndEndsWithABlankLine() throws Exception {
        repl.send("{\"cmd\": \"#sim garbage\"}");
        String answer = repl.nextAnswer();
        assertThrowsOnParse(answer);
        assertEquals(0, repl.request("{\"cmd\": \"def f := 1\"}").get("env").asInt());
    }

    private static void assertThrowsOnParse(String text) {
        try {
            new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
        } catch (IOException expected) {
            return;
        }
        throw new AssertionError("parsed as JSON: " + text);
    }

    @Test
    void hugeAnswersWithAMessageOfTheGivenSize() throws Exception {
        assertEquals(1_000_000, firstMessage(sim("#sim huge 1000000")).length());
        assertEquals(10_000_000, firstMessage(sim("#sim huge 10000000")).length());
    }

    @Test
    void spawnStartsAChildProcessAndTellsItsPid() throws Exception {
        String data = firstMessage(sim("#sim spawn"));
        long pid = Long.parseLong(data.substring("spawned pid ".length()));
        Optional<ProcessHandle> child = ProcessHandle.of(pid);
        try {
            assertTrue(child.isPresent() && child.get().isAlive());
            assertEquals(Optional.of(repl.process().pid()), child.get().parent().map(ProcessHandle::pid));
        } finally {
            child.ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void unknownDirectiveIsAnErrorMessage() throws Exception {
        JsonNode answer = sim("#sim explode");
        assertEquals("error", answer.at("/messages/0/severity").asText());
        assertTrue(repl.process().isAlive());
    }

    @Test
    void directivesRunInOrder() throws Exception {
        JsonNode answer = sim("#sim stderr 10\\n#sim huge 3");
        assertEquals("abc", firstMessage(answer));
        assertEquals(2, answer.at("/messages/0/pos/line").asInt());
    }
}
