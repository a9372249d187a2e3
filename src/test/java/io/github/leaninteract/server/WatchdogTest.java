package io.github.leaninteract.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.github.leaninteract.config.LeanReplConfig;
import io.github.leaninteract.protocol.Command;
import io.github.leaninteract.support.Closer;
import io.github.leaninteract.support.NoLeakedProcesses;
import io.github.leaninteract.testing.ReplSimulator;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The JVM-wide deadline watchdog only kills: a process that is slow to reap delays no other server. */
@ExtendWith(NoLeakedProcesses.class)
@Timeout(120)
class WatchdogTest {

    private static final String LARGER_THAN_A_PIPE = "-- " + "x".repeat(1 << 20);

    @TempDir
    Path tmp;

    @RegisterExtension
    final Closer closer = new Closer();

    private final List<Long> orphans = new ArrayList<>();

    @AfterEach
    void killOrphans() {
        for (long pid : orphans) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    /** A simulator that never reads its input, optionally leaving behind an orphan holding its pipes open. */
    private static LeanReplConfig neverReading(Path orphanPidFile) {
        List<String> argv = new ArrayList<>();
        if (orphanPidFile != null) {
            // The orphan is no descendant (its parent exits at once), so a kill does not reach it, and it keeps
            // the REPL's stdout and stderr open: reaping the REPL then waits for its reader threads in vain.
            argv.addAll(List.of("/bin/sh", "-c", "(sleep 600 </dev/null & echo $! > \"$0\"); exec \"$@\"",
                    orphanPidFile.toString()));
        }
        argv.addAll(ReplSimulator.command("--startup-delay", "600000"));
        return LeanReplConfig.builder().replCommand(argv).build();
    }

    @Test
    void aSlowReapDoesNotDelayAnotherServersDeadline() throws Exception {
        Path pidFile = tmp.resolve("orphan.pid");
        LeanServer slowToReap = closer.add(new LeanServer(neverReading(pidFile)));
        LeanServer other = closer.add(new LeanServer(neverReading(null)));
        while (!Files.exists(pidFile) || Files.readString(pidFile).isBlank()) {
            Thread.onSpinWait();
        }
        orphans.add(Long.parseLong(Files.readString(pidFile).trim()));

        LinkedBlockingQueue<String> finished = new LinkedBlockingQueue<>();
        CompletableFuture<Throwable> first = CompletableFuture.supplyAsync(() -> failureOf(slowToReap,
                Duration.ofMillis(500), "slow", finished), r -> new Thread(r).start());
        CompletableFuture<Throwable> second = CompletableFuture.supplyAsync(() -> failureOf(other,
                Duration.ofMillis(1500), "other", finished), r -> new Thread(r).start());
        assertInstanceOf(LeanTimeoutException.class, first.get(60, TimeUnit.SECONDS));
        assertInstanceOf(LeanTimeoutException.class, second.get(60, TimeUnit.SECONDS));
        // The slow server's deadline came first, but reaping its REPL waits for pipes its orphan holds: had the
        // watchdog reaped it, the other server's deadline would have waited for that.
        assertEquals("other", finished.take(), "the other server's request ended first");
    }

    private static Throwable failureOf(LeanServer server, Duration timeout, String name,
            LinkedBlockingQueue<String> finished) {
        try {
            server.run(Command.of(LARGER_THAN_A_PIPE), timeout);
            return null;
        } catch (RuntimeException e) {
            return e;
        } finally {
            finished.add(name);
        }
    }
}
