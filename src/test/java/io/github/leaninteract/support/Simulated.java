package io.github.leaninteract.support;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.leaninteract.config.LeanReplConfig;
import io.github.leaninteract.protocol.Command;
import io.github.leaninteract.server.AutoLeanServer;
import io.github.leaninteract.server.LeanProcessException;
import io.github.leaninteract.server.LeanServer;
import io.github.leaninteract.server.LeanServerPool;
import io.github.leaninteract.sessioncache.SessionCache;
import io.github.leaninteract.testing.ReplSimulator;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Configs that start the {@link ReplSimulator}, and servers on them, for tests of servers and caches. */
public final class Simulated {

    private Simulated() {}

    /** A config for a plain simulator, without the options the library adds to commands. */
    public static LeanReplConfig config(String... simulatorOptions) {
        return builder(simulatorOptions).build();
    }

    /** A config whose simulator records every request it receives in {@code recording}. */
    public static LeanReplConfig recording(Path recording, String... simulatorOptions) {
        List<String> opts = new ArrayList<>(List.of("--record", recording.toString()));
        opts.addAll(List.of(simulatorOptions));
        return config(opts.toArray(String[]::new));
    }

    public static LeanReplConfig.Builder builder(String... simulatorOptions) {
        return LeanReplConfig.builder()
                .replCommand(ReplSimulator.command(simulatorOptions))
                .enableIncrementalOptimization(false)
                .enableParallelElaboration(false);
    }

    /**
     * A builder of an {@link AutoLeanServer} on {@code config} that restarts without a back-off (the tests crash
     * their REPLs on purpose, and waiting would only slow them down) and never for the machine's memory (a
     * test's outcome must not depend on how busy the machine is); a test about memory sets its own limits.
     */
    public static AutoLeanServer.Builder autoBuilder(LeanReplConfig config) {
        return AutoLeanServer.builder(config).restartBackoff(Duration.ZERO).maxTotalMemory(1.0);
    }

    /** A builder of a {@link LeanServerPool} on {@code config} whose servers never restart for the machine's memory. */
    public static LeanServerPool.Builder poolBuilder(LeanReplConfig config) {
        return LeanServerPool.builder(config).serverOptions(b -> b.maxTotalMemory(1.0));
    }

    /** An {@link AutoLeanServer} on {@code config} that keeps its states in {@code cache} and restarts at once. */
    public static AutoLeanServer autoServer(LeanReplConfig config, SessionCache cache) {
        return autoBuilder(config).sessionCache(cache).build();
    }

    /**
     * Returns once the simulator(s) recording into {@code recording} received at least {@code count} requests
     * in all: a request is under way, whatever the machine's load. Fails after 30 s.
     */
    public static void awaitReceived(Path recording, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (ReplSimulator.readRecording(recording).size() < count) {
            assertTrue(System.nanoTime() < deadline, "the REPL did not receive " + count + " request(s): "
                    + ReplSimulator.readRecording(recording));
            Thread.sleep(2);
        }
    }

    /** Makes the simulator under {@code server} crash, and asserts that the request fails for it. */
    public static void crash(LeanServer server) {
        assertThrows(LeanProcessException.class, () -> server.run(Command.of("#sim crash 1")));
    }
}
