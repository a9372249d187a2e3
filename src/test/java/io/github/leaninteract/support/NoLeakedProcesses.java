package io.github.leaninteract.support;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test that leaves a child process of this JVM running after it (the servers under test must
 * kill and reap everything they started once closed).
 */
public final class NoLeakedProcesses implements AfterEachCallback {

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        long deadline = System.nanoTime() + 15_000_000_000L;
        List<ProcessHandle> alive;
        do {
            alive = ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList();
            if (alive.isEmpty()) {
                return;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        String names = alive.stream()
                .map(p -> p.pid() + " " + p.info().commandLine().orElse("?"))
                .collect(Collectors.joining("\n  "));
        alive.forEach(ProcessHandle::destroyForcibly);
        fail("Processes left running after " + context.getDisplayName() + ":\n  " + names);
    }
}
