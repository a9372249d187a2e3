package io.github.leaninteract.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.leaninteract.protocol.Command;
import io.github.leaninteract.protocol.CommandResponse;
import io.github.leaninteract.protocol.LeanRequest;
import io.github.leaninteract.protocol.LeanResponse;
import io.github.leaninteract.sessioncache.ReplaySessionCache;
import io.github.leaninteract.support.Closer;
import io.github.leaninteract.support.NoLeakedProcesses;
import io.github.leaninteract.support.Simulated;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A header environment removed from the cache between its lookup and its use is built again. */
@ExtendWith(NoLeakedProcesses.class)
@Timeout(60)
class HeaderEnvironmentsRaceTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @RegisterExtension
    final Closer closer = new Closer();

    @Test
    void aHeaderRemovedJustBeforeTheBodyRunsIsBuiltAgain() {
        AutoLeanServer server = closer.add(Simulated.autoServer(Simulated.config(), new ReplaySessionCache()));
        HeaderEnvironments headers = new HeaderEnvironments("test", server.sessionCache());
        List<LeanRequest> sent = new ArrayList<>();
        // The first body run finds its header's state gone, as when another thread clears the cache right
        // after the lookup: the server refuses the unknown session id, and the check builds the header again.
        HeaderEnvironments.Runner runner = (request, timeout, cache) -> {
            sent.add(request);
            Integer env = request.referencedEnv();
            if (env != null && env < 0 && sent.size() == 2) {
                server.removeFromSessionCache(env);
            }
            return server.run(request, timeout, cache);
        };

        LeanResponse answer = headers.check(Command.of("import Mathlib\n#eval 1 + 1"), TIMEOUT, runner);

        CommandResponse c = answer.asCommand();
        assertEquals("2", c.messages().get(0).data());
        assertEquals(4, sent.size(), "build, refused body, build again, body: " + sent);
        assertTrue(sent.get(2).referencedEnv() == null && sent.get(3).referencedEnv() < 0, sent.toString());
    }
}
