package io.github.leaninteract.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SetupListenerTest {

    @TempDir
    Path tmp;

    FakeLean world;

    @BeforeEach
    void makeWorld() throws Exception {
        world = new FakeLean(tmp);
    }

    /** Records what a setup reports. */
    static final class Recording implements SetupListener {
        final List<String> steps = new CopyOnWriteArrayList<>();
        final List<String> lines = new CopyOnWriteArrayList<>();

        @Override
        public void step(String description) {
            steps.add(description);
        }

        @Override
        public void outputLine(String tool, String line) {
            lines.add(tool + ": " + line);
        }
    }

    @Test
    void aSetupReportsTheCloneAndTheBuildAndTheBuildOutput() {
        Recording recording = new Recording();

        world.config().leanVersion("v4.19.0").build().setup(recording);

        assertTrue(recording.steps.stream().anyMatch(s -> s.startsWith("Cloning the Lean REPL from")), recording.steps.toString());
        assertTrue(recording.steps.stream().anyMatch(s -> s.startsWith("Building the Lean REPL in")), recording.steps.toString());
        assertTrue(recording.lines.contains("lake: Build completed successfully."), recording.lines.toString());
    }

    @Test
    void aSetupThatHasRunAlreadyReportsNothing() {
        LeanReplConfig config = world.config().leanVersion("v4.19.0").build();
        config.setup();
        Recording recording = new Recording();

        config.setup(recording);

        assertEquals(List.of(), recording.steps);
        assertEquals(List.of(), recording.lines);
    }

    @Test
    void aFailingListenerDoesNotStopTheSetup() {
        SetupListener failing = new SetupListener() {
            @Override
            public void step(String description) {
                throw new IllegalStateException("display broken");
            }

            @Override
            public void outputLine(String tool, String line) {
                throw new IllegalStateException("display broken");
            }
        };
        LeanReplConfig config = world.config().leanVersion("v4.19.0").build();

        ReplSetup setup = config.setup(failing);

        assertTrue(java.nio.file.Files.isExecutable(setup.replBinary()));
    }

    @Test
    void listingVersionsReportsTheClone() {
        Recording recording = new Recording();

        List<LeanVersion> versions = world.config().build().availableLeanVersions(recording);

        assertEquals(List.of(LeanVersion.parse("v4.18.0"), LeanVersion.parse("v4.19.0")), versions);
        assertTrue(recording.steps.stream().anyMatch(s -> s.startsWith("Cloning the Lean REPL from")), recording.steps.toString());
    }
}
