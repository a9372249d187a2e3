package io.github.leaninteract.sessioncache;

import static io.github.leaninteract.support.Answers.info;
import static io.github.leaninteract.support.Simulated.crash;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.leaninteract.protocol.Command;
import io.github.leaninteract.protocol.CommandResponse;
import io.github.leaninteract.protocol.ProofStep;
import io.github.leaninteract.protocol.ProofStepResponse;
import io.github.leaninteract.server.AutoLeanServer;
import io.github.leaninteract.support.Closer;
import io.github.leaninteract.support.NoLeakedProcesses;
import io.github.leaninteract.support.Simulated;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two processes, this JVM and a {@link PickleCacheUser}, each with its own {@link PickleSessionCache} on one
 * working directory, caching, crashing and restoring at the same time.
 */
@ExtendWith(NoLeakedProcesses.class)
@Timeout(60)
class CrossProcessPickleCacheTest {

    private static final int ROUNDS = 3;

    @TempDir
    Path tmp;

    @RegisterExtension
    final Closer closer = new Closer();

    private PickleSessionCache cache;
    private AutoLeanServer server;
    private Process child;

    /** Runs before the closer closes this JVM's server and cache. */
    @AfterEach
    void killChild() throws InterruptedException {
        if (child != null && child.isAlive()) {
            killAndReap(child);
        }
    }

    private Process startChild() throws IOException {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                PickleCacheUser.class.getName(), tmp.toString(), String.valueOf(ROUNDS))
                .redirectError(tmp.resolve("child-stderr.txt").toFile()).start();
    }

    /** Reads the child's lines until {@code ready}; fails on a {@code FAIL} line or when it ends first. */
    private static CompletableFuture<List<String>> untilReady(Process p) {
        return CompletableFuture.supplyAsync(() -> {
            List<String> lines = new ArrayList<>();
            try {
                BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                    if (line.equals("ready") || line.startsWith("FAIL")) {
                        return lines;
                    }
                }
                return lines;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    private void startParent() {
        cache = closer.add(new PickleSessionCache(tmp, Duration.ofSeconds(20)));
        server = closer.add(Simulated.autoServer(Simulated.config(), cache));
    }

    /** The same rounds as the child: an environment and a proof state cached, a crash, every state checked. */
    private void parentRounds() {
        for (int round = 0; round < ROUNDS; round++) {
            int env = ((CommandResponse) server.run(Command.of("def w := " + (100 + round)), true)).env();
            CommandResponse thm = (CommandResponse) server.run(
                    Command.of("theorem p (parent : Nat) : parent = parent := by sorry").withEnv(env));
            server.run(new ProofStep(thm.sorries().get(0).proofState(), "skip"), true);
            crash(server);
            assertParentStatesRestore(round + 1);
        }
    }

    private void assertParentStatesRestore(int rounds) {
        for (int r = 0; r < rounds; r++) {
            assertEquals(String.valueOf(100 + r), info(server.run(Command.of("#eval w").withEnv(-1 - 2 * r))));
            String goal = ((ProofStepResponse) server.run(new ProofStep(-2 - 2 * r, "skip"))).goals().get(0);
            assertTrue(goal.contains("parent : Nat"), goal);
        }
    }

    /** The pickles, lock files and owner file of the cache {@code owner}. */
    private Set<Path> filesOf(String owner) throws IOException {
        try (Stream<Path> s = Files.list(tmp.resolve("session_cache"))) {
            return new HashSet<>(s.filter(f -> f.getFileName().toString().startsWith(owner)).toList());
        }
    }

    private Set<Path> parentFiles() throws IOException {
        return filesOf(cache.ownerId());
    }

    /** The owner id the child printed first. */
    private static String childOwner(List<String> lines) {
        assertTrue(lines.get(0).startsWith("owner "), lines.toString());
        return lines.get(0).substring("owner ".length());
    }

    private static void killAndReap(Process p) throws InterruptedException {
        List<ProcessHandle> descendants = p.descendants().toList();
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
        // Its REPL sees the end of its input and exits by itself; make sure of it before the leak check.
        for (ProcessHandle h : descendants) {
            try {
                h.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                h.destroyForcibly();
            }
        }
    }

    private List<String> runBothAtOnce() throws Exception {
        child = startChild();
        CompletableFuture<List<String>> childLines = untilReady(child);
        startParent();
        parentRounds();
        List<String> lines = childLines.get(45, TimeUnit.SECONDS);
        assertEquals("ready", lines.get(lines.size() - 1), "the child's output: " + lines + ", stderr: "
                + Files.readString(tmp.resolve("child-stderr.txt")));
        return lines;
    }

    @Test
    void bothProcessesStatesRestoreAndNeitherDeletesTheOthersFiles() throws Exception {
        String childOwner = childOwner(runBothAtOnce());
        Set<Path> parentFiles = parentFiles();
        Set<Path> childFiles = filesOf(childOwner);
        assertEquals(4 * ROUNDS + 1, parentFiles.size(), "pickle and lock per state, one owner file: " + parentFiles);
        assertEquals(4 * ROUNDS + 1, childFiles.size(), "pickle and lock per state, one owner file: " + childFiles);

        child.getOutputStream().close();
        assertTrue(child.waitFor(20, TimeUnit.SECONDS));
        assertEquals(0, child.exitValue());
        assertEquals(Set.of(), filesOf(childOwner), "the child's close removed its own files");
        assertEquals(parentFiles, parentFiles());
        crash(server);
        assertParentStatesRestore(ROUNDS);
    }

    @Test
    void pruneOrphansRemovesOnlyTheFilesOfTheKilledProcess() throws Exception {
        String childOwner = childOwner(runBothAtOnce());
        Set<Path> parentFiles = parentFiles();
        Set<Path> childFiles = filesOf(childOwner);
        assertEquals(0, cache.pruneOrphans(), "the child still runs");
        assertEquals(childFiles, filesOf(childOwner));

        killAndReap(child); // SIGKILL: its cache never closes, the OS drops its owner lock
        assertEquals(childFiles, filesOf(childOwner), "a killed process leaves its files");
        assertEquals(childFiles.size(), cache.pruneOrphans());
        assertEquals(Set.of(), filesOf(childOwner));
        assertEquals(parentFiles, parentFiles());
        assertFalse(parentFiles.isEmpty());
        crash(server);
        assertParentStatesRestore(ROUNDS);
    }
}
