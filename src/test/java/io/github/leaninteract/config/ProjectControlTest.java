package io.github.leaninteract.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Chosen folders, no automatic build, a lake per project, reading a project's folder and version, explicit builds. */
class ProjectControlTest {

    @TempDir
    Path tmp;

    FakeLean world;

    @BeforeEach
    void makeWorld() throws Exception {
        world = new FakeLean(tmp);
    }

    private List<String> lakeCallsIn(Path dir) throws Exception {
        return world.lakeCalls().stream().filter(c -> c.startsWith(dir + " ")).map(c -> c.substring(dir.toString().length() + 1))
                .toList();
    }

    private static TemporaryProject scratch() {
        return new TemporaryProject("package x\n", TemporaryProject.LakefileKind.LEAN).withLeanVersion("v4.19.0");
    }

    @Test
    void aTemporaryProjectIsMadeInTheChosenFolder() throws Exception {
        Path mine = tmp.resolve("mine");
        LeanReplConfig config = world.config().project(scratch().withDirectory(mine)).build();

        ReplSetup setup = config.setup();

        assertEquals(mine, setup.workingDirectory());
        assertEquals("package x\n", Files.readString(mine.resolve("lakefile.lean")));
        assertEquals(List.of("+v4.19.0 init dummy exe.lean", "update", "exe cache get", "build"), lakeCallsIn(mine));
    }

    @Test
    void aTempRequireProjectIsMadeInTheChosenFolder() throws Exception {
        Path mine = tmp.resolve("with-mathlib");
        LeanReplConfig config = world.config()
                .project(TempRequireProject.mathlib().withLeanVersion("v4.19.0").withDirectory(mine)).build();

        ReplSetup setup = config.setup();

        assertEquals(mine, setup.workingDirectory());
        assertTrue(Files.readString(mine.resolve("lakefile.lean")).contains("require mathlib from git"));
    }

    @Test
    void aChosenFolderWithOtherFilesIsRefusedAndLeftAlone() throws Exception {
        Path mine = tmp.resolve("busy");
        Files.createDirectories(mine);
        Files.writeString(mine.resolve("notes.txt"), "mine");
        LeanReplConfig config = world.config().project(scratch().withDirectory(mine)).build();

        LeanSetupException e = assertThrows(LeanSetupException.class, config::setup);

        assertTrue(e.getMessage().contains("is not empty and was not made by lean-interact"), e.getMessage());
        assertEquals("mine", Files.readString(mine.resolve("notes.txt")));
    }

    @Test
    void aTemporaryProjectWithoutBuildIsOnlyCreatedAndBuildsWhenAsked() throws Exception {
        Path mine = tmp.resolve("later");
        LeanReplConfig config = world.config().project(scratch().withDirectory(mine).withBuild(false)).build();

        config.setup();
        assertEquals(List.of("+v4.19.0 init dummy exe.lean"), lakeCallsIn(mine));
        config.setup();
        world.config().project(scratch().withDirectory(mine).withBuild(false)).build().setup();
        assertEquals(List.of("+v4.19.0 init dummy exe.lean"), lakeCallsIn(mine), "created once, never built");

        Path built = config.buildProject(false);

        assertEquals(mine, built);
        assertEquals(List.of("+v4.19.0 init dummy exe.lean", "update", "exe cache get", "build"), lakeCallsIn(mine));
        assertTrue(Files.exists(mine.resolve(ProjectPreparer.READY_MARKER)));
    }

    @Test
    void aBuiltTemporaryProjectIsBuiltAgainOnRequestAndUpdatedOnlyWhenAsked() throws Exception {
        Path mine = tmp.resolve("again");
        LeanReplConfig config = world.config().project(scratch().withDirectory(mine)).build();
        config.setup();

        config.buildProject(false);
        config.buildProject(true);

        assertEquals(List.of("+v4.19.0 init dummy exe.lean", "update", "exe cache get", "build",
                "exe cache get", "build", "update", "exe cache get", "build"), lakeCallsIn(mine));
    }

    @Test
    void aFailedBuildOfAnOlderTemporaryProjectKeepsIt() throws Exception {
        Path mine = tmp.resolve("kept");
        world.config().project(scratch().withDirectory(mine).withBuild(false)).build().setup();
        LeanReplConfig failing = world.config().project(scratch().withDirectory(mine).withLakePath(world.failingLake))
                .build();

        assertThrows(LeanSetupException.class, () -> failing.buildProject(false));

        assertTrue(Files.exists(mine.resolve("lakefile.lean")));
        assertFalse(Files.exists(mine.resolve(ProjectPreparer.READY_MARKER)));
    }

    @Test
    void aLocalProjectIsBuiltOnRequestEvenWhenSetupDoesNotBuildIt() throws Exception {
        Path dir = FakeLean.withToolchain(tmp.resolve("local"), "v4.19.0");
        LeanReplConfig config = world.config().project(new LocalProject(dir).withBuild(false)).build();

        config.buildProject(true);

        assertEquals(List.of("update", "exe cache get", "build"), lakeCallsIn(dir));
    }

    @Test
    void aGitProjectIsClonedAndBuiltOnRequest() throws Exception {
        Path repo = world.makeProjectRepository("proj", "v4.18.0");
        Path target = tmp.resolve("clone");
        LeanReplConfig config = world.config().project(new GitProject(repo.toString(), "v1", target)).build();

        config.buildProject(false);

        assertTrue(Files.exists(target.resolve("lakefile.lean")));
        assertEquals(List.of("exe cache get", "build"), lakeCallsIn(target));
        assertEquals(Optional.of(LeanVersion.parse("v4.18.0")), config.projectLeanVersion());
    }

    @Test
    void buildingWithoutAProjectIsRefused() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> world.config().build().buildProject(false));
        assertTrue(e.getMessage().contains("no project"), e.getMessage());
    }

    @Test
    void theLakeOfAProjectBuildsItAndStartsTheRepl() throws Exception {
        Path otherLake = tmp.resolve("other-bin").resolve("lake");
        Files.createDirectories(otherLake.getParent());
        Files.copy(world.lake, otherLake, StandardCopyOption.COPY_ATTRIBUTES);
        Path dir = FakeLean.withToolchain(tmp.resolve("local"), "v4.19.0");
        LeanReplConfig config = world.config().project(new LocalProject(dir).withLakePath(otherLake)).build();

        config.setup();

        assertEquals(otherLake, config.setup().lake());
        assertEquals(otherLake.toString(), config.prepareLaunch().command().get(0));
    }

    @Test
    void aFailingLakeOfTheProjectFailsTheProjectNotTheRepl() throws Exception {
        Path dir = FakeLean.withToolchain(tmp.resolve("local"), "v4.19.0");
        LeanReplConfig config = world.config().project(new LocalProject(dir).withLakePath(world.failingLake)).build();

        LeanSetupException e = assertThrows(LeanSetupException.class, config::setup);

        assertTrue(e.getMessage().contains("`lake build` failed for the Lean project in " + dir), e.getMessage());
    }

    @Test
    void theFolderAndVersionOfALocalProjectAreReadable() throws Exception {
        Path dir = FakeLean.withToolchain(tmp.resolve("local"), "v4.20.0-rc1");
        LocalProject project = new LocalProject(dir);
        LeanReplConfig config = world.config().project(project).build();

        assertEquals(Optional.of(dir), config.projectDirectory());
        assertEquals(Optional.of(LeanVersion.parse("v4.20.0-rc1")), config.projectLeanVersion());
        assertEquals(LeanVersion.parse("v4.20.0-rc1"), project.leanVersion());
    }

    @Test
    void theFolderOfATemporaryProjectIsKnownBeforeSetupAndItsVersionAfter() {
        TemporaryProject project = scratch();
        LeanReplConfig config = world.config().project(project).build();
        Path expected = world.cache.resolve("tmp-projects").resolve("v4.19.0")
                .resolve(ProjectPreparer.contentHash(project, LeanVersion.parse("v4.19.0")));

        assertEquals(Optional.of(expected), config.projectDirectory());
        assertEquals(Optional.empty(), config.projectLeanVersion(), "not made yet");

        config.setup();

        assertEquals(Optional.of(expected), config.projectDirectory());
        assertEquals(Optional.of(LeanVersion.parse("v4.19.0")), config.projectLeanVersion());
    }

    @Test
    void theFolderOfATemporaryProjectWithoutVersionIsTheOneSetupChooses() {
        LeanReplConfig config = world.config()
                .project(new TemporaryProject("package x\n", TemporaryProject.LakefileKind.LEAN)).build();

        IllegalStateException e = assertThrows(IllegalStateException.class, config::projectDirectory);
        assertTrue(e.getMessage().contains("setup().workingDirectory()"), e.getMessage());

        ReplSetup setup = config.setup();

        assertTrue(setup.workingDirectory().toString().contains("v4.19.0"), setup.toString());
        assertThrows(IllegalStateException.class, config::projectDirectory, "the config is the same after setup");
    }

    @Test
    void withoutAProjectThereIsNoProjectFolder() {
        LeanReplConfig config = world.config().build();

        assertEquals(Optional.empty(), config.projectDirectory());
        assertEquals(Optional.empty(), config.projectLeanVersion());
    }

    @Test
    void aLocalProjectWithoutToolchainHasNoReadableVersion() {
        LocalProject project = new LocalProject(tmp.resolve("nothing"));

        assertThrows(LeanSetupException.class, project::leanVersion);
    }
}
