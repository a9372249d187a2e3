package io.github.leaninteract.server;

import static io.github.leaninteract.support.Answers.info;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.leaninteract.protocol.Command;
import io.github.leaninteract.protocol.CommandResponse;
import io.github.leaninteract.protocol.LeanResponse;
import io.github.leaninteract.support.Closer;
import io.github.leaninteract.support.NoLeakedProcesses;
import io.github.leaninteract.support.Simulated;
import io.github.leaninteract.testing.RecordedRequests;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@link ServerAccess}: the contract session caches rely on, against real child processes. */
@ExtendWith(NoLeakedProcesses.class)
@Timeout(60)
class ServerAccessTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @RegisterExtension
    final Closer closer = new Closer();

    @TempDir
    Path tmp;

    @Test
    void anotherThreadsRequestWaitsUntilTheExclusiveAccessEnds() throws Exception {
        Path recording = tmp.resolve("requests.jsonl");
        LeanServer server = closer.add(new LeanServer(Simulated.recording(recording)));
        ServerAccess access = ServerAccess.of(server);
        try (RecordedRequests received = RecordedRequests.open(recording)) {
            CompletableFuture<LeanResponse> other = new CompletableFuture<>();
            Thread caller = new Thread(() -> {
                try {
                    other.complete(server.run(Command.of("#eval 2"), TIMEOUT));
                } catch (Throwable t) {
                    other.completeExceptionally(t);
                }
            }, "other-caller");
            access.withExclusiveAccess(() -> {
                caller.start();
                // Blocked on the server's lock: its request, with a timeout, would wait for the answer TIMED_WAITING.
                awaitWaiting(caller);
                assertEquals("1", info(access.runInProcess(Command.of("#eval 1"), TIMEOUT)));
                return null;
            });
            assertEquals("2", info(other.get(30, TimeUnit.SECONDS)));
            assertEquals("#eval 1", received.take(TIMEOUT).leanText());
            assertEquals("#eval 2", received.take(TIMEOUT).leanText());
        }
    }

    @Test
    void anAutoLeanServerDoesNotRestartInsideExclusiveAccess() {
        AutoLeanServer server = closer.add(Simulated.autoBuilder(Simulated.config()).build());
        ServerAccess access = ServerAccess.of(server);
        long generation = access.processGeneration();
        access.withExclusiveAccess(() -> {
            server.kill();
            assertThrows(LeanProcessException.class, () -> server.run(Command.of("def x := 1"), TIMEOUT));
            assertEquals(generation, access.processGeneration());
            return null;
        });
        assertInstanceOf(CommandResponse.class, server.run(Command.of("def x := 1"), TIMEOUT));
        assertTrue(access.processGeneration() > generation, "the next call outside the block restarts the REPL");
    }

    @Test
    void runInProcessUsesTheReplsOwnIdsOnAnAutoLeanServer() {
        AutoLeanServer server = closer.add(Simulated.autoBuilder(Simulated.config()).build());
        ServerAccess access = ServerAccess.of(server);
        int replEnv = access.withExclusiveAccess(() -> {
            CommandResponse def = assertInstanceOf(CommandResponse.class,
                    access.runInProcess(Command.of("def x := 41"), TIMEOUT));
            assertEquals("41", info(access.runInProcess(Command.of("#eval x").withEnv(def.env()), TIMEOUT)));
            return def.env();
        });
        assertThrows(IllegalArgumentException.class, () -> server.run(Command.of("#eval x").withEnv(replEnv), TIMEOUT),
                "a raw REPL id is no handle of the server's answers");
    }

    @Test
    void runInProcessRefusesSessionIdsBeforeSending() {
        AutoLeanServer server = closer.add(Simulated.autoBuilder(Simulated.config()).build());
        long generation = ServerAccess.of(server).processGeneration();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ServerAccess.of(server).runInProcess(Command.of("#eval 1").withEnv(-1), TIMEOUT));
        assertTrue(e.getMessage().contains("session-cache id"), e.getMessage());
        assertTrue(server.isAlive());
        assertEquals(generation, ServerAccess.of(server).processGeneration());
    }

    @Test
    void processGenerationChangesWhenANewProcessStarts() {
        LeanServer server = closer.add(new LeanServer(Simulated.config()));
        ServerAccess access = ServerAccess.of(server);
        long generation = access.processGeneration();
        assertInstanceOf(CommandResponse.class, access.runInProcess(Command.of("def x := 1"), TIMEOUT));
        assertEquals(generation, access.processGeneration());
        server.restart();
        assertEquals(generation + 1, access.processGeneration());
    }

    @Test
    void ofRefusesNull() {
        assertThrows(NullPointerException.class, () -> ServerAccess.of(null));
    }

    private static void awaitWaiting(Thread thread) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (thread.getState() != Thread.State.WAITING) {
            assertTrue(thread.isAlive() || thread.getState() == Thread.State.NEW, "the other caller ended");
            assertTrue(System.nanoTime() < deadline, "the other caller did not block: " + thread.getState());
            Thread.yield();
        }
    }
}
