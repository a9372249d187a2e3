package io.github.leaninteract.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two JVMs set up on one cache at the same moment: one clone, one build, and both REPLs answer. */
class CrossProcessSetupTest {

    @TempDir
    Path tmp;

    @Test
    void twoProcessesSettingUpAtOnceCloneAndBuildOnceAndBothRun() throws Exception {
        FakeLean world = new FakeLean(tmp);
        Path go = tmp.resolve("go");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> children = new ArrayList<>();
        List<Path> outputs = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                Path out = tmp.resolve("child-" + i + ".out");
                outputs.add(out);
                children.add(new ProcessBuilder(java, "-Xshare:auto", "-cp", System.getProperty("java.class.path"),
                        SetupMain.class.getName(), world.cache.toString(), world.replRepo.toString(),
                        world.lake.toString(), world.git.toString(), tmp.resolve("ready-" + i).toString(),
                        go.toString())
                        .redirectErrorStream(true).redirectOutput(out.toFile()).start());
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!(Files.exists(tmp.resolve("ready-0")) && Files.exists(tmp.resolve("ready-1")))) {
                assertTrue(System.nanoTime() < deadline, "the child JVMs did not start");
                assertTrue(children.stream().allMatch(Process::isAlive), "a child JVM died early");
                Thread.sleep(10);
            }
            Files.createFile(go);
            for (int i = 0; i < 2; i++) {
                assertTrue(children.get(i).waitFor(60, TimeUnit.SECONDS), "child " + i + " did not finish");
                String output = Files.readString(outputs.get(i), StandardCharsets.UTF_8);
                assertEquals(0, children.get(i).exitValue(), output);
                assertTrue(output.contains("ANSWER {\"env\": 0}"), output);
            }
        } finally {
            children.forEach(Process::destroyForcibly);
        }
        assertEquals(1, world.gitCallsStartingWith("clone"), world.gitCalls().toString());
        assertEquals(1, world.lakeCalls("build").size(), world.lakeCalls().toString());
    }
}
