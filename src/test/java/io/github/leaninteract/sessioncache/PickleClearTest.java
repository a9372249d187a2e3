package io.github.leaninteract.sessioncache;

import static io.github.leaninteract.support.Answers.info;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.leaninteract.protocol.Command;
import io.github.leaninteract.server.AutoLeanServer;
import io.github.leaninteract.support.Closer;
import io.github.leaninteract.support.NoLeakedProcesses;
import io.github.leaninteract.support.Simulated;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link PickleSessionCache#clear()} of many states: spread over threads, every file deleted under its lock,
 * the states it could not delete kept and still usable, no thread left behind.
 */
@ExtendWith(NoLeakedProcesses.class)
@Timeout(120)
class PickleClearTest {

    private static final int STATES = 300;

    @TempDir
    Path tmp;

    @RegisterExtension
    final Closer closer = new Closer();

    /** A cache that notes which threads deleted its pickles. */
    static final class ThreadRecordingCache extends PickleSessionCache {
        final Set<String> discardThreads = ConcurrentHashMap.newKeySet();

        ThreadRecordingCache(Path dir, Duration lockTimeout) {
            super(dir, lockTimeout, true);
        }

        volatile Integer errorOn;

        @Override
        protected void discard(PickleSessionState state) {
            discardThreads.add(Thread.currentThread().getName());
            if (errorOn != null && errorOn == state.sessionId()) {
                throw new StackOverflowError("discard of " + state.sessionId());
            }
            super.discard(state);
        }
    }

    private List<Integer> fill(AutoLeanServer server) {
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < STATES; i++) {
            ids.add(server.command(Command.of("def v" + i + " := " + i), true).env());
        }
        return ids;
    }

    private List<Path> pickleFiles() throws IOException {
        try (Stream<Path> s = Files.list(tmp.resolve("session_cache"))) {
            return s.filter(f -> !f.getFileName().toString().endsWith(".owner")).sorted().toList();
        }
    }

    private static boolean clearThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().startsWith("lean-interact-clear-") && t.isAlive());
    }

    @Test
    void clearingManyStatesDeletesEveryFileOnSeveralThreadsAndLeavesNoThread() throws IOException {
        assumeTrue(Runtime.getRuntime().availableProcessors() > 1, "one processor: clear uses one thread");
        ThreadRecordingCache cache = closer.add(new ThreadRecordingCache(tmp, Duration.ofSeconds(10)));
        AutoLeanServer server = closer.add(Simulated.autoServer(Simulated.config(), cache));
        fill(server);
        assertEquals(2 * STATES, pickleFiles().size());

        cache.clear();

        assertEquals(List.of(), pickleFiles());
        assertTrue(cache.isEmpty());
        assertTrue(cache.discardThreads.size() > 1, "threads: " + cache.discardThreads);
        assertTrue(cache.discardThreads.contains(Thread.currentThread().getName()), "the caller takes a share");
        assertFalse(clearThreadAlive());
    }

    @Test
    void aFewStatesAreClearedOnTheCallersThreadAlone() throws IOException {
        ThreadRecordingCache cache = closer.add(new ThreadRecordingCache(tmp, Duration.ofSeconds(10)));
        AutoLeanServer server = closer.add(Simulated.autoServer(Simulated.config(), cache));
        for (int i = 0; i < 5; i++) {
            server.command(Command.of("def v" + i + " := " + i), true);
        }
        cache.clear();
        assertEquals(List.of(), pickleFiles());
        assertEquals(Set.of(Thread.currentThread().getName()), cache.discardThreads);
    }

    @Test
    void statesWhoseLockAnotherProcessHoldsStayUsableAndTheOthersAreCleared() throws Exception {
        PickleSessionCache cache = closer.add(new PickleSessionCache(tmp, Duration.ofMillis(300), true));
        AutoLeanServer server = closer.add(Simulated.autoServer(Simulated.config(), cache));
        List<Integer> ids = fill(server);
        // One state in the caller's share, one in the last helper's.
        int first = ids.get(0);
        int last = ids.get(STATES - 1);
        List<Process> holders = List.of(
                LockHolder.start(PickleFileLock.lockFileOf(cache.get(first).pickleFile())),
                LockHolder.start(PickleFileLock.lockFileOf(cache.get(last).pickleFile())));
        try {
            SessionCacheException e = assertThrows(SessionCacheException.class, cache::clear);
            assertEquals(1, e.getSuppressed().length, "one failure per kept state");
        } finally {
            for (Process holder : holders) {
                holder.getOutputStream().close();
                assertTrue(holder.waitFor(30, TimeUnit.SECONDS));
            }
        }
        assertEquals(Set.of(first, last), Set.copyOf(cache.keys()));
        assertEquals(4, pickleFiles().size(), "the kept states' pickles and lock files: " + pickleFiles());
        assertFalse(clearThreadAlive());

        // Kept without their REPL ids: used again, they are restored from their pickles.
        assertEquals(String.valueOf(STATES - 1),
                info(server.run(Command.of("#eval v" + (STATES - 1)).withEnv(last))));
        cache.clear();
        assertEquals(List.of(), pickleFiles());
    }

    @Test
    void anErrorWhileClearingForgetsNoStateThatStillHoldsFiles() throws IOException {
        ThreadRecordingCache cache = closer.add(new ThreadRecordingCache(tmp, Duration.ofSeconds(10)));
        AutoLeanServer server = closer.add(Simulated.autoServer(Simulated.config(), cache));
        List<Integer> ids = fill(server);
        cache.errorOn = ids.get(STATES - 1);

        assertThrows(StackOverflowError.class, cache::clear);

        for (Path f : pickleFiles()) {
            String name = f.getFileName().toString();
            int n = Integer.parseInt(name.substring(name.indexOf('-') + 1, name.indexOf('.')));
            assertTrue(cache.contains(ids.get(n - 1)), "the state of " + name + " is still cached");
        }
        assertFalse(clearThreadAlive());
        cache.errorOn = null;
        cache.clear();
        assertEquals(List.of(), pickleFiles());
        assertTrue(cache.isEmpty());
    }
}
