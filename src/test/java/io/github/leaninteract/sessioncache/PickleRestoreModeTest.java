package io.github.leaninteract.sessioncache;

import static io.github.leaninteract.support.Simulated.crash;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.leaninteract.protocol.Command;
import io.github.leaninteract.protocol.CommandResponse;
import io.github.leaninteract.protocol.LeanJson;
import io.github.leaninteract.protocol.ProofStep;
import io.github.leaninteract.protocol.ProofStepResponse;
import io.github.leaninteract.server.AutoLeanServer;
import io.github.leaninteract.support.Closer;
import io.github.leaninteract.support.NoLeakedProcesses;
import io.github.leaninteract.support.Simulated;
import io.github.leaninteract.testing.ReplSimulator;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an eager and a lazy {@link PickleSessionCache} send to a restarted REPL, read from the simulator's
 * record of the requests it received.
 */
@ExtendWith(NoLeakedProcesses.class)
@Timeout(60)
class PickleRestoreModeTest {

    @TempDir
    Path tmp;

    @RegisterExtension
    final Closer closer = new Closer();

    private PickleSessionCache cache;
    private AutoLeanServer server;

    private Path recording() {
        return tmp.resolve("requests.txt");
    }

    /** Starts a server, caches an environment (-1) and a proof state (-2) in it, then crashes it. */
    private void cacheTwoStatesAndCrash(boolean lazy) {
        cache = closer.add(new PickleSessionCache(tmp, Duration.ofSeconds(10), lazy));
        server = closer.add(Simulated.autoServer(Simulated.recording(recording()), cache));
        CommandResponse thm = (CommandResponse) server.run(
                Command.of("theorem t (n : Nat) : n = n := by sorry"), true);
        server.run(new ProofStep(thm.sorries().get(0).proofState(), "skip"), true);
        crash(server);
    }

    private List<JsonNode> requestsSinceCrash() {
        List<String> all = ReplSimulator.readRecording(recording());
        int crash = -1;
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).contains("#sim crash")) {
                crash = i;
            }
        }
        // The probe every new process answers first is the server's, not the cache's.
        JsonNode probe = LeanJson.toTree(AutoLeanServer.PROBE);
        return all.subList(crash + 1, all.size()).stream().map(LeanJson::readTree).filter(r -> !r.equals(probe))
                .toList();
    }

    private static JsonNode cmd(String text) {
        return LeanJson.readTree("{\"cmd\": \"" + text + "\"}");
    }

    @Test
    void anEagerCacheUnpicklesEveryStateRightAfterTheRestartBeforeTheRequest() {
        cacheTwoStatesAndCrash(false);
        server.run(Command.of("#eval 1"));
        List<JsonNode> sent = requestsSinceCrash();
        assertEquals(3, sent.size(), sent.toString());
        assertEquals(cache.get(-1).pickleFile().toString(), sent.get(0).path("unpickleEnvFrom").asText());
        assertEquals(cache.get(-2).pickleFile().toString(), sent.get(1).path("unpickleProofStateFrom").asText());
        assertEquals(cmd("#eval 1"), sent.get(2));
    }

    @Test
    void anEagerCacheUnpicklesTheProofStateOntoItsRestoredEnvironment() {
        cacheTwoStatesAndCrash(false);
        server.run(Command.of("#eval 1"));
        List<JsonNode> sent = requestsSinceCrash();
        assertEquals(0, sent.get(1).path("env").asInt(), "the env id the unpickled environment got: " + sent);
    }

    @Test
    void aLazyCacheSendsNothingOnRestartAndUnpicklesEachStateOnFirstUse() {
        cacheTwoStatesAndCrash(true);
        server.run(Command.of("#eval 1"));
        assertEquals(List.of(cmd("#eval 1")), requestsSinceCrash());

        ProofStepResponse step = (ProofStepResponse) server.run(new ProofStep(-2, "rfl"));
        assertEquals("Completed", step.proofStatus());
        List<JsonNode> sent = requestsSinceCrash();
        assertEquals(4, sent.size(), sent.toString());
        assertEquals(cache.get(-1).pickleFile().toString(), sent.get(1).path("unpickleEnvFrom").asText(),
                "the proof state's environment first");
        assertEquals(cache.get(-2).pickleFile().toString(), sent.get(2).path("unpickleProofStateFrom").asText());
        assertTrue(sent.get(3).has("tactic"));

        server.run(Command.of("#eval 2").withEnv(-1));
        assertEquals(5, requestsSinceCrash().size(), "-1 was restored once: " + requestsSinceCrash());
    }

    @Test
    void aLazyCacheNeverUnpicklesAStateThatIsNotUsed() {
        cacheTwoStatesAndCrash(true);
        assertInstanceOf(CommandResponse.class, server.run(Command.of("#eval 1").withEnv(-1)));
        List<JsonNode> sent = requestsSinceCrash();
        assertEquals(2, sent.size(), sent.toString());
        assertTrue(sent.stream().noneMatch(r -> r.has("unpickleProofStateFrom")));
    }
}
