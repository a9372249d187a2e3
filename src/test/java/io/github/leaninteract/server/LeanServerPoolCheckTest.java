package io.github.leaninteract.server;

import static io.github.leaninteract.server.CheckTest.TIMEOUT;
import static io.github.leaninteract.server.CheckTest.headerBuilds;
import static io.github.leaninteract.server.CheckTest.info;
import static io.github.leaninteract.server.CheckTest.withoutIds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.leaninteract.protocol.Command;
import io.github.leaninteract.protocol.LeanResponse;
import io.github.leaninteract.support.Closer;
import io.github.leaninteract.support.NoLeakedProcesses;
import io.github.leaninteract.support.Simulated;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code LeanServerPool.check}: one header environment for the pool, built only where needed. */
@ExtendWith(NoLeakedProcesses.class)
@Timeout(120)
class LeanServerPoolCheckTest {

    @RegisterExtension
    final Closer closer = new Closer();

    @TempDir
    Path tmp;

    @Test
    void checksOneAfterAnotherGoToTheServerHoldingTheHeader() {
        Path record = tmp.resolve("requests.txt");
        LeanServerPool pool = closer.add(LeanServerPool.builder(Simulated.recording(record)).size(3)
                .serverOptions(b -> b.restartBackoff(java.time.Duration.ZERO)).build());
        for (int i = 0; i < 8; i++) {
            assertEquals(String.valueOf(i), info(pool.check("import Mathlib\nimport Aesop\n#eval " + i, TIMEOUT)));
        }
        // Any other server would have had to import the header again to restore its state.
        assertEquals(1, headerBuilds(record));
    }

    @Test
    void concurrentChecksBuildTheHeaderAtMostOncePerServer() throws Exception {
        Path record = tmp.resolve("requests.txt");
        LeanServerPool pool = closer.add(LeanServerPool.builder(Simulated.recording(record, "--import-cost-ms", "200"))
                .size(2).build());
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<LeanResponse>> checks = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String code = "import Mathlib\n#eval " + i;
            checks.add(CompletableFuture.supplyAsync(() -> {
                CheckTest.await(go);
                return pool.check(code, TIMEOUT);
            }));
        }
        go.countDown();
        for (int i = 0; i < 8; i++) {
            assertEquals(String.valueOf(i), info(checks.get(i).get()));
        }
        long builds = headerBuilds(record);
        assertTrue(builds >= 1 && builds <= pool.size(), builds + " header builds on " + pool.size() + " servers");
        assertEquals(1, pool.sessionCache().keys().size());
    }

    @Test
    void answersEqualThoseOfAFreshRun() {
        LeanServerPool pool = closer.add(LeanServerPool.builder(Simulated.config()).size(2).build());
        LeanServer reference = closer.add(new LeanServer(Simulated.config()));
        for (String text : CheckTest.TEXTS) {
            assertEquals(withoutIds(reference.run(Command.of(text), TIMEOUT)), withoutIds(pool.check(text, TIMEOUT)),
                    text);
        }
    }

    @Test
    void theHeaderSurvivesTheCrashOfTheServerHoldingIt() {
        Path record = tmp.resolve("requests.txt");
        LeanServerPool pool = closer.add(LeanServerPool.builder(Simulated.recording(record)).size(1)
                .serverOptions(b -> b.restartBackoff(java.time.Duration.ZERO)).build());
        assertEquals("1", info(pool.check("import Mathlib\n#eval 1", TIMEOUT)));
        pool.servers().get(0).kill();
        assertEquals("2", info(pool.check("import Mathlib\n#eval 2", TIMEOUT)));
        assertEquals(2, headerBuilds(record));
        assertEquals(1, pool.sessionCache().keys().size());
    }
}
