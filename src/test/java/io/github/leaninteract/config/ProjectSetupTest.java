package io.github.leaninteract.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProjectSetupTest {

    @TempDir
    Path tmp;

    FakeLean world;

    @BeforeEach
    void makeWorld() throws Exception {
        world = new FakeLean(tmp);
    }

    private Path localProject(String version) throws Exception {
        return FakeLean.withToolchain(tmp.resolve("my-project"), version);
    }

    @Test
    void aLocalProjectIsBuiltAndTheReplRunsInItsFolderWithItsVersion() throws Exception {
        Path dir = localProject("v4.18.0");
        LeanReplConfig config = world.config().project(new LocalProject(dir)).build();

        ReplLaunch launch = config.prepareLaunch();

        assertEquals(dir, launch.workingDirectory());
        assertEquals(LeanVersion.parse("v4.18.0"), config.setup().leanVersion());
        assertTrue(world.lakeCalls().contains(dir + " build"), world.lakeCalls().toString());
        assertFalse(world.lakeCalls().contains(dir + " update"));
        assertTrue(launch.command().get(2).contains("v1.3.14_lean-toolchain-v4.18.0"), launch.command().toString());
        assertEquals("{\"env\": 0}", FakeLean.askOnce(launch));
    }

    @Test
    void aLocalProjectCanBeUpdatedFirstOrLeftUnbuilt() throws Exception {
        Path dir = localProject("v4.19.0");
        world.config().project(new LocalProject(dir).withUpdate(true)).build().setup();
        assertEquals(List.of(dir + " update", dir + " exe cache get", dir + " build"),
                world.lakeCalls().stream().filter(c -> c.startsWith(dir + " ")).toList());

        Files.delete(world.lakeCalls);
        world.config().project(new LocalProject(dir).withBuild(false)).build().setup();
        assertTrue(world.lakeCalls().isEmpty(), world.lakeCalls().toString());
    }

    @Test
    void aLocalProjectWithoutToolchainIsExplained() throws Exception {
        Path dir = tmp.resolve("no-toolchain");
        Files.createDirectories(dir);
        LeanReplConfig config = world.config().project(new LocalProject(dir).withBuild(false)).build();

        LeanSetupException e = assertThrows(LeanSetupException.class, config::setup);

        assertTrue(e.getMessage().contains("has no lean-toolchain"), e.getMessage());
    }

    @Test
    void aMissingLocalProjectFolderIsExplained() {
        LeanReplConfig config = world.config().project(new LocalProject(tmp.resolve("absent"))).build();

        LeanSetupException e = assertThrows(LeanSetupException.class, config::setup);

        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void aGitProjectIsClonedAtItsRevisionBuiltOnceAndReused() throws Exception {
        Path repo = world.makeProjectRepository("proj", "v4.18.0");
        GitProject project = GitProject.of(repo.toString(), "v1");

        LeanReplConfig first = world.config().project(project).build();
        ReplLaunch launch = first.prepareLaunch();
        world.config().project(project).build().setup();

        Path dir = launch.workingDirectory();
        assertTrue(dir.startsWith(world.cache.resolve("git-projects")), dir.toString());
        assertEquals("v1", dir.getFileName().toString());
        assertTrue(Files.exists(dir.resolve("lakefile.lean")));
        assertFalse(Files.exists(dir.resolve("Extra.lean")), "revision v1 predates Extra.lean");
        assertEquals(LeanVersion.parse("v4.18.0"), first.setup().leanVersion());
        assertEquals(1, world.lakeCalls().stream().filter(c -> c.equals(dir + " build")).count());
        assertEquals(1, world.gitCalls().stream().filter(c -> c.startsWith("clone") && c.contains("proj.git")).count());
        assertEquals("{\"env\": 0}", FakeLean.askOnce(launch));
    }

    @Test
    void aGitProjectWithoutRevisionUsesTheDefaultBranchInAChosenFolder() throws Exception {
        Path repo = world.makeProjectRepository("proj", "v4.19.0");
        Path target = tmp.resolve("checkout");
        LeanReplConfig config = world.config().project(new GitProject(repo.toString(), null, target)).build();

        ReplLaunch launch = config.prepareLaunch();

        assertEquals(target, launch.workingDirectory());
        assertTrue(Files.exists(target.resolve("Extra.lean")));
    }

    @Test
    void aGitProjectRevisionThatDoesNotExistIsExplained() throws Exception {
        Path repo = world.makeProjectRepository("proj", "v4.19.0");
        LeanReplConfig config = world.config().project(GitProject.of(repo.toString(), "no-such-branch")).build();

        LeanSetupException e = assertThrows(LeanSetupException.class, config::setup);

        assertTrue(e.getMessage().contains("Revision `no-such-branch` does not exist"), e.getMessage());
    }

    @Test
    void aTemporaryProjectIsCreatedInAHashNamedCacheFolderBuiltOnceAndReused() throws Exception {
        String lakefile = "name = \"scratch\"\n";
        TemporaryProject project = new TemporaryProject(lakefile, TemporaryProject.LakefileKind.TOML)
                .withLeanVersion("v4.18.0");

        LeanReplConfig first = world.config().project(project).build();
        ReplLaunch launch = first.prepareLaunch();
        LeanReplConfig second = world.config().project(project).build();
        ReplSetup secondSetup = second.setup();

        Path dir = launch.workingDirectory();
        assertEquals(world.cache.resolve("tmp-projects").resolve("v4.18.0"), dir.getParent());
        assertEquals(ProjectPreparer.contentHash(project, LeanVersion.parse("v4.18.0")), dir.getFileName().toString());
        assertEquals(dir, secondSetup.workingDirectory());
        assertEquals(lakefile, Files.readString(dir.resolve("lakefile.toml")));
        assertFalse(Files.exists(dir.resolve("lakefile.lean")), "lake init's lakefile.lean would shadow the TOML one");
        assertEquals("leanprover/lean4:v4.18.0", Files.readString(dir.resolve("lean-toolchain")).strip());
        assertEquals(List.of(dir + " +v4.18.0 init dummy exe.lean", dir + " update", dir + " exe cache get",
                dir + " build"), world.lakeCalls().stream().filter(c -> c.startsWith(dir + " ")).toList());
        assertEquals("{\"env\": 0}", FakeLean.askOnce(launch));
    }

    @Test
    void aTemporaryProjectWithoutVersionTakesTheNewestOne() throws Exception {
        TemporaryProject project = new TemporaryProject("package x\n", TemporaryProject.LakefileKind.LEAN);
        LeanReplConfig config = world.config().project(project).build();

        ReplSetup setup = config.setup();

        assertEquals(LeanVersion.parse("v4.19.0"), setup.leanVersion());
        assertTrue(setup.workingDirectory().toString().contains("v4.19.0"));
    }

    @Test
    void aFailedTemporaryProjectLeavesNothingBehindAndIsRetried() throws Exception {
        TemporaryProject project = new TemporaryProject("package x\n", TemporaryProject.LakefileKind.LEAN)
                .withLeanVersion("v4.19.0");
        // The REPL itself is built by the working lake first, so only the project's build fails.
        world.config().leanVersion("v4.19.0").build().setup();
        LeanReplConfig failing = world.config().project(project).lakePath(world.failingLake).build();

        assertThrows(LeanSetupException.class, failing::setup);
        Path dir = ProjectPreparer.temporaryDirectory(world.cache, project, LeanVersion.parse("v4.19.0"));
        assertFalse(Files.exists(dir));

        world.config().project(project).build().setup();
        assertTrue(Files.exists(dir.resolve(ProjectPreparer.READY_MARKER)));
    }

    @Test
    void aTempRequireProjectWritesItsRequiresWithMathlibAtTheLeanVersion() throws Exception {
        TempRequireProject project = new TempRequireProject(List.of(
                new LeanRequire("zebra", "https://example.org/zebra.git", "main"), LeanRequire.mathlib()))
                .withLeanVersion("v4.19.0");
        LeanReplConfig config = world.config().project(project).build();

        Path dir = config.setup().workingDirectory();
        String lakefile = Files.readString(dir.resolve("lakefile.lean"));
        assertTrue(lakefile.startsWith("import Lake"), lakefile);
        int mathlib = lakefile.indexOf("require mathlib from git\n  \"" + LeanRequire.MATHLIB_GIT + "\" @ \"v4.19.0\"");
        int zebra = lakefile.indexOf("require zebra from git\n  \"https://example.org/zebra.git\" @ \"main\"");
        assertTrue(mathlib > 0 && zebra > mathlib, lakefile);
        assertEquals(1, world.lakeCalls(("build")).stream().filter(c -> c.startsWith(dir + " ")).count());
    }

    @Test
    void theSameRequiresInAnotherOrderShareOneFolder() {
        LeanRequire a = new LeanRequire("a", "https://example.org/a.git");
        LeanRequire b = new LeanRequire("b", "https://example.org/b.git", "v1");
        LeanVersion v = LeanVersion.parse("v4.19.0");

        assertEquals(ProjectPreparer.contentHash(TempRequireProject.of(a, b), v),
                ProjectPreparer.contentHash(TempRequireProject.of(b, a), v));
        assertNotEquals(ProjectPreparer.contentHash(TempRequireProject.mathlib(), v),
                ProjectPreparer.contentHash(TempRequireProject.mathlib(), LeanVersion.parse("v4.18.0")));
    }
}
