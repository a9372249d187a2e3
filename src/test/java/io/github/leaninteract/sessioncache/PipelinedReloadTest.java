package io.github.leaninteract.sessioncache;

import static io.github.leaninteract.support.Answers.info;
import static io.github.leaninteract.support.Simulated.crash;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.leaninteract.config.LeanReplConfig;
import io.github.leaninteract.protocol.Command;
import io.github.leaninteract.protocol.CommandResponse;
import io.github.leaninteract.protocol.LeanJson;
import io.github.leaninteract.server.AutoLeanServer;
import io.github.leaninteract.support.Closer;
import io.github.leaninteract.support.DeferringRepl;
import io.github.leaninteract.support.NoLeakedProcesses;
import io.github.leaninteract.support.Simulated;
import io.github.leaninteract.testing.ReplSimulator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The eager reload of a {@link PickleSessionCache} has several unpickles under way at once (issue 8), and
 * keeps every guarantee of the cache when the REPL dies midway.
 */
@ExtendWith(NoLeakedProcesses.class)
@Timeout(120)
class PipelinedReloadTest {

    @TempDir
    Path tmp;

    @RegisterExtension
    final Closer closer = new Closer();

    private Path recording() {
        return tmp.resolve("requests.txt");
    }

    @Test
    void anEagerReloadHasSeveralUnpicklesUnderWayAtOnce() {
        // This REPL answers no unpickle before it has received five: restoring one state at a time would wait
        // for the first answer for ever.
        LeanReplConfig config = LeanReplConfig.builder().replCommand(DeferringRepl.command(5))
                .enableIncrementalOptimization(false).enableParallelElaboration(false).build();
        PickleSessionCache cache = closer.add(new PickleSessionCache(tmp, Duration.ofSeconds(10)));
        AutoLeanServer server = closer.add(Simulated.autoBuilder(config).sessionCache(cache)
                .restoreTimeout(Duration.ofSeconds(30)).build());
        for (int i = 0; i < 5; i++) {
            server.run(Command.of("def x" + i + " := " + i), true);
        }
        server.kill();
        server.run(Command.of("#eval 1"));
        for (int id = -1; id >= -5; id--) {
            assertTrue(cache.isRestoredIn(id, server), id + " restored by the reload");
        }
    }

    @Test
    void aPickleThatKillsTheReplMidwayIsMarkedAndEveryOtherStateIsRestoredOncePerProcess() throws IOException {
        PickleSessionCache cache = closer.add(new PickleSessionCache(tmp, Duration.ofSeconds(10)));
        AutoLeanServer server = closer.add(Simulated.autoServer(Simulated.recording(recording()), cache));
        for (int i = 1; i <= 6; i++) {
            server.run(Command.of("def v" + i + " := " + i), true);
        }
        Path bad = cache.get(-3).pickleFile();
        Files.writeString(bad, "this is not a pickle");
        crash(server);

        // The reload restores -1 and -2, dies on -3, restarts and restores the others: the request never fails.
        assertEquals("6", info(server.run(Command.of("#eval v6").withEnv(-6))));
        for (int id : List.of(-1, -2, -4, -5, -6)) {
            assertTrue(cache.isRestoredIn(id, server), id + " restored");
        }
        SessionCacheException e = assertThrows(SessionCacheException.class,
                () -> server.run(Command.of("#eval v3").withEnv(-3)));
        assertTrue(e.getMessage().contains("-3"), e.getMessage());
        assertEquals("1", info(server.run(Command.of("#eval v1").withEnv(-1))));

        List<List<String>> processes = unpicklesPerProcess();
        assertEquals(1, processes.stream().flatMap(List::stream).filter(p -> p.equals(bad.toString())).count(),
                "the bad pickle killed one REPL, and was never sent again: " + processes);
        for (List<String> unpickled : processes) {
            assertEquals(new HashSet<>(unpickled).size(), unpickled.size(), "nothing restored twice into one process: "
                    + processes);
        }
    }

    @Test
    void proofStatesAreUnpickledOntoTheirRestoredEnvironmentsInTheSameReload() {
        PickleSessionCache cache = closer.add(new PickleSessionCache(tmp, Duration.ofSeconds(10)));
        AutoLeanServer server = closer.add(Simulated.autoServer(Simulated.recording(recording()), cache));
        for (int i = 0; i < 3; i++) {
            CommandResponse thm = (CommandResponse) server.run(
                    Command.of("theorem t" + i + " (n : Nat) : n = n := by sorry"), true);
            server.run(new io.github.leaninteract.protocol.ProofStep(thm.sorries().get(0).proofState(), "skip"), true);
        }
        crash(server);
        server.run(Command.of("#eval 1"));
        for (int id = -1; id >= -6; id--) {
            assertTrue(cache.isRestoredIn(id, server), id + " restored by the reload");
        }
        // Every proof state went onto an environment id of the new process, none re-imported on its own.
        List<String> all = ReplSimulator.readRecording(recording());
        long onEnv = all.stream().filter(r -> r.contains("unpickleProofStateFrom") && r.contains("\"env\"")).count();
        assertEquals(3, onEnv, all.toString());
    }

    /** The pickle paths unpickled into each REPL process, in order; a new process begins with its probe. */
    private List<List<String>> unpicklesPerProcess() {
        String probe = LeanJson.writeRequest(AutoLeanServer.PROBE);
        List<List<String>> processes = new ArrayList<>();
        List<String> current = new ArrayList<>();
        for (String r : ReplSimulator.readRecording(recording())) {
            if (r.equals(probe)) {
                processes.add(current);
                current = new ArrayList<>();
            } else if (r.contains("\"unpickleEnvFrom\"")) {
                current.add(LeanJson.readTree(r).get("unpickleEnvFrom").asText());
            }
        }
        processes.add(current);
        return processes;
    }
}
