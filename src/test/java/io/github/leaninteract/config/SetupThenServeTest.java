package io.github.leaninteract.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.leaninteract.protocol.Command;
import io.github.leaninteract.protocol.CommandResponse;
import io.github.leaninteract.server.LeanServer;
import io.github.leaninteract.support.NoLeakedProcesses;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A server started from a config that must first clone and build the REPL: setup, then lake env, then answers. */
@ExtendWith(NoLeakedProcesses.class)
@Timeout(60)
class SetupThenServeTest {

    @TempDir
    Path tmp;

    @Test
    void theFirstServerStartSetsUpTheReplAndRunsItThroughLakeEnv() throws Exception {
        FakeLean world = new FakeLean(tmp);
        LeanReplConfig config = world.config().leanVersion("v4.19.0").build();
        try (LeanServer server = new LeanServer(config)) {
            CommandResponse def = (CommandResponse) server.run(Command.of("def x := 41 + 1"));
            CommandResponse eval = (CommandResponse) server.run(Command.of("#eval x").withEnv(def.env()));
            assertEquals("42", eval.messages().get(0).data());
        }
        assertTrue(world.lakeCalls().stream().anyMatch(c -> c.contains(" build")), world.lakeCalls().toString());
        assertTrue(world.lakeCalls().stream().anyMatch(c -> c.contains(" env ")), world.lakeCalls().toString());
        assertEquals(LeanVersion.parse("v4.19.0"), config.setup().leanVersion());
    }
}
