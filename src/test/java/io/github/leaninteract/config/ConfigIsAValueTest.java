package io.github.leaninteract.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.leaninteract.protocol.Command;
import io.github.leaninteract.server.LeanServer;
import io.github.leaninteract.support.NoLeakedProcesses;
import io.github.leaninteract.testing.ReplSimulator;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A config behaves the same whenever it is used: setup leaves it as it was and hands its result to whoever asks,
 * and servers decide what they send from the config and that result only.
 */
@ExtendWith(NoLeakedProcesses.class)
@Timeout(120)
class ConfigIsAValueTest {

    @TempDir
    Path tmp;

    private FakeLean world;

    @BeforeEach
    void makeWorld() throws Exception {
        world = new FakeLean(tmp);
    }

    /** The request the fake REPL received for one command sent by a new server on {@code config}. */
    private String sentByANewServer(LeanReplConfig config) {
        int before = ReplSimulator.readRecording(world.replRequests).size();
        try (LeanServer server = new LeanServer(config)) {
            server.run(Command.of("def x := 1"));
        }
        List<String> sent = ReplSimulator.readRecording(world.replRequests);
        assertEquals(before + 1, sent.size(), sent.toString());
        return sent.get(before);
    }

    @Test
    void aConfigSendsTheSameRequestsBeforeAndAfterSetup() throws Exception {
        // The Lean version (v4.18.0: incrementality, no Elab.async) comes from the project, through setup.
        Path project = FakeLean.withToolchain(tmp.resolve("project"), "v4.18.0");
        LeanReplConfig config = world.config().project(new LocalProject(project)).build();
        String description = config.toString();

        String before = sentByANewServer(config);
        ReplSetup setup = config.setup();
        String after = sentByANewServer(config);
        String fromAnEqualConfig = sentByANewServer(world.config().project(new LocalProject(project)).build());

        assertEquals(before, after);
        assertEquals(before, fromAnEqualConfig);
        assertTrue(before.contains("\"incrementality\":true"), before);
        assertFalse(before.contains("Elab"), before);
        assertEquals(LeanVersion.parse("v4.18.0"), setup.leanVersion());
        assertEquals(project, setup.workingDirectory());
        assertNull(config.leanVersion(), "setup does not change the config");
        assertEquals(description, config.toString());
    }

    @Test
    void aConfigAnswersTheSameBeforeAndAfterSetup() {
        LeanReplConfig config = world.config()
                .project(new TemporaryProject("package x\n", TemporaryProject.LakefileKind.LEAN)).build();
        LeanReplConfig equal = world.config()
                .project(new TemporaryProject("package x\n", TemporaryProject.LakefileKind.LEAN)).build();

        String unknownFolder = assertThrowsMessage(config);
        config.setup();

        assertEquals(unknownFolder, assertThrowsMessage(config));
        assertEquals(unknownFolder, assertThrowsMessage(equal));
        assertNull(config.leanVersion());
        assertEquals(equal, config);
        assertEquals(equal.hashCode(), config.hashCode());
    }

    private static String assertThrowsMessage(LeanReplConfig config) {
        return org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, config::projectDirectory)
                .getMessage();
    }

    @Test
    void serversOfEqualConfigsShareOneSetup() throws Exception {
        // No version: a setup that is not remembered asks git for the newest tagged one.
        LeanReplConfig first = world.config().build();
        LeanReplConfig second = world.config().build();
        sentByANewServer(first);
        int gitCalls = world.gitCalls().size();
        int lakeCalls = world.lakeCalls().size();

        sentByANewServer(first);
        sentByANewServer(second);

        assertEquals(gitCalls, world.gitCalls().size(), "no setup work for the second and third server");
        assertEquals(1, world.lakeCalls("build").size());
        assertEquals(lakeCalls + 2, world.lakeCalls().size(), "only the two `lake env` launches: "
                + world.lakeCalls());
        assertSame(first.setup(), second.setup());
    }

    @Test
    void aLocalProjectMovedToAnotherLeanVersionIsSetUpAgain() throws Exception {
        Path project = FakeLean.withToolchain(tmp.resolve("project"), "v4.18.0");
        assertEquals(LeanVersion.parse("v4.18.0"),
                world.config().project(new LocalProject(project)).build().setup().leanVersion());

        FakeLean.withToolchain(project, "v4.19.0");
        ReplSetup moved = world.config().project(new LocalProject(project)).build().setup();

        assertEquals(LeanVersion.parse("v4.19.0"), moved.leanVersion());
        assertTrue(moved.replBinary().toString().contains("v4.19.0"), moved.toString());
    }

    @Test
    void aRememberedSetupWhoseFoldersVanishedIsDoneAgain() throws Exception {
        LeanReplConfig config = world.config().leanVersion("v4.19.0").build();
        ReplSetup setup = config.setup();
        SetupFiles.deleteTree(world.cache);

        ReplSetup again = world.config().leanVersion("v4.19.0").build().setup();

        assertEquals(setup, again);
        assertTrue(Files.isExecutable(again.replBinary()));
        assertEquals(2, world.gitCallsStartingWith("clone"));
        assertEquals(2, world.lakeCalls("build").size());
    }
}
