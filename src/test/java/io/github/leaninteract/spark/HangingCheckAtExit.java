package io.github.leaninteract.spark;

import io.github.leaninteract.cli.ReplSelection;
import io.github.leaninteract.testing.ReplSimulator;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A JVM (run by {@link ExecutorPoolsTest}) that leaves a REPL hanging in a check, prints the pids of its child
 * processes, and exits without closing anything: the shutdown hook of {@link ExecutorPools} must end them.
 * Argument: the file the simulator records its requests in.
 */
final class HangingCheckAtExit {

    private HangingCheckAtExit() {
    }

    public static void main(String[] args) throws Exception {
        Path record = Path.of(args[0]);
        CheckSettings settings = CheckSettings.of(ReplSelection.ofProgram(
                ReplSimulator.command("--record", record.toString()))).withMaxTotalMemory(1.0);
        ExecutorPools.Checker checker = ExecutorPools.get(settings);
        checker.workers().submit(() -> checker.pool().check("#sim hang", Duration.ofHours(1)));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (ReplSimulator.readRecording(record).isEmpty()) {
            if (System.nanoTime() > deadline) {
                System.exit(3);
            }
            Thread.sleep(5);
        }
        ProcessHandle.current().descendants().forEach(p -> System.out.println(p.pid()));
        System.out.flush();
        System.exit(0);
    }
}
