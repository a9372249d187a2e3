package io.github.leaninteract.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.leaninteract.config.LeanReplConfig;
import io.github.leaninteract.config.LeanSetupException;
import io.github.leaninteract.server.AutoLeanServer;
import io.github.leaninteract.server.LeanMemoryException;
import io.github.leaninteract.server.LeanProcessException;
import io.github.leaninteract.server.LeanProtocolException;
import io.github.leaninteract.server.LeanServer;
import io.github.leaninteract.server.LeanTimeoutException;
import io.github.leaninteract.sessioncache.PickleSessionCache;
import io.github.leaninteract.sessioncache.ReplaySessionCache;
import io.github.leaninteract.sessioncache.SessionCacheException;
import io.github.leaninteract.sessioncache.UnknownSessionIdException;
import io.github.leaninteract.support.Closer;
import io.github.leaninteract.support.NoLeakedProcesses;
import io.github.leaninteract.support.Simulated;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * One {@code catch (LeanInteractException e)} catches every failure of the library, each met for real: simulator
 * processes that hang, crash or write garbage, a setup that cannot succeed, a session cache that cannot restore.
 */
@ExtendWith(NoLeakedProcesses.class)
@Timeout(60)
class LeanInteractExceptionTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    @RegisterExtension
    final Closer closer = new Closer();

    /** What the library threw, caught as a user would catch it: by the root alone. */
    private static LeanInteractException caughtByTheRoot(Runnable call) {
        try {
            call.run();
        } catch (LeanInteractException e) {
            return e;
        }
        return fail("nothing was thrown");
    }

    private LeanServer server() {
        return closer.add(new LeanServer(Simulated.config()));
    }

    @Test
    void aTimeout() {
        LeanServer server = server();
        // The REPL never answers #sim hang, so any timeout is reached, however loaded the machine.
        assertInstanceOf(LeanTimeoutException.class,
                caughtByTheRoot(() -> server.run(Command.of("#sim hang"), Duration.ofMillis(100))));
    }

    @Test
    void aCrash() {
        LeanServer server = server();
        assertInstanceOf(LeanProcessException.class, caughtByTheRoot(() -> server.run(Command.of("#sim crash 3"))));
    }

    @Test
    void anAnswerThatIsNotJson() {
        LeanServer server = server();
        assertInstanceOf(LeanProtocolException.class, caughtByTheRoot(() -> server.run(Command.of("#sim garbage"))));
    }

    @Test
    void memoryThatStaysTooHigh() {
        AutoLeanServer server = closer.add(Simulated.autoBuilder(Simulated.config())
                .maxTotalMemory(Double.MIN_VALUE).maxRestartAttempts(0).build());
        assertInstanceOf(LeanMemoryException.class, caughtByTheRoot(() -> server.run(Command.of("def x := 1"))));
    }

    @Test
    void aSetupThatCannotSucceed() {
        LeanReplConfig config = LeanReplConfig.builder().localReplPath(tmp.resolve("no-such-repl"))
                .lakePath(tmp.resolve("no-such-lake")).buildRepl(false).cacheDirectory(tmp.resolve("cache")).build();
        assertInstanceOf(LeanSetupException.class, caughtByTheRoot(config::setup));
    }

    @Test
    void aStateTheSessionCacheCannotRestore() throws IOException {
        PickleSessionCache cache = closer.add(new PickleSessionCache(tmp, Duration.ofSeconds(10)));
        AutoLeanServer server = closer.add(Simulated.autoServer(Simulated.config(), cache));
        int env = server.command(Command.of("def a := 1"), TIMEOUT, true).env();
        Files.delete(cache.get(env).pickleFile());
        server.restart();
        LeanInteractException e = caughtByTheRoot(() -> server.run(Command.of("#eval a").withEnv(env), TIMEOUT));
        assertEquals(SessionCacheException.class, e.getClass(), e.toString());
    }

    @Test
    void anUnknownSessionId() {
        AutoLeanServer server = closer.add(Simulated.autoServer(Simulated.config(), new ReplaySessionCache()));
        UnknownSessionIdException e = assertInstanceOf(UnknownSessionIdException.class,
                caughtByTheRoot(() -> server.run(Command.of("#eval 1").withEnv(-3), TIMEOUT)));
        assertEquals(-3, e.sessionId());
    }

    @Test
    void textThatIsNotAReplAnswer() {
        assertInstanceOf(LeanJsonException.class,
                caughtByTheRoot(() -> LeanJson.readResponse(Command.of("#eval 1"), "{\"messages\": 3}")));
    }

    @Test
    void anErrorAnswerAskedForAsATypedOne() {
        LeanServer server = server();
        assertInstanceOf(LeanErrorException.class,
                caughtByTheRoot(() -> server.proofStep(new ProofStep(12, "rfl"), TIMEOUT)));
    }

    @Test
    void badArgumentsStayIllegalArgumentExceptions() {
        LeanServer server = server();
        assertThrows(IllegalArgumentException.class, () -> Command.of(""));
        assertThrows(IllegalArgumentException.class, () -> server.run(Command.of("#eval 1").withEnv(-1)));
    }
}
