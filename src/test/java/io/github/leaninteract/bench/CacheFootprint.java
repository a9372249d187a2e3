package io.github.leaninteract.bench;

import io.github.leaninteract.protocol.Command;
import io.github.leaninteract.protocol.CommandResponse;
import io.github.leaninteract.server.LeanServer;
import io.github.leaninteract.sessioncache.ReplaySessionCache;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * Prints the heap a {@link ReplaySessionCache} takes per cached state beyond its request text (issue 8): every
 * state is made from one shared request object, so the text is not counted; what is counted is the state, its
 * place in the cache and its REPL id in one server. Run it with the test class path, e.g.
 * {@code java -cp target/test-classes:target/classes:<dependencies> io.github.leaninteract.bench.CacheFootprint 200000}.
 */
public final class CacheFootprint {

    private CacheFootprint() {}

    public static void main(String[] args) throws Exception {
        int states = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        Command request = Command.of("def x := 1");
        try (LeanServer server = new LeanServer(RecoveryBenchmark.config())) {
            CommandResponse response = (CommandResponse) server.run(request);
            ReplaySessionCache cache = new ReplaySessionCache();
            cache.add(server, request, response);
            long before = usedAfterGc();
            for (int i = 0; i < states; i++) {
                // Each answer of a REPL process has an environment id of its own.
                cache.add(server, request, response.withEnv(response.env() + 1 + i));
            }
            long after = usedAfterGc();
            System.out.printf("%d replay states: %.1f bytes per state beyond the request text (%d in the cache)%n",
                    states, (after - before) / (double) states, cache.size());
        }
    }

    private static long usedAfterGc() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(100);
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
