package io.github.leaninteract.sessioncache;

import io.github.leaninteract.protocol.Command;
import io.github.leaninteract.protocol.CommandResponse;
import io.github.leaninteract.protocol.ProofStep;
import io.github.leaninteract.protocol.ProofStepResponse;
import io.github.leaninteract.server.AutoLeanServer;
import io.github.leaninteract.server.LeanProcessException;
import io.github.leaninteract.support.Simulated;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A second process for cross-process cache tests: runs its own {@link AutoLeanServer} and
 * {@link PickleSessionCache} on the working directory {@code args[0]}, and for {@code args[1]} rounds caches
 * an environment and a proof state, crashes its REPL and checks that every state cached so far restores
 * with its own content. Prints {@code owner ID} (its cache's {@link PickleSessionCache#ownerId()}) first,
 * {@code ok ROUND} per round or {@code FAIL …}, then {@code ready} and waits
 * until its stdin closes, keeping its pickles; then closes the cache and prints {@code closed}.
 */
public final class PickleCacheUser {

    private PickleCacheUser() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int rounds = Integer.parseInt(args[1]);
        try (PickleSessionCache cache = new PickleSessionCache(dir, Duration.ofSeconds(20));
             AutoLeanServer server = AutoLeanServer.builder(Simulated.config()).sessionCache(cache)
                     .restartBackoff(Duration.ZERO).maxTotalMemory(1.0).build()) {
            System.out.println("owner " + cache.ownerId());
            System.out.flush();
            for (int round = 0; round < rounds; round++) {
                int value = 7000 + round;
                int env = ((CommandResponse) server.run(
                        Command.of("theorem t" + round + " (child" + round + " : Nat) : child" + round + " = child"
                                + round + " := by sorry\ndef v := " + value), true)).env();
                CommandResponse thm = (CommandResponse) server.run(
                        Command.of("theorem s (c : Nat) : c = c := by sorry").withEnv(env));
                server.run(new ProofStep(thm.sorries().get(0).proofState(), "skip"), true);
                try {
                    server.run(Command.of("#sim crash 1"));
                } catch (LeanProcessException expected) {
                    // The crash is the point of the round.
                }
                for (int r = 0; r <= round; r++) {
                    String got = ((CommandResponse) server.run(Command.of("#eval v").withEnv(-1 - 2 * r)))
                            .messages().get(0).data();
                    String goal = ((ProofStepResponse) server.run(new ProofStep(-2 - 2 * r, "skip"))).goals().get(0);
                    if (!got.equals(String.valueOf(7000 + r)) || !goal.contains("c : Nat")) {
                        System.out.println("FAIL round " + round + " state " + r + ": " + got + " / " + goal);
                        System.exit(1);
                    }
                }
                System.out.println("ok " + round);
                System.out.flush();
            }
            System.out.println("ready");
            System.out.flush();
            while (System.in.read() >= 0) {
                // Keep the states (and their files) until the parent closes our stdin, or kills us.
            }
        }
        System.out.println("closed");
    }
}
