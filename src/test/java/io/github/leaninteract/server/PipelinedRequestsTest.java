package io.github.leaninteract.server;

import static io.github.leaninteract.support.Answers.info;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.leaninteract.config.LeanReplConfig;
import io.github.leaninteract.protocol.Command;
import io.github.leaninteract.protocol.CommandResponse;
import io.github.leaninteract.protocol.LeanRequest;
import io.github.leaninteract.protocol.LeanResponse;
import io.github.leaninteract.protocol.UnpickleEnvironment;
import io.github.leaninteract.support.Closer;
import io.github.leaninteract.support.DeferringRepl;
import io.github.leaninteract.support.NoLeakedProcesses;
import io.github.leaninteract.support.Simulated;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link ServerAccess#runPipelined}: several requests under way at once, against real child processes. */
@ExtendWith(NoLeakedProcesses.class)
@Timeout(120)
class PipelinedRequestsTest {

    @RegisterExtension
    final Closer closer = new Closer();

    private LeanServer server(LeanReplConfig config) {
        return closer.add(new LeanServer(config));
    }

    private static Map<Integer, LeanResponse> run(LeanServer server, List<LeanRequest> requests, Duration perRequest) {
        Map<Integer, LeanResponse> answers = new TreeMap<>();
        ServerAccess.of(server).runPipelined(requests, perRequest, null, (answer, i) -> answers.put(i, answer));
        return answers;
    }

    @Test
    void answersComeInTheOrderOfTheRequests() {
        LeanServer server = server(Simulated.config());
        List<LeanRequest> requests = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            requests.add(Command.of("#eval " + i));
        }
        Map<Integer, LeanResponse> answers = run(server, requests, Duration.ofSeconds(30));
        assertEquals(300, answers.size());
        for (int i = 0; i < 300; i++) {
            assertEquals(String.valueOf(i), info(answers.get(i)));
        }
    }

    @Test
    void laterRequestsAreWrittenBeforeEarlierAnswersAreRead() {
        // This REPL answers no unpickle before it has received five: one at a time would never get an answer.
        LeanServer server = server(LeanReplConfig.builder().replCommand(DeferringRepl.command(5)).build());
        List<LeanRequest> requests = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            requests.add(new UnpickleEnvironment("/state-" + i + ".olean"));
        }
        Map<Integer, LeanResponse> answers = run(server, requests, Duration.ofSeconds(30));
        for (int i = 0; i < 5; i++) {
            assertEquals(i, ((CommandResponse) answers.get(i)).env());
        }
    }

    @Test
    void requestsLargerThanThePipeAreNotDeadlocked() {
        LeanServer server = server(Simulated.config());
        List<LeanRequest> requests = new ArrayList<>();
        String padding = "x".repeat(20_000);
        for (int i = 0; i < 40; i++) {
            requests.add(Command.of("#eval " + i + " -- " + padding));
        }
        requests.add(Command.of("#eval 40 -- " + "y".repeat(300_000)));
        requests.add(Command.of("#eval 41"));
        Map<Integer, LeanResponse> answers = run(server, requests, Duration.ofSeconds(60));
        assertEquals(42, answers.size());
        assertEquals("40", info(answers.get(40)));
        assertEquals("41", info(answers.get(41)));
    }

    @Test
    void whenTheReplDiesMidwayTheAnswersBeforeAreHandedOverAndTheDeathIsReported() {
        LeanServer server = server(Simulated.config());
        List<Integer> answered = new ArrayList<>();
        LeanProcessException e = assertThrows(LeanProcessException.class, () -> ServerAccess.of(server).runPipelined(
                List.of(Command.of("#eval 0"), Command.of("#eval 1"), Command.of("#sim crash 7"), Command.of("#eval 3")),
                Duration.ofSeconds(30), null, (answer, i) -> answered.add(i)));
        assertEquals(List.of(0, 1), answered);
        assertEquals(7, e.exitCode());
        assertFalse(e.beforeFirstAnswer());
        assertFalse(server.isAlive());
    }

    @Test
    void aRequestThatHangsMidwayIsCutByItsTimeout() {
        LeanServer server = server(Simulated.config());
        server.run(Command.of("#eval 0"));
        List<Integer> answered = new ArrayList<>();
        assertThrows(LeanTimeoutException.class, () -> ServerAccess.of(server).runPipelined(
                List.of(Command.of("#eval 0"), Command.of("#sim hang"), Command.of("#eval 2")),
                Duration.ofMillis(500), null, (answer, i) -> answered.add(i)));
        assertEquals(List.of(0), answered);
        assertFalse(server.isAlive(), "killed for the timeout");
    }

    @Test
    void theTotalTimeoutBoundsTheWholeBatch() {
        LeanServer server = server(Simulated.config());
        server.run(Command.of("#eval 0"));
        List<LeanRequest> requests = List.of(Command.of("#sim sleep 100"), Command.of("#sim hang"));
        assertThrows(LeanTimeoutException.class,
                () -> ServerAccess.of(server).runPipelined(requests, null, Duration.ofSeconds(2), (answer, i) -> { }));
        assertFalse(server.isAlive());
    }

    @Test
    void aPlainServerRejectsSessionIdsBeforeSendingAnything() {
        LeanServer server = server(Simulated.config());
        assertThrows(IllegalArgumentException.class, () -> ServerAccess.of(server).runPipelined(
                List.of(Command.of("#eval 0"), Command.of("#eval 1").withEnv(-1)), null, null, (answer, i) -> { }));
        assertInstanceOf(CommandResponse.class, server.run(Command.of("#eval 2")));
        assertTrue(server.isAlive());
    }
}
