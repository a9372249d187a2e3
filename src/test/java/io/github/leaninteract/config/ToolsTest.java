package io.github.leaninteract.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/** Finding lake, and running external tools with bounded waits. */
class ToolsTest {

    @TempDir
    Path tmp;

    @Test
    void findsLakeOnThePath() throws Exception {
        Path bin = tmp.resolve("bin");
        FakeLean.executable(bin.resolve("lake"), "#!/bin/sh\n");
        String path = tmp.resolve("empty") + File.pathSeparator + bin;
        assertEquals(bin.resolve("lake"), SetupFiles.resolveLake(null, path, tmp.resolve("home")));
    }

    @Test
    void fallsBackToElansLakeWhenItIsNotOnThePath() throws Exception {
        Path home = tmp.resolve("home");
        FakeLean.executable(home.resolve(".elan/bin/lake"), "#!/bin/sh\n");
        assertEquals(home.resolve(".elan/bin/lake"), SetupFiles.resolveLake(null, tmp.resolve("empty").toString(), home));
    }

    @Test
    void aMissingLakePointsToElan() {
        LeanSetupException e = assertThrows(LeanSetupException.class,
                () -> SetupFiles.resolveLake(null, tmp.resolve("empty").toString(), tmp.resolve("home")));
        assertTrue(e.getMessage().contains("elan-init.sh"), e.getMessage());
        assertTrue(e.getMessage().contains("lakePath"), e.getMessage());
    }

    @Test
    void aBareConfiguredNameIsLookedUpOnThePath() throws Exception {
        Path bin = tmp.resolve("bin");
        FakeLean.executable(bin.resolve("mylake"), "#!/bin/sh\n");
        assertEquals(bin.resolve("mylake"), SetupFiles.resolveLake(Path.of("mylake"), bin.toString(), null));
        assertThrows(LeanSetupException.class, () -> SetupFiles.resolveLake(Path.of("other"), bin.toString(), null));
    }

    @Test
    void aProcessThatOverrunsItsTimeoutIsDestroyedWithItsChildren() throws Exception {
        Path pidFile = tmp.resolve("child.pid");
        Path script = tmp.resolve("slow.sh");
        FakeLean.executable(script, "#!/bin/sh\necho started\nsleep 30 &\necho $! > '" + pidFile + "'\nwait\n");
        long start = System.nanoTime();

        LeanSetupException e = assertThrows(LeanSetupException.class, () -> ExternalProcess.run(
                List.of(script.toString()), tmp, Map.of(), Duration.ofMillis(500),
                LoggerFactory.getLogger(ToolsTest.class), Level.DEBUG));

        assertTrue(e.getMessage().contains("did not finish within PT0.5S"), e.getMessage());
        assertTrue(System.nanoTime() - start < 10_000_000_000L);
        long child = Long.parseLong(java.nio.file.Files.readString(pidFile).strip());
        ProcessHandle.of(child).ifPresent(h -> h.onExit().join());
        assertFalse(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false), "the grandchild is gone too");
    }

    @Test
    void anInterruptStopsTheProcessAndKeepsTheInterruptFlag() throws Exception {
        Path script = tmp.resolve("slow.sh");
        FakeLean.executable(script, "#!/bin/sh\nexec sleep 30\n");
        Thread.currentThread().interrupt();
        try {
            LeanSetupException e = assertThrows(LeanSetupException.class, () -> ExternalProcess.run(
                    List.of(script.toString()), tmp, Map.of(), Duration.ofSeconds(20),
                    LoggerFactory.getLogger(ToolsTest.class), Level.DEBUG));
            assertTrue(e.getMessage().contains("Interrupted"), e.getMessage());
            assertTrue(Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void keepsOnlyTheTailOfLongOutput() throws Exception {
        Path script = tmp.resolve("loud.sh");
        FakeLean.executable(script, "#!/bin/sh\ni=1; while [ $i -le 100 ]; do echo line $i; i=$((i+1)); done\nexit 3\n");
        ExternalProcess.Result r = ExternalProcess.run(List.of(script.toString()), tmp, Map.of(),
                Duration.ofSeconds(20), LoggerFactory.getLogger(ToolsTest.class), Level.DEBUG);
        assertEquals(3, r.exitCode());
        String[] lines = r.outputTail().split("\n");
        assertEquals(ExternalProcess.TAIL_LINES, lines.length);
        assertEquals("line 100", lines[lines.length - 1]);
    }
}
