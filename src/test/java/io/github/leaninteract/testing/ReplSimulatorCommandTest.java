package io.github.leaninteract.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.leaninteract.support.NoLeakedProcesses;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link ReplSimulator#command()} finds the simulator's classes where they were loaded from, not on
 * {@code java.class.path}, which under {@code mvn exec:java} or in an application server names other jars.
 */
@ExtendWith(NoLeakedProcesses.class)
@Timeout(60)
class ReplSimulatorCommandTest {

    /** Loads the simulator in its own class loader, as {@code mvn exec:java} does, and asks it for its command. */
    @SuppressWarnings("unchecked")
    private static List<String> commandFromOwnClassLoader() throws Exception {
        List<URL> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            urls.add(Path.of(entry).toUri().toURL());
        }
        String realClassPath = System.getProperty("java.class.path");
        try (URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
            Class<?> simulator = loader.loadClass(ReplSimulator.class.getName());
            assertFalse(simulator == ReplSimulator.class, "the simulator should come from the new class loader");
            // What the JVM was started with says nothing about where the simulator's classes are.
            System.setProperty("java.class.path", Path.of("no-such-launcher.jar").toAbsolutePath().toString());
            try {
                return (List<String>) simulator.getMethod("command").invoke(null);
            } finally {
                System.setProperty("java.class.path", realClassPath);
            }
        }
    }

    @Test
    void theCommandRunsWhereTheClassPathPropertyNamesOtherJars() throws Exception {
        List<String> argv = commandFromOwnClassLoader();
        assertFalse(String.join(" ", argv).contains("no-such-launcher.jar"), argv.toString());
        try (SimulatorProcess repl = SimulatorProcess.start(argv)) {
            assertEquals("2", SimulatorProcess.firstMessage(repl.request("{\"cmd\": \"#eval 1 + 1\"}")));
        }
    }

    @Test
    void theClassPathIsTheSimulatorsCodeSourceAndJacksonsJars() {
        List<String> entries = List.of(ReplSimulator.classPath().split(File.pathSeparator));
        assertEquals(4, entries.size(), entries.toString());
        assertTrue(entries.get(0).endsWith("classes") || entries.get(0).endsWith(".jar"), entries.toString());
        assertTrue(entries.stream().anyMatch(e -> e.contains("jackson-databind")), entries.toString());
        assertTrue(entries.stream().anyMatch(e -> e.contains("jackson-core")), entries.toString());
        assertTrue(entries.stream().anyMatch(e -> e.contains("jackson-annotations")), entries.toString());
    }
}
