package io.github.leaninteract.server;

import static io.github.leaninteract.support.Answers.info;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.leaninteract.protocol.Command;
import io.github.leaninteract.support.Closer;
import io.github.leaninteract.support.NoLeakedProcesses;
import io.github.leaninteract.support.Simulated;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * No REPL outlives the JVM that started it: a child JVM ({@link ReplOwner}) starts a busy REPL with a child of
 * its own, and ends without closing its server.
 */
@ExtendWith(NoLeakedProcesses.class)
@Timeout(120)
class ProcessLifetimeTest {

    private static final long GONE_DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(30);

    @TempDir
    Path tmp;

    @RegisterExtension
    final Closer closer = new Closer();

    private Process owner;
    /** The processes the child JVM left; killed after the test whatever happened. */
    private final List<Long> leftBehind = new ArrayList<>();

    @AfterEach
    void killLeftovers() throws InterruptedException {
        if (owner != null) {
            owner.destroyForcibly();
            owner.waitFor(30, TimeUnit.SECONDS);
        }
        for (long pid : leftBehind) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    private Process startOwner(String mode, boolean parentDeathSignal) throws IOException {
        List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        if (!parentDeathSignal) {
            argv.add("-D" + ReplLauncher.PARENT_DEATH_SIGNAL_PROPERTY + "=false");
        }
        argv.addAll(List.of("-cp", System.getProperty("java.class.path"), ReplOwner.class.getName(), mode,
                tmp.resolve("requests.txt").toString()));
        owner = new ProcessBuilder(argv).redirectError(tmp.resolve("owner-stderr.txt").toFile()).start();
        return owner;
    }

    /** The pids of the REPL and of its child, once the owner has them busy. */
    private List<Long> replTree(Process p) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = r.readLine();
        if (line == null || !line.startsWith("repl ")) {
            fail("The owner JVM said " + line + "; its stderr:\n" + Files.readString(tmp.resolve("owner-stderr.txt")));
        }
        String[] parts = line.split(" ");
        List<Long> pids = List.of(Long.parseLong(parts[1]), Long.parseLong(parts[2]));
        leftBehind.addAll(pids);
        for (long pid : pids) {
            assertTrue(isRunning(pid), "process " + pid + " should run while its owner lives");
        }
        return pids;
    }

    private void assertEnds(Process p) throws InterruptedException {
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the owner JVM did not end");
    }

    private static void assertAllGone(List<Long> pids, String why) throws Exception {
        long deadline = System.nanoTime() + GONE_DEADLINE_NANOS;
        for (long pid : pids) {
            while (isRunning(pid)) {
                if (System.nanoTime() > deadline) {
                    fail("process " + pid + " outlived its JVM, " + why);
                }
                Thread.sleep(20);
            }
        }
    }

    /** Running: present and not a zombie (an orphan is reaped by whatever adopted it, maybe later). */
    private static boolean isRunning(long pid) throws IOException {
        String stat;
        try {
            stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
        } catch (NoSuchFileException e) {
            return false;
        }
        char state = stat.charAt(stat.lastIndexOf(')') + 2);
        return state != 'Z' && state != 'X';
    }

    private static void assumeLinux() {
        assumeTrue(Files.isDirectory(Path.of("/proc/self")), "needs Linux's /proc");
    }

    @Test
    void aBusyReplAndItsChildDieWhenTheJvmExitsWithoutClosingIt() throws Exception {
        assumeLinux();
        // Without the parent-death signal only the shutdown hook can kill them.
        Process p = startOwner("exit", false);
        List<Long> tree = replTree(p);
        assertEnds(p);
        assertAllGone(tree, "which called System.exit without close()");
    }

    @Test
    void aBusyReplAndItsChildDieWhenTheJvmIsTerminated() throws Exception {
        assumeLinux();
        Process p = startOwner("wait", false);
        List<Long> tree = replTree(p);
        p.destroy();
        assertEnds(p);
        assertAllGone(tree, "which got SIGTERM");
    }

    @Test
    void aBusyReplDiesWhenTheJvmIsKilled() throws Exception {
        assumeLinux();
        assumeTrue(ReplLauncher.usesParentDeathSignal(),
                "setpriv with --pdeathsig is not available: a REPL cannot be made to die with a SIGKILLed JVM");
        Process p = startOwner("wait", true);
        List<Long> tree = replTree(p);
        p.destroyForcibly();
        assertEnds(p);
        // Only the REPL gets the parent-death signal; its own child is orphaned (and killed after the test).
        assertAllGone(tree.subList(0, 1), "which was killed with SIGKILL");
    }

    @Test
    void aReplStartedByAThreadThatEndsKeepsRunning() throws Exception {
        assumeLinux();
        AtomicReference<LeanServer> server = new AtomicReference<>();
        AtomicReference<Path> starterTask = new AtomicReference<>();
        Thread starter = new Thread(() -> {
            try {
                starterTask.set(Path.of("/proc").resolve(Files.readSymbolicLink(Path.of("/proc/thread-self"))));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            server.set(closer.add(new LeanServer(Simulated.config())));
        }, "repl-starter");
        starter.start();
        starter.join(60_000);
        assertTrue(server.get() != null, "the server did not start");
        long pid = server.get().pid();
        // Wait until the kernel has let the thread go: a parent-death signal tied to it is sent by then.
        long deadline = System.nanoTime() + GONE_DEADLINE_NANOS;
        while (Files.exists(starterTask.get())) {
            assertTrue(System.nanoTime() < deadline, "the starter thread did not end");
            Thread.sleep(10);
        }

        assertEquals("2", info(server.get().run(Command.of("#eval 1 + 1"))));
        assertEquals(pid, server.get().pid());
    }

    @Test
    void aMissingProgramStillFailsToStartAtOnceWhenWrapped() {
        LeanProcessException e = org.junit.jupiter.api.Assertions.assertThrows(LeanProcessException.class,
                () -> new LeanServer(io.github.leaninteract.config.LeanReplConfig.builder()
                        .replCommand(List.of(tmp.resolve("no-such-repl").toString())).build()));
        // Not an exit of setpriv that could not run it: the start itself failed.
        assertTrue(e.getCause() instanceof IOException, String.valueOf(e.getCause()));
        assertTrue(e.getMessage().contains("no-such-repl"), e.getMessage());
    }

    @Test
    void theShutdownHookIsRegisteredOnlyWhileAReplRuns() {
        int before = LiveRepls.count();
        LeanServer server = closer.add(new LeanServer(Simulated.config()));
        assertEquals(before + 1, LiveRepls.count());
        assertTrue(LiveRepls.hookRegistered());
        server.close();
        assertEquals(before, LiveRepls.count());
        assertEquals(before > 0, LiveRepls.hookRegistered(), "the hook is registered exactly while a REPL runs");
    }
}
