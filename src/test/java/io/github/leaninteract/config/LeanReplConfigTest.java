package io.github.leaninteract.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The builder's defaults and validation, and what needs no setup at all. */
class LeanReplConfigTest {

    @TempDir
    Path tmp;

    @Test
    void hasLeanInteractsDefaults() {
        LeanReplConfig c = LeanReplConfig.builder().build();
        assertEquals("https://github.com/augustepoiroux/repl", c.replGitUrl());
        assertEquals("v1.3.14", c.replRevision());
        assertTrue(c.buildRepl());
        assertFalse(c.forcePullRepl());
        assertTrue(c.enableIncrementalOptimization());
        assertTrue(c.enableParallelElaboration());
        assertNull(c.replCommand());
        assertNull(c.leanVersion());
        assertNull(c.memoryHardLimitMb());
        assertNull(c.lakePath());
        assertEquals(LeanReplConfig.defaultCacheDirectory(), c.cacheDirectory());
        assertTrue(c.cacheDirectory().endsWith("lean-interact"));
    }

    @Test
    void buildingDoesNoIo() {
        Path cache = tmp.resolve("cache");
        LeanReplConfig.builder().cacheDirectory(cache).leanVersion("v4.19.0")
                .project(null).lakePath(tmp.resolve("nope")).build();
        assertFalse(Files.exists(cache));
    }

    @Test
    void aReplCommandLaunchesExactlyThatWithoutSetup() {
        Path cache = tmp.resolve("cache");
        LeanReplConfig c = LeanReplConfig.builder().replCommand(List.of("/bin/repl", "--flag"))
                .workingDirectory(tmp).cacheDirectory(cache).lakePath(tmp.resolve("no-lake")).build();

        ReplLaunch launch = c.prepareLaunch();
        ReplSetup setup = c.setup();

        assertEquals(new ReplLaunch(List.of("/bin/repl", "--flag"), tmp), launch);
        assertEquals(launch, setup.launch());
        assertNull(setup.replDirectory());
        assertNull(setup.leanVersion(), "no version configured and no lean-toolchain");
        assertFalse(Files.exists(cache));
        assertThrows(IllegalStateException.class, c::availableLeanVersions);
    }

    @Test
    void aReplCommandRunsTheVersionOfTheToolchainFileWhereItRuns() throws Exception {
        FakeLean.withToolchain(tmp, "v4.9.0");
        LeanReplConfig c = LeanReplConfig.builder().replCommand(List.of("repl")).workingDirectory(tmp).build();

        assertEquals(LeanVersion.parse("v4.9.0"), c.setup().leanVersion());
        assertNull(c.leanVersion(), "the config keeps what was configured");
    }

    private static ReplSetup commandRunning(String version) {
        return new ReplSetup(version == null ? null : LeanVersion.parse(version),
                new ReplLaunch(List.of("repl"), null), null, null, null);
    }

    private static ReplSetup installed(String version) {
        Path dir = Path.of("/cache/repl");
        return new ReplSetup(version == null ? null : LeanVersion.parse(version),
                new ReplLaunch(List.of("lake", "env", "repl"), dir), dir, dir.resolve("repl"), Path.of("lake"));
    }

    @Test
    void incrementalityAppliesFromV480Rc1() {
        LeanReplConfig c = LeanReplConfig.builder().build();
        assertTrue(c.appliesIncrementality(installed("v4.8.0-rc1")));
        assertFalse(c.appliesIncrementality(installed("v4.7.0")));
        assertFalse(LeanReplConfig.builder().enableIncrementalOptimization(false).build()
                .appliesIncrementality(installed("v4.19.0")));
    }

    @Test
    void parallelElaborationAppliesFromV4190() {
        LeanReplConfig c = LeanReplConfig.builder().build();
        assertTrue(c.appliesParallelElaboration(installed("v4.19.0")));
        assertFalse(c.appliesParallelElaboration(installed("v4.19.0-rc1")));
        assertFalse(LeanReplConfig.builder().enableParallelElaboration(false).build()
                .appliesParallelElaboration(installed("v4.19.0")));
    }

    @Test
    void anUnknownVersionGetsTheOptionsOnlyFromAReplThatWasSetUp() {
        LeanReplConfig setUp = LeanReplConfig.builder().build();
        assertTrue(setUp.appliesIncrementality(installed(null)));
        assertTrue(setUp.appliesParallelElaboration(installed(null)));

        LeanReplConfig command = LeanReplConfig.builder().replCommand(List.of("repl")).build();
        assertFalse(command.appliesIncrementality(commandRunning(null)));
        assertFalse(command.appliesParallelElaboration(commandRunning(null)));
        assertTrue(command.appliesIncrementality(commandRunning("v4.19.0")));
    }

    @Test
    void aReplCommandMayDeclareItsLeanVersion() throws Exception {
        FakeLean.withToolchain(tmp, "v4.19.0");
        LeanReplConfig c = LeanReplConfig.builder().replCommand(List.of("repl")).workingDirectory(tmp)
                .leanVersion("v4.7.0").build();
        assertEquals("v4.7.0", c.leanVersion());
        assertEquals(LeanVersion.parse("v4.7.0"), c.setup().leanVersion());
        assertFalse(c.appliesIncrementality(c.setup()));
    }

    /** A builder with every setting given, each to a value other than its default. */
    private LeanReplConfig.Builder everything() {
        return LeanReplConfig.builder().localReplPath(tmp.resolve("repl")).workingDirectory(tmp.resolve("work"))
                .memoryHardLimitMb(4096).leanVersion("v4.19.0").lakePath(tmp.resolve("lake"))
                .gitPath(tmp.resolve("git")).cacheDirectory(tmp.resolve("cache")).buildRepl(false)
                .enableIncrementalOptimization(false).enableParallelElaboration(false)
                .lockTimeout(Duration.ofMinutes(3)).buildTimeout(Duration.ofMinutes(4));
    }

    @Test
    void configsWithEqualSettingsAreEqualAndHashAlike() {
        LeanReplConfig a = everything().build();
        LeanReplConfig b = everything().build();

        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertEquals(LeanReplConfig.builder().build(), LeanReplConfig.builder().build());
        assertEquals(LeanReplConfig.builder().project(new LocalProject(tmp)).build().hashCode(),
                LeanReplConfig.builder().project(new LocalProject(tmp)).build().hashCode());
    }

    @Test
    void everySettingTakesPartInEquality() {
        LeanReplConfig base = everything().build();
        List<LeanReplConfig> others = List.of(
                everything().localReplPath(tmp.resolve("other")).build(),
                everything().workingDirectory(tmp.resolve("other")).build(),
                everything().memoryHardLimitMb(8192).build(),
                everything().leanVersion("v4.18.0").build(),
                everything().lakePath(tmp.resolve("other")).build(),
                everything().gitPath(tmp.resolve("other")).build(),
                everything().cacheDirectory(tmp.resolve("other")).build(),
                everything().buildRepl(true).build(),
                everything().enableIncrementalOptimization(true).build(),
                everything().enableParallelElaboration(true).build(),
                everything().lockTimeout(Duration.ofMinutes(5)).build(),
                everything().buildTimeout(Duration.ofMinutes(5)).build());
        for (LeanReplConfig other : others) {
            assertFalse(base.equals(other), other.toString());
        }
        LeanReplConfig fromGit = LeanReplConfig.builder().build();
        assertFalse(fromGit.equals(LeanReplConfig.builder().replGitUrl("https://example.org/repl").build()));
        assertFalse(fromGit.equals(LeanReplConfig.builder().replRevision("v1.0.0").build()));
        assertFalse(fromGit.equals(LeanReplConfig.builder().forcePullRepl(true).build()));
        assertFalse(fromGit.equals(LeanReplConfig.builder().project(new LocalProject(tmp)).build()));
        assertFalse(fromGit.equals(LeanReplConfig.builder().replCommand(List.of("repl")).build()));
    }

    @Test
    void acceptsTheToolchainFormOfAVersion() {
        assertEquals("v4.19.0", LeanReplConfig.builder().leanVersion("leanprover/lean4:v4.19.0").build().leanVersion());
    }

    @Test
    void rejectsAnUnparsableVersionAtOnce() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LeanReplConfig.builder().leanVersion("4.19"));
        assertTrue(e.getMessage().contains("4.19"), e.getMessage());
    }

    @Test
    void rejectsALeanVersionTogetherWithAProject() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LeanReplConfig.builder()
                .leanVersion("v4.19.0").project(new LocalProject(tmp)).build());
        assertTrue(e.getMessage().contains("lean-toolchain"), e.getMessage());
    }

    @Test
    void rejectsAReplCommandTogetherWithAProjectOrALocalRepl() {
        IllegalArgumentException withProject = assertThrows(IllegalArgumentException.class, () -> LeanReplConfig
                .builder().replCommand(List.of("repl")).project(new LocalProject(tmp)).build());
        assertTrue(withProject.getMessage().contains("project"), withProject.getMessage());
        IllegalArgumentException withLocal = assertThrows(IllegalArgumentException.class, () -> LeanReplConfig
                .builder().replCommand(List.of("repl")).localReplPath(tmp).build());
        assertTrue(withLocal.getMessage().contains("localReplPath"), withLocal.getMessage());
    }

    @Test
    void rejectsAWorkingDirectoryWithoutAReplCommandOrLocalRepl() {
        assertThrows(IllegalArgumentException.class, () -> LeanReplConfig.builder().workingDirectory(tmp).build());
        assertThrows(IllegalArgumentException.class, () -> LeanReplConfig.builder().workingDirectory(tmp)
                .localReplPath(tmp).project(new LocalProject(tmp)).build());
    }

    @Test
    void rejectsRepositorySettingsThatALocalReplWouldIgnore() {
        assertThrows(IllegalArgumentException.class,
                () -> LeanReplConfig.builder().localReplPath(tmp).replRevision("v1").build());
        assertThrows(IllegalArgumentException.class,
                () -> LeanReplConfig.builder().localReplPath(tmp).forcePullRepl(true).build());
    }

    @Test
    void rejectsImpossibleValues() {
        LeanReplConfig.Builder b = LeanReplConfig.builder();
        assertThrows(IllegalArgumentException.class, () -> b.replCommand(List.of()));
        assertThrows(IllegalArgumentException.class, () -> b.memoryHardLimitMb(0));
        assertThrows(IllegalArgumentException.class, () -> b.replGitUrl(" "));
        assertThrows(NullPointerException.class, () -> b.replRevision(null));
        assertThrows(IllegalArgumentException.class, () -> b.lockTimeout(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> b.buildTimeout(Duration.ofSeconds(-1)));
    }
}
