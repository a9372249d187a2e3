package io.github.leaninteract.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.leaninteract.config.FakeLean;
import io.github.leaninteract.support.NoLeakedProcesses;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code setup}, {@code versions} and {@code clear-cache} as processes, against a fake git and lake. */
@ExtendWith(NoLeakedProcesses.class)
class SetupCommandsTest {

    @TempDir
    Path tmp;

    FakeLean world;

    @BeforeEach
    void makeWorld() throws Exception {
        world = new FakeLean(tmp.resolve("world"));
    }

    private CliProcess.Outcome cli(String... args) throws Exception {
        return CliProcess.run(tmp.resolve("cwd"), args);
    }

    @Test
    void setupClonesAndBuildsTheReplShowingEachStepAndTheResult() throws Exception {
        CliProcess.Outcome r = cli("setup", "--lean-version", "4.18.0", "--cache-dir", world.cache.toString(),
                "--repl-git-url", world.replRepo.toString(), "--lake", world.lake.toString(),
                "--git", world.git.toString());

        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains("] Cloning the Lean REPL from " + world.replRepo), r.toString());
        assertTrue(r.out().contains("] Building the Lean REPL in "), r.toString());
        assertTrue(r.out().contains("Lean REPL ready for Lean v4.18.0: "), r.toString());
        assertFalse(r.out().contains("\r"), "not a terminal: plain lines only\n" + r);
        Path binary = world.cache.resolve("repl");
        try (var files = Files.walk(binary)) {
            assertTrue(files.anyMatch(p -> p.endsWith(Path.of(".lake", "build", "bin", "repl"))), "built REPL in the cache");
        }
    }

    @Test
    void setupOfALocalProjectBuildsTheProject() throws Exception {
        Path project = FakeLean.withToolchain(tmp.resolve("my-project"), "v4.19.0");

        CliProcess.Outcome r = cli("setup", "--project", project.toString(), "--cache-dir", world.cache.toString(),
                "--repl-git-url", world.replRepo.toString(), "--lake", world.lake.toString(),
                "--git", world.git.toString());

        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains("] Building the Lean project in " + project), r.toString());
        assertTrue(r.out().contains("Lean REPL ready for Lean v4.19.0"), r.toString());
        assertTrue(r.out().contains("It runs in " + project), r.toString());
        assertTrue(world.lakeCalls().contains(project + " build"), world.lakeCalls().toString());
    }

    @Test
    void aFailedSetupExitsWithOneAndTheReason() throws Exception {
        CliProcess.Outcome r = cli("setup", "--lean-version", "v4.21.0", "--cache-dir", world.cache.toString(),
                "--repl-git-url", world.replRepo.toString(), "--lake", world.lake.toString(),
                "--git", world.git.toString());

        assertEquals(1, r.exitCode(), r.toString());
        assertTrue(r.err().contains("setup failed: Lean v4.21.0 is not available"), r.toString());
    }

    @Test
    void versionsPrintsTheAvailableLeanVersionsOneALine() throws Exception {
        CliProcess.Outcome r = cli("versions", "--cache-dir", world.cache.toString(),
                "--repl-git-url", world.replRepo.toString(), "--git", world.git.toString());

        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("v4.18.0\nv4.19.0\n", r.out(), r.toString());
        assertTrue(r.err().contains("Cloning the Lean REPL"), "progress goes to stderr\n" + r);
    }

    @Test
    void clearCacheRemovesTheCacheFolder() throws Exception {
        assertEquals(0, cli("versions", "--cache-dir", world.cache.toString(),
                "--repl-git-url", world.replRepo.toString(), "--git", world.git.toString()).exitCode());
        assertTrue(Files.isDirectory(world.cache.resolve("repl")));

        CliProcess.Outcome r = cli("clear-cache", "--cache-dir", world.cache.toString());

        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("Removed " + world.cache + "\n", r.out());
        assertFalse(Files.exists(world.cache));
    }

    @Test
    void clearCacheOfAMissingFolderHasNothingToDo() throws Exception {
        CliProcess.Outcome r = cli("clear-cache", "--cache-dir", tmp.resolve("none").toString());

        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().startsWith("Nothing to remove"), r.toString());
    }

    @Test
    void clearCacheRefusesAFolderThatHoldsOtherFilesUnlessForced() throws Exception {
        Path notACache = tmp.resolve("home-like");
        Files.createDirectories(notACache.resolve("repl"));
        Files.writeString(notACache.resolve("thesis.tex"), "precious");

        CliProcess.Outcome refused = cli("clear-cache", "--cache-dir", notACache.toString());

        assertEquals(1, refused.exitCode(), refused.toString());
        assertTrue(refused.err().contains("[thesis.tex]"), refused.toString());
        assertTrue(Files.exists(notACache.resolve("thesis.tex")));

        CliProcess.Outcome forced = cli("clear-cache", "--cache-dir", notACache.toString(), "--force");

        assertEquals(0, forced.exitCode(), forced.toString());
        assertFalse(Files.exists(notACache));
    }
}
