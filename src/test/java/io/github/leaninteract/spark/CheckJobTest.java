package io.github.leaninteract.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.leaninteract.support.NoLeakedProcesses;
import io.github.leaninteract.testing.ReplSimulator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.launcher.JavaModuleOptions;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@link CheckJob}: JSON lines in, one JSON line per input out, and its command line. */
@ExtendWith(NoLeakedProcesses.class)
@Timeout(300)
class CheckJobTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static SparkSession spark;

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeAll
    static void startSpark() {
        spark = SparkSessions.local("local[2]");
    }

    @AfterAll
    static void stopSpark() {
        SparkSessions.stop(spark);
    }

    @AfterEach
    void closePools() {
        ExecutorPools.closeAll();
    }

    int run(String... args) {
        return CheckJob.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    /** Writes {@code {"id", "code"}} lines: ids 0..n-1 as JSON numbers, and the texts given. */
    Path input(List<String> codes) throws IOException {
        Path file = tmp.resolve("input.jsonl");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < codes.size(); i++) {
            ObjectNode line = JSON.createObjectNode().put("id", i).put("code", codes.get(i));
            lines.add(JSON.writeValueAsString(line));
        }
        Files.write(file, lines);
        return file;
    }

    /** The lines of the part files, by id. */
    static Map<String, JsonNode> output(Path dir) throws IOException {
        Map<String, JsonNode> rows = new HashMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path part : files.filter(p -> p.getFileName().toString().startsWith("part-")).toList()) {
                for (String line : Files.readAllLines(part)) {
                    JsonNode row = JSON.readTree(line);
                    assertTrue(rows.put(row.get("id").asText(), row) == null, "two lines for " + line);
                }
            }
        }
        assertTrue(Files.exists(dir.resolve("_SUCCESS")), "Spark did not commit " + dir);
        return rows;
    }

    static List<String> codes(int n) {
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            codes.add(switch (i) {
                case 7 -> "#sim crash 2";
                case 8 -> "import Mathlib\ntheorem s (x : Nat) : x = x := by\n  sorry";
                case 9 -> "import Mathlib\ndef bad : Nat := \"s\"";
                default -> "import Mathlib\ntheorem t" + i + " : " + i + " = " + i + " := rfl";
            });
        }
        return codes;
    }

    static void assertOutput(Map<String, JsonNode> rows, int n) {
        assertEquals(n, rows.size());
        JsonNode ok = rows.get("0");
        assertEquals(List.of("id", "valid", "errors", "warnings", "sorries", "failure", "millis"),
                iterable(ok.fieldNames()));
        assertTrue(ok.get("valid").asBoolean());
        assertTrue(ok.get("failure").isNull(), "failure is written as null: " + ok);
        assertTrue(ok.get("millis").isIntegralNumber());

        JsonNode crashed = rows.get("7");
        assertFalse(crashed.get("valid").asBoolean());
        assertTrue(crashed.get("failure").asText().startsWith("LeanProcessException"), crashed.toString());

        JsonNode sorry = rows.get("8");
        assertFalse(sorry.get("valid").asBoolean());
        assertEquals(1, sorry.get("sorries").asInt());
        assertEquals(0, sorry.get("errors").size());
        JsonNode warning = sorry.get("warnings").get(0);
        assertEquals(2, warning.get("line").asInt(), sorry.toString());
        assertTrue(warning.get("message").asText().contains("sorry"), sorry.toString());

        JsonNode error = rows.get("9").get("errors").get(0);
        assertEquals(2, error.get("line").asInt(), error.toString());
        assertTrue(error.has("column") && error.has("message"), error.toString());
        for (int i = 10; i < n; i++) {
            assertTrue(rows.get(String.valueOf(i)).get("valid").asBoolean(), rows.get(String.valueOf(i)).toString());
        }
    }

    static List<String> iterable(java.util.Iterator<String> names) {
        List<String> list = new ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }

    List<String> jobArgs(Path input, Path output, String... extra) {
        List<String> args = new ArrayList<>(List.of("--master", "local[2]", "--input", input.toString(),
                "--output", output.toString(), "--timeout", "60", "--servers-per-executor", "2"));
        args.addAll(List.of(extra));
        args.add("--");
        args.addAll(ReplSimulator.command());
        return args;
    }

    @Test
    void writesOneJsonLinePerInputLine() throws IOException {
        Path output = tmp.resolve("out");
        int code = CheckJob.run(jobArgs(input(codes(60)), output), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertEquals(0, code, err.toString());
        assertOutput(output(output), 60);
        assertTrue(out.toString().contains(output.toString()), out.toString());
    }

    @Test
    void anExistingOutputDirectoryFailsTheJobWithExitCode1() throws IOException {
        Path output = Files.createDirectories(tmp.resolve("out"));
        int code = CheckJob.run(jobArgs(input(codes(3)), output), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertEquals(1, code);
        assertTrue(err.toString().contains("already exists"), err.toString());
    }

    @Test
    void badCommandLinesExitWith2AndTheUsage() {
        List<List<String>> bad = List.of(
                List.of("--master", "local[1]", "--output", "o"),
                List.of("--master", "local[1]", "--input", "i"),
                List.of("--master", "local[1]", "--input", "i", "--output", "o", "--timeout", "0"),
                List.of("--master", "local[1]", "--input", "i", "--output", "o", "--servers-per-executor", "zero"),
                List.of("--master", "local[1]", "--input", "i", "--output", "o", "--lean-version", "v4.19.0",
                        "--project", "p"),
                List.of("--master", "local[1]", "--input", "i", "--output", "o", "--"),
                List.of("--master", "local[1]", "--input", "i", "--output", "o", "--cache", "pickle"),
                List.of("--master", "local[1]", "--input", "i", "--input", "j", "--output", "o"),
                List.of("--master", "local[1]", "--input"));
        for (List<String> args : bad) {
            err.reset();
            assertEquals(CheckJob.BAD_USAGE, run(args.toArray(String[]::new)), String.join(" ", args));
            assertTrue(err.toString().startsWith("CheckJob: "), err.toString());
            assertTrue(err.toString().contains(CheckJob.USAGE), err.toString());
        }
    }

    @Test
    void helpPrintsTheUsage() {
        assertEquals(0, run("--help"));
        assertTrue(out.toString().startsWith(CheckJob.USAGE), out.toString());
    }

    @Test
    void runsAsAPlainJavaProgramWithSparksModuleFlags() throws Exception {
        Path output = tmp.resolve("out");
        List<String> argv = new ArrayList<>();
        argv.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        argv.addAll(List.of(JavaModuleOptions.defaultModuleOptionArray()));
        argv.addAll(List.of("-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", System.getProperty("java.class.path"),
                CheckJob.class.getName()));
        argv.addAll(jobArgs(input(codes(12)), output));
        Path log = tmp.resolve("job.log");
        Process job = new ProcessBuilder(argv).directory(tmp.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        try {
            // A safety bound only: Spark starts slowly on a loaded machine.
            if (!job.waitFor(4, TimeUnit.MINUTES)) {
                fail("the job did not finish:\n" + Files.readString(log));
            }
        } finally {
            job.descendants().forEach(ProcessHandle::destroyForcibly);
            job.destroyForcibly();
            job.waitFor(30, TimeUnit.SECONDS);
        }
        assertEquals(0, job.exitValue(), Files.readString(log));
        assertOutput(output(output), 12);
    }
}
