package io.github.leaninteract.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplSetupTest {

    @TempDir
    Path tmp;

    FakeLean world;

    @BeforeEach
    void makeWorld() throws Exception {
        world = new FakeLean(tmp);
    }

    private static String toolchainIn(Path dir) throws Exception {
        return Files.readString(dir.resolve("lean-toolchain")).strip();
    }

    @Test
    void checksOutTheTagOfTheWantedVersion() throws Exception {
        LeanReplConfig config = world.config().leanVersion("v4.18.0").build();

        ReplSetup setup = config.setup();
        assertEquals(LeanVersion.parse("v4.18.0"), setup.leanVersion());
        assertEquals("v1.3.14_lean-toolchain-v4.18.0", setup.replDirectory().getFileName().toString());
        assertEquals("leanprover/lean4:v4.18.0", toolchainIn(setup.replDirectory()));
        assertTrue(Files.isExecutable(setup.replBinary()));
        assertFalse(Files.exists(setup.replDirectory().resolve(".git")), "the version folder is a plain copy");
    }

    @Test
    void fallsBackToTheBareRevisionWhenNoTagNamesTheVersion() throws Exception {
        LeanReplConfig config = world.config().leanVersion("v4.20.0").build();

        ReplSetup setup = config.setup();

        assertEquals("leanprover/lean4:v4.20.0", toolchainIn(setup.replDirectory()));
        assertEquals(LeanVersion.parse("v4.20.0"), setup.leanVersion());
    }

    @Test
    void picksTheNewestTaggedVersionWhenNoneIsGiven() throws Exception {
        LeanReplConfig config = world.config().build();
        assertEquals(null, config.leanVersion());

        ReplSetup setup = config.setup();

        assertEquals(LeanVersion.parse("v4.19.0"), setup.leanVersion());
        assertEquals("leanprover/lean4:v4.19.0", toolchainIn(setup.replDirectory()));
        assertEquals(null, config.leanVersion(), "the config stays as it was built");
    }

    @Test
    void rejectsAVersionTheRepositoryDoesNotHaveAndListsTheAvailableOnes() {
        LeanReplConfig config = world.config().leanVersion("v4.21.0").build();

        LeanSetupException e = assertThrows(LeanSetupException.class, config::setup);

        assertTrue(e.getMessage().contains("Lean v4.21.0 is not available"), e.getMessage());
        assertTrue(e.getMessage().contains("is for Lean v4.20.0"), e.getMessage());
        assertTrue(e.getMessage().contains("[v4.18.0, v4.19.0]"), e.getMessage());
    }

    @Test
    void reportsAMissingRevision() {
        LeanReplConfig config = world.config().replRevision("v0.0.1").leanVersion("v4.19.0").build();

        LeanSetupException e = assertThrows(LeanSetupException.class, config::setup);

        assertTrue(e.getMessage().contains("revision `v0.0.1` does not exist"), e.getMessage());
    }

    @Test
    void listsTheTaggedVersionsOldestFirst() {
        assertEquals(List.of(LeanVersion.parse("v4.18.0"), LeanVersion.parse("v4.19.0")),
                world.config().build().availableLeanVersions());
    }

    @Test
    void listsTheRevisionsOwnVersionWhenItHasNoVersionTags() throws Exception {
        FakeLean.run(world.root.resolve("repl-work"), "git", "tag", "v2.0");
        Path bare = world.root.resolve("repl2.git");
        FakeLean.run(world.root, "git", "clone", "--quiet", "--bare", world.root.resolve("repl-work").toString(),
                bare.toString());

        LeanReplConfig config = world.config().replGitUrl(bare.toString()).replRevision("v2.0").build();

        assertEquals(List.of(LeanVersion.parse("v4.20.0")), config.availableLeanVersions());
    }

    @Test
    void reportsAMissingGit() {
        LeanReplConfig config = world.config().gitPath(tmp.resolve("no-such-git")).build();

        LeanSetupException e = assertThrows(LeanSetupException.class, config::setup);

        assertTrue(e.getMessage().contains("git was not found"), e.getMessage());
        assertTrue(e.getMessage().contains("Install git"), e.getMessage());
    }

    @Test
    void reportsAMissingLakeWithTheElanHint() throws Exception {
        LeanReplConfig config = world.config().lakePath(tmp.resolve("no-such-lake")).build();

        LeanSetupException e = assertThrows(LeanSetupException.class, config::setup);

        assertTrue(e.getMessage().contains("no-such-lake"), e.getMessage());
        assertTrue(e.getMessage().contains("elan"), e.getMessage());
        assertTrue(world.gitCalls().isEmpty(), "lake is looked for before anything is cloned");
    }

    @Test
    void reportsAnUnreachableRepositoryAsACloneFailure() {
        LeanReplConfig config = world.config().replGitUrl(tmp.resolve("nowhere.git").toString()).build();

        LeanSetupException e = assertThrows(LeanSetupException.class, config::setup);

        assertTrue(e.getMessage().contains("Could not clone the Lean REPL"), e.getMessage());
        assertTrue(e.getMessage().contains("network"), e.getMessage());
        assertFalse(e.outputTail().isEmpty());
    }

    @Test
    void aFetchThatFailsIsMentionedWhenTheVersionIsMissing() throws Exception {
        world.config().leanVersion("v4.19.0").build().setup();
        Files.move(world.replRepo, tmp.resolve("moved.git"));
        LeanReplConfig config = world.config().leanVersion("v4.21.0").build();

        LeanSetupException e = assertThrows(LeanSetupException.class, config::setup);

        assertTrue(e.getMessage().contains("Fetching newer tags failed"), e.getMessage());
        assertEquals(1, world.gitCallsStartingWith("fetch"));
    }

    @Test
    void aReadyVersionNeedsNoNetwork() throws Exception {
        world.config().leanVersion("v4.19.0").build().setup();
        Files.move(world.replRepo, tmp.resolve("moved.git"));
        LeanReplConfig config = world.config().leanVersion("v4.19.0").build();

        assertEquals("{\"env\": 0}", FakeLean.askOnce(config.prepareLaunch()));
    }

    @Test
    void aFailedBuildCarriesTheTailOfItsOutput() throws Exception {
        LeanReplConfig config = world.config().lakePath(world.failingLake).leanVersion("v4.19.0").build();

        LeanSetupException e = assertThrows(LeanSetupException.class, config::setup);

        assertTrue(e.getMessage().contains("`lake build` failed for the Lean REPL"), e.getMessage());
        assertTrue(e.outputTail().contains("unknown identifier 'oops'"), e.outputTail());
        assertTrue(e.getMessage().contains("unknown identifier 'oops'"));
        assertFalse(e.outputTail().contains("compiling module 1\n"), "only the tail is kept");
        assertEquals(ExternalProcess.TAIL_LINES, e.outputTail().split("\n").length);
    }

    @Test
    void aBuildThatFailedIsRetriedOnTheNextSetup() throws Exception {
        LeanReplConfig failing = world.config().lakePath(world.failingLake).leanVersion("v4.19.0").build();
        assertThrows(LeanSetupException.class, failing::setup);

        LeanReplConfig working = world.config().leanVersion("v4.19.0").build();
        ReplSetup setup = working.setup();

        assertEquals(2, world.lakeCalls("build").size(), "the failed build and the retry");
        assertEquals(1, world.gitCallsStartingWith("clone"));
        assertTrue(Files.isExecutable(setup.replBinary()));
    }

    @Test
    void reusesTheCloneAndTheBuildAcrossConfigs() throws Exception {
        world.config().leanVersion("v4.19.0").build().setup();
        LeanReplConfig second = world.config().leanVersion("v4.19.0").build();
        int gitCallsBefore = world.gitCalls().size();

        second.setup();

        assertEquals(1, world.gitCallsStartingWith("clone"));
        assertEquals(0, world.gitCallsStartingWith("fetch"));
        assertEquals(gitCallsBefore, world.gitCalls().size(), "a ready version needs no git at all");
        assertEquals(1, world.lakeCalls("build").size());
    }

    @Test
    void anotherVersionReusesTheCloneButBuildsItsOwnFolder() throws Exception {
        world.config().leanVersion("v4.19.0").build().setup();
        world.config().leanVersion("v4.18.0").build().setup();

        assertEquals(1, world.gitCallsStartingWith("clone"));
        assertEquals(2, world.lakeCalls("build").size());
    }

    @Test
    void setupIsIdempotentOnOneInstance() throws Exception {
        LeanReplConfig config = world.config().build();
        ReplSetup first = config.setup();

        ReplSetup second = config.setup();

        assertEquals(first, second);
        assertEquals(1, world.lakeCalls("build").size());
    }

    @Test
    void forcePullFetchesAndPicksUpNewCommits() throws Exception {
        world.config().leanVersion("v4.20.0").build().setup();
        Path work = world.root.resolve("repl-work");
        Files.writeString(work.resolve("README.md"), "new\n");
        FakeLean.run(work, "git", "add", ".");
        FakeLean.run(work, "git", "commit", "--quiet", "-m", "newer");
        FakeLean.run(work, "git", "tag", "--force", FakeLean.REVISION);
        FakeLean.run(work, "git", "push", "--quiet", "--force", world.replRepo.toString(), "refs/tags/v1.3.14");

        LeanReplConfig pulling = world.config().leanVersion("v4.20.0").forcePullRepl(true).build();
        ReplSetup setup = pulling.setup();

        assertEquals(1, world.gitCallsStartingWith("fetch"));
        assertTrue(Files.exists(setup.replDirectory().resolve("README.md")));
        assertEquals(2, world.lakeCalls("build").size(), "the moved commit is built again");
    }

    @Test
    void withoutBuildReplNothingIsBuilt() throws Exception {
        LeanReplConfig config = world.config().leanVersion("v4.19.0").buildRepl(false).build();

        ReplSetup setup = config.setup();

        assertTrue(world.lakeCalls().isEmpty());
        assertTrue(Files.isRegularFile(setup.replDirectory().resolve("lean-toolchain")));
    }

    @Test
    void theLaunchRunsTheBuiltReplThroughLakeEnvInTheReplFolder() throws Exception {
        LeanReplConfig config = world.config().leanVersion("v4.19.0").build();

        ReplLaunch launch = config.prepareLaunch();

        Path dir = config.setup().replDirectory();
        assertEquals(List.of(world.lake.toString(), "env", dir.resolve(".lake/build/bin/repl").toString()),
                launch.command());
        assertEquals(dir, launch.workingDirectory());
        assertEquals("{\"env\": 0}", FakeLean.askOnce(launch));
    }

    @Test
    void usesALocalReplCheckoutWithoutCloning() throws Exception {
        Path local = FakeLean.withToolchain(tmp.resolve("my-repl"), "v4.15.0");
        LeanReplConfig config = world.tools().localReplPath(local).build();

        ReplLaunch launch = config.prepareLaunch();

        assertTrue(world.gitCalls().isEmpty());
        assertEquals(List.of(local + " build"), world.lakeCalls());
        assertEquals(local, launch.workingDirectory());
        assertEquals(LeanVersion.parse("v4.15.0"), config.setup().leanVersion());
        assertEquals(List.of(LeanVersion.parse("v4.15.0")), config.availableLeanVersions());
        assertEquals("{\"env\": 0}", FakeLean.askOnce(launch));
    }

    @Test
    void aLocalReplRunsInTheGivenWorkingDirectory() throws Exception {
        Path local = FakeLean.withToolchain(tmp.resolve("my-repl"), "v4.15.0");
        Path work = java.nio.file.Files.createDirectories(tmp.resolve("work"));
        LeanReplConfig config = world.tools().localReplPath(local).workingDirectory(work).build();

        ReplLaunch launch = config.prepareLaunch();

        assertEquals(List.of(world.lake.toString(), "env", local.resolve(".lake/build/bin/repl").toString()),
                launch.command());
        assertEquals(work, launch.workingDirectory());
        assertEquals("{\"env\": 0}", FakeLean.askOnce(launch));
    }

    @Test
    void rejectsALocalReplOfAnotherVersion() throws Exception {
        Path local = FakeLean.withToolchain(tmp.resolve("my-repl"), "v4.15.0");
        LeanReplConfig config = world.tools().localReplPath(local).leanVersion("v4.19.0").build();

        LeanSetupException e = assertThrows(LeanSetupException.class, config::setup);

        assertTrue(e.getMessage().contains("is for Lean v4.15.0, but Lean v4.19.0 is wanted"), e.getMessage());
    }

    @Test
    void concurrentSetupsInOneJvmCloneAndBuildOnce() throws Exception {
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<ReplLaunch>> launches = new java.util.ArrayList<>();
            for (int i = 0; i < threads; i++) {
                LeanReplConfig config = world.config().leanVersion("v4.19.0").build();
                launches.add(pool.submit(() -> {
                    start.await();
                    return config.prepareLaunch();
                }));
            }
            start.countDown();
            for (Future<ReplLaunch> f : launches) {
                assertEquals(launches.get(0).get(30, TimeUnit.SECONDS), f.get(30, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, world.gitCallsStartingWith("clone"));
        assertEquals(1, world.lakeCalls("build").size());
    }
}
