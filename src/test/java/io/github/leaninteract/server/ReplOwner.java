package io.github.leaninteract.server;

import io.github.leaninteract.protocol.Command;
import io.github.leaninteract.protocol.CommandResponse;
import io.github.leaninteract.support.Simulated;
import io.github.leaninteract.testing.ReplSimulator;

import java.nio.file.Path;

/**
 * A JVM that owns a REPL and never closes it, for the tests of {@link ProcessLifetimeTest}. Starts a
 * {@link LeanServer} on a simulator that records its requests in {@code args[1]}, has it spawn a child
 * ({@code #sim spawn}), sends {@code #sim hang} without waiting for the answer and waits until the simulator has
 * received it, so that the REPL is busy and deaf to the end of its input. Then prints
 * {@code repl REPL_PID CHILD_PID}; with {@code args[0]} {@code exit} it calls {@code System.exit(0)} at once,
 * with {@code wait} it waits until its stdin ends (or it is killed).
 */
public final class ReplOwner {

    private ReplOwner() {}

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        Path recording = Path.of(args[1]);
        LeanServer server = new LeanServer(Simulated.recording(recording));
        String spawned = ((CommandResponse) server.run(Command.of("#sim spawn"))).messages().get(0).data();
        long child = Long.parseLong(spawned.replaceAll("\\D+", " ").trim().split(" ")[0]);
        server.runAsync(Command.of("#sim hang"), null);
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (ReplSimulator.readRecording(recording).stream().noneMatch(r -> r.contains("#sim hang"))) {
            if (System.nanoTime() > deadline) {
                System.out.println("FAIL the simulator did not receive #sim hang within 60 s");
                System.exit(1);
            }
            Thread.sleep(10);
        }
        System.out.println("repl " + server.pid() + " " + child);
        System.out.flush();
        if (mode.equals("exit")) {
            System.exit(0);
        }
        while (System.in.read() >= 0) {
            // Wait for the parent to close our stdin, or to kill us.
        }
        System.exit(0);
    }
}
