package io.github.leaninteract.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.leaninteract.protocol.Command;
import io.github.leaninteract.protocol.CommandResponse;
import io.github.leaninteract.protocol.InfoTreeOptions;
import io.github.leaninteract.sessioncache.ReplaySessionCache;
import io.github.leaninteract.support.Closer;
import io.github.leaninteract.support.NoLeakedProcesses;
import io.github.leaninteract.support.Simulated;
import io.github.leaninteract.testing.ReplSimulator;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Extra fields and any info tree option reach the REPL; the REPL's stderr is readable while it runs. */
@ExtendWith(NoLeakedProcesses.class)
@Timeout(120)
class ServerPassthroughTest {

    @RegisterExtension
    final Closer closer = new Closer();

    @TempDir
    Path tmp;

    /** Waits for a condition that output read by another thread makes true; the bound is only a safety net. */
    private static void awaitTrue(Supplier<Boolean> condition, Supplier<String> state) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                fail("condition not met; state: " + state.get());
            }
            Thread.sleep(5);
        }
    }

    @Test
    void extraFieldsReachTheRepl() {
        Path recording = tmp.resolve("requests.txt");
        LeanServer server = closer.add(new LeanServer(Simulated.recording(recording)));

        server.run(Command.of("def x := 1").withExtra("gc", true).withExtra("tag", "t1"));

        assertEquals(List.of("{\"cmd\":\"def x := 1\",\"gc\":true,\"tag\":\"t1\"}"), ReplSimulator.readRecording(recording));
    }

    @Test
    void extraFieldsSurviveTheTranslationOfSessionIds() {
        Path recording = tmp.resolve("requests.txt");
        AutoLeanServer server = closer.add(Simulated.autoServer(Simulated.recording(recording), new ReplaySessionCache()));
        int env = ((CommandResponse) server.run(Command.of("def x := 1"), true)).env();

        server.run(Command.of("#eval x").withEnv(env).withExtra("tag", "t2"));

        List<String> sent = ReplSimulator.readRecording(recording);
        assertEquals("{\"cmd\":\"#eval x\",\"env\":0,\"tag\":\"t2\"}", sent.get(sent.size() - 1));
    }

    @Test
    void anInfoTreeOptionTheReplDoesNotKnowIsSentAndAnsweredWithoutATree() {
        Path recording = tmp.resolve("requests.txt");
        LeanServer server = closer.add(new LeanServer(Simulated.recording(recording)));
        String theorem = "theorem t : True := by trivial";

        CommandResponse full = (CommandResponse) server.run(Command.of(theorem).withInfotree(InfoTreeOptions.FULL));
        CommandResponse other = (CommandResponse) server.run(
                Command.of(theorem).withInfotree(InfoTreeOptions.of("no_children")));

        assertFalse(full.infotree().isEmpty());
        assertTrue(other.infotree().isEmpty());
        assertTrue(ReplSimulator.readRecording(recording).get(1).contains("\"infotree\":\"no_children\""));
    }

    @Test
    void theRecentStderrIsReadableWhileTheReplRuns() throws Exception {
        LeanServer server = closer.add(new LeanServer(Simulated.config()));
        awaitTrue(() -> server.recentStderr().contains(ReplSimulator.BANNER), server::recentStderr);

        server.run(Command.of("#sim stderr 300"));

        awaitTrue(() -> server.recentStderr().contains("simulated stderr output"), server::recentStderr);
        assertTrue(server.isAlive());
    }

    @Test
    void theRecentStderrIsBoundedAndStartsAtALine() {
        LeanServer server = closer.add(new LeanServer(Simulated.config()));

        server.run(Command.of("#sim stderr 1000000"));
        // The process's end makes the server read its stderr to the end.
        assertThrows(LeanProcessException.class, () -> server.run(Command.of("#sim crash 4")));

        String tail = server.recentStderr();
        assertTrue(tail.length() <= 64 * 1024, "length " + tail.length());
        assertTrue(tail.length() > 32 * 1024, "length " + tail.length());
        assertTrue(tail.startsWith("ReplSimulator: simulated stderr output"), tail.substring(0, 100));
    }
}
