package io.github.leaninteract.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.leaninteract.config.LeanReplConfig;
import io.github.leaninteract.protocol.Command;
import io.github.leaninteract.support.Closer;
import io.github.leaninteract.support.NoLeakedProcesses;
import io.github.leaninteract.testing.ReplSimulator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * With a {@code replCommand} the Lean version is unknown: the options that only some versions understand
 * ({@code incrementality}, {@code Elab.async}) are sent only when a {@code lean-toolchain} in the REPL's
 * working directory, or the configured {@code leanVersion}, says the REPL has them.
 */
@ExtendWith(NoLeakedProcesses.class)
@Timeout(60)
class VersionDependentOptionsTest {

    @TempDir
    Path tmp;

    @RegisterExtension
    final Closer closer = new Closer();

    /** The request the simulator received for one command, run with both options enabled (the defaults). */
    private String sentCommand(LeanReplConfig.Builder builder) {
        Path recording = tmp.resolve("requests.txt");
        LeanReplConfig config = builder.replCommand(ReplSimulator.command("--record", recording.toString()))
                .workingDirectory(tmp).build();
        LeanServer server = closer.add(new LeanServer(config));
        server.run(Command.of("def x := 1"));
        List<String> sent = ReplSimulator.readRecording(recording);
        assertEquals(1, sent.size(), sent.toString());
        return sent.get(0);
    }

    private void toolchain(String text) throws IOException {
        Files.writeString(tmp.resolve("lean-toolchain"), text);
    }

    @Test
    void withoutAToolchainFileNoVersionDependentOptionIsSent() {
        String sent = sentCommand(LeanReplConfig.builder());
        assertFalse(sent.contains("incrementality"), sent);
        assertFalse(sent.contains("Elab"), sent);
    }

    @Test
    void aRecentToolchainFileEnablesBothOptions() throws IOException {
        toolchain("leanprover/lean4:v4.19.0\n");
        String sent = sentCommand(LeanReplConfig.builder());
        assertTrue(sent.contains("\"incrementality\":true"), sent);
        assertTrue(sent.contains("\"Elab\",\"async\""), sent);
    }

    @Test
    void anOlderToolchainFileEnablesOnlyWhatItsVersionHas() throws IOException {
        toolchain("leanprover/lean4:v4.9.0");
        String sent = sentCommand(LeanReplConfig.builder());
        assertTrue(sent.contains("\"incrementality\":true"), sent);
        assertFalse(sent.contains("Elab"), sent);
    }

    @Test
    void anUnreadableToolchainCountsAsNoVersion() throws IOException {
        toolchain("leanprover/lean4:nightly-2025-01-01");
        String sent = sentCommand(LeanReplConfig.builder());
        assertFalse(sent.contains("incrementality"), sent);
    }

    @Test
    void aConfiguredVersionWinsOverTheToolchainFile() throws IOException {
        toolchain("leanprover/lean4:v4.19.0");
        String sent = sentCommand(LeanReplConfig.builder().leanVersion("v4.7.0"));
        assertFalse(sent.contains("incrementality"), sent);
        assertFalse(sent.contains("Elab"), sent);
    }

    @Test
    void disabledOptionsStayOffWhateverTheToolchain() throws IOException {
        toolchain("leanprover/lean4:v4.19.0");
        String sent = sentCommand(LeanReplConfig.builder().enableIncrementalOptimization(false)
                .enableParallelElaboration(false));
        assertFalse(sent.contains("incrementality"), sent);
        assertFalse(sent.contains("Elab"), sent);
    }
}
