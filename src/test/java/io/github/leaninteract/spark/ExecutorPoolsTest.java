package io.github.leaninteract.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.leaninteract.cli.ReplSelection;
import io.github.leaninteract.support.NoLeakedProcesses;
import io.github.leaninteract.testing.ReplSimulator;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@link ExecutorPools}: one pool per JVM and settings, started once, ended with the JVM. */
@ExtendWith(NoLeakedProcesses.class)
@Timeout(300)
class ExecutorPoolsTest {

    @TempDir
    Path tmp;

    @AfterEach
    void closePools() {
        ExecutorPools.closeAll();
    }

    static CheckSettings settings(String... simulatorOptions) {
        return CheckSettings.of(ReplSelection.ofProgram(ReplSimulator.command(simulatorOptions)))
                .withMaxTotalMemory(1.0);
    }

    @Test
    void tasksStartingAtOnceShareOnePoolPerSettings() throws Exception {
        CheckSettings settings = settings();
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<ExecutorPools.Checker>> tasks = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            tasks.add(CompletableFuture.supplyAsync(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return ExecutorPools.get(settings);
            }));
        }
        go.countDown();
        ExecutorPools.Checker first = tasks.get(0).get(2, TimeUnit.MINUTES);
        for (CompletableFuture<ExecutorPools.Checker> task : tasks) {
            assertSame(first, task.get(2, TimeUnit.MINUTES));
        }
        // Equal settings made elsewhere (as deserialized on an executor) name the same pool; others do not.
        assertSame(first, ExecutorPools.get(settings(new String[0])));
        assertNotSame(first, ExecutorPools.get(settings.withServersPerExecutor(2)));
        assertEquals(2, ExecutorPools.size());
    }

    @Test
    void settingsThatDifferOnlyInTheirTimeoutShareOnePool() {
        CheckSettings settings = settings();
        ExecutorPools.Checker first = ExecutorPools.get(settings);
        assertSame(first, ExecutorPools.get(settings.withTimeout(java.time.Duration.ofMinutes(5))));
        assertEquals(1, ExecutorPools.size());
        assertEquals(1, ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).count(),
                "one REPL on this executor");
    }

    @Test
    void closeAllEndsTheReplsAndALaterTaskStartsAgain() throws InterruptedException {
        ExecutorPools.Checker first = ExecutorPools.get(settings());
        assertEquals(1, first.pool().size());
        ExecutorPools.closeAll();
        assertEquals(0, ExecutorPools.size());
        assertTrue(waitForNoChildren(), "REPLs left after closeAll");
        assertNotSame(first, ExecutorPools.get(settings()));
    }

    private static boolean waitForNoChildren() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (ProcessHandle.current().descendants().noneMatch(ProcessHandle::isAlive)) {
                return true;
            }
            Thread.sleep(10);
        }
        return false;
    }

    @Test
    void thePoolIsClosedWhenTheJvmEndsEvenWithAReplHanging() throws Exception {
        Path record = tmp.resolve("requests.txt");
        Path out = tmp.resolve("pids.txt");
        List<String> argv = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                HangingCheckAtExit.class.getName(), record.toString());
        Process jvm = new ProcessBuilder(argv).redirectOutput(out.toFile())
                .redirectError(tmp.resolve("stderr.txt").toFile()).start();
        List<ProcessHandle> repls = new ArrayList<>();
        try {
            // A safety bound only.
            if (!jvm.waitFor(3, TimeUnit.MINUTES)) {
                fail("the JVM did not exit: " + Files.readString(tmp.resolve("stderr.txt")));
            }
            assertEquals(0, jvm.exitValue(), Files.readString(tmp.resolve("stderr.txt")));
            for (String pid : Files.readAllLines(out)) {
                ProcessHandle.of(Long.parseLong(pid.trim())).ifPresent(repls::add);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (repls.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertFalse(Files.readAllLines(out).isEmpty(), "the JVM started no REPL");
            assertTrue(repls.stream().noneMatch(ProcessHandle::isAlive), "REPLs outlived their JVM: " + repls);
            // Closed as a pool (servers, their threads, the cache), not only its processes killed by the server's hook.
            String log = Files.readString(tmp.resolve("stderr.txt"));
            assertTrue(log.contains("LeanServerPool - [lean-pool-1] closed"), log);
        } finally {
            repls.forEach(ProcessHandle::destroyForcibly);
            jvm.destroyForcibly();
        }
    }
}
