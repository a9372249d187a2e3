package io.github.leaninteract.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.leaninteract.cli.ReplSelection;
import io.github.leaninteract.protocol.LeanJson;
import io.github.leaninteract.server.LeanServerPool;
import io.github.leaninteract.support.NoLeakedProcesses;
import io.github.leaninteract.support.Simulated;
import io.github.leaninteract.testing.ReplSimulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@link LeanChecks#check} in Spark local mode, against the simulator. */
@ExtendWith(NoLeakedProcesses.class)
@Timeout(300)
class LeanChecksTest {

    static final StructType INPUT = DataTypes.createStructType(List.of(
            DataTypes.createStructField("name", DataTypes.StringType, true),
            DataTypes.createStructField("text", DataTypes.StringType, true)));

    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private static SparkSession spark;

    /** How often the retry test's hook failed a task attempt (tasks run in this JVM in local mode). */
    private static final AtomicInteger FAILED_ATTEMPTS = new AtomicInteger();

    @TempDir
    Path tmp;

    @BeforeAll
    static void startSpark() {
        // Two task slots; a failed task is tried again once.
        spark = SparkSessions.local("local[2,2]");
    }

    @AfterAll
    static void stopSpark() {
        SparkSessions.stop(spark);
    }

    @AfterEach
    void closePools() {
        // Each test has its own settings, hence its own pools: end their REPLs before NoLeakedProcesses looks.
        ExecutorPools.closeAll();
    }

    /** A text of each kind the simulator answers differently, under three import headers. */
    static String text(int i) {
        String header = switch (i % 4) {
            case 0 -> "import Mathlib\n";
            case 1 -> "import Mathlib\nimport Aesop\n";
            case 2 -> "-- no header here\n";
            default -> "import Aesop\n\n";
        };
        String body = switch (i % 6) {
            case 0 -> "theorem t" + i + " : " + i + " = " + i + " := rfl";
            case 1 -> "theorem s" + i + " (x : Nat) : x = x := by\n  sorry";
            case 2 -> "def d" + i + " : Nat := \"s\"\n#eval nope" + i;
            case 3 -> "def e" + i + " := " + i + "\n#eval e" + i + " + 1";
            case 4 -> "theorem u" + i + " (p : Prop) (h : p) : p := by\n  exact h\ntheorem v" + i + " : 1 = 2 := sorry";
            default -> "example : " + i + " + 1 = " + (i + 1) + " := by\n  rfl\n#check nat_lit";
        };
        return header + body;
    }

    Dataset<Row> input(List<String[]> rows, int partitions) {
        List<Row> data = new ArrayList<>();
        for (String[] r : rows) {
            data.add(RowFactory.create(r[0], r[1]));
        }
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        return spark.createDataFrame(sc.parallelize(data, partitions), INPUT);
    }

    static Map<String, CheckResult> byId(List<Row> rows) {
        Map<String, CheckResult> results = new HashMap<>();
        for (Row row : rows) {
            CheckResult r = CheckResult.fromRow(row);
            assertNull(results.put(r.id(), r), "two rows for " + r.id());
        }
        return results;
    }

    static CheckSettings settings(List<String> simulator) {
        // Restarts only for faults, never for how busy this machine is.
        return CheckSettings.of(ReplSelection.ofProgram(simulator)).withTimeout(TIMEOUT).withMaxTotalMemory(1.0);
    }

    /** What a failure is, without what differs between two runs (pids, server names). */
    static CheckResult comparable(CheckResult r) {
        String failure = r.failure() == null ? null : r.failure().substring(0, r.failure().indexOf(':'));
        return new CheckResult(r.id(), r.valid(), r.errors(), r.warnings(), r.sorries(), failure, 0);
    }

    @Test
    void resultsEqualThoseOfOneLeanServerPoolWithFaultsInTheMiddle() {
        List<String[]> rows = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            String code = switch (i) {
                case 101 -> "#sim crash 3";
                case 150 -> "#sim garbage";
                case 202 -> "#sim abort";
                default -> text(i);
            };
            rows.add(new String[] {"p" + i, code});
        }
        CheckSettings settings = settings(ReplSimulator.command()).withServersPerExecutor(2);
        Map<String, CheckResult> results = byId(
                LeanChecks.check(input(rows, 6), "name", "text", settings).collectAsList());

        assertEquals(rows.size(), results.size());
        try (LeanServerPool reference = LeanServerPool.builder(settings.toConfig()).size(1)
                .serverOptions(b -> b.maxTotalMemory(1.0)).build()) {
            for (String[] r : rows) {
                CheckResult expected;
                try {
                    expected = CheckResult.of(r[0], reference.check(r[1], TIMEOUT), 0);
                } catch (RuntimeException e) {
                    expected = CheckResult.failed(r[0], e, 0);
                }
                assertEquals(comparable(expected), comparable(results.get(r[0])), r[1]);
            }
        }
        // The texts really were of every kind, and each fault became a row.
        assertTrue(results.get("p0").valid());
        assertEquals(1, results.get("p1").sorries());
        assertFalse(results.get("p2").errors().isEmpty());
        for (String faulty : List.of("p101", "p150", "p202")) {
            assertNotNull(results.get(faulty).failure(), faulty);
            assertFalse(results.get(faulty).valid(), faulty);
        }
        assertTrue(results.get("p101").failure().startsWith("LeanProcessException"), results.get("p101").failure());
        assertTrue(results.get("p150").failure().startsWith("LeanProtocolException"), results.get("p150").failure());
    }

    @Test
    void aTextThatHangsIsARowOnceItsTimeoutPasses() {
        List<String[]> rows = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            rows.add(new String[] {"h" + i, i == 5 ? "#sim hang" : text(i)});
        }
        CheckSettings settings = settings(ReplSimulator.command()).withTimeout(Duration.ofSeconds(8));
        Map<String, CheckResult> results = byId(LeanChecks.check(input(rows, 2), "name", "text", settings).collectAsList());

        assertEquals(rows.size(), results.size());
        CheckResult hung = results.get("h5");
        assertTrue(hung.failure().startsWith("LeanTimeoutException"), hung.failure());
        assertTrue(hung.millis() >= 8_000, hung.millis() + " ms");
        for (int i = 0; i < 12; i++) {
            if (i != 5) {
                assertNull(results.get("h" + i).failure(), "h" + i);
            }
        }
        // The text after the hang ran on a fresh REPL and still had its normal answer.
        assertTrue(results.get("h6").valid());
    }

    @Test
    void eachExecutorBuildsEachImportHeaderOnce() {
        Path record = tmp.resolve("requests.txt");
        List<String[]> rows = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            rows.add(new String[] {"q" + i, text(i)});
        }
        // One REPL on the one executor of local mode: every header is imported once, by the first text with it.
        CheckSettings settings = settings(ReplSimulator.command("--record", record.toString()));
        List<Row> out = LeanChecks.check(input(rows, 4), "name", "text", settings).collectAsList();

        assertEquals(200, out.size());
        List<JsonNode> received = ReplSimulator.readRecording(record).stream().map(LeanJson::readTree).toList();
        long imports = received.stream().filter(r -> !r.has("env") && r.path("cmd").asText().contains("import")).count();
        assertEquals(3, imports, "import headers: Mathlib, Mathlib + Aesop, Aesop");
        assertEquals(200 + 3, received.size());
    }

    @Test
    void aRetriedTaskGivesEachRowOnce() {
        Path record = tmp.resolve("requests.txt");
        List<String[]> rows = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            rows.add(new String[] {"r" + i, text(i)});
        }
        FAILED_ATTEMPTS.set(0);
        CheckSettings settings = settings(ReplSimulator.command("--record", record.toString()));
        // The first attempt of the task holding r13 fails after it handed r10..r12 to the REPL.
        Dataset<Row> checked = LeanChecks.check(input(rows, 4), "name", "text", settings, id -> {
            if (id.equals("r13") && TaskContext.get().attemptNumber() == 0) {
                FAILED_ATTEMPTS.incrementAndGet();
                throw new IllegalStateException("a task attempt lost on purpose");
            }
        });
        Map<String, CheckResult> results = byId(checked.collectAsList());

        assertEquals(1, FAILED_ATTEMPTS.get());
        assertEquals(40, results.size());
        for (int i = 0; i < 40; i++) {
            assertEquals("r" + i, results.get("r" + i).id());
            assertNull(results.get("r" + i).failure());
        }
        // The retried task checked its first texts again: more bodies were run than there are rows.
        long bodies = ReplSimulator.readRecording(record).stream().map(LeanJson::readTree)
                .filter(r -> r.has("env") || !r.path("cmd").asText().contains("import")).count();
        assertTrue(bodies > 40, bodies + " texts checked for 40 rows");
    }

    @Test
    void aCancelledJobLeavesNoCheckWaitingForTheReplsOfTheExecutor() throws Exception {
        Path record = tmp.resolve("requests.txt");
        // One REPL and one check thread: the text of one task holds them, the other task's text waits in line.
        CheckSettings settings = settings(ReplSimulator.command("--record", record.toString()));
        List<String[]> rows = List.of(new String[] {"a", "#sim wait-for " + tmp.resolve("gate-a")},
                new String[] {"b", "#sim wait-for " + tmp.resolve("gate-b")});
        Dataset<Row> checked = LeanChecks.check(input(rows, 2), "name", "text", settings);
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        CompletableFuture<List<Row>> job = CompletableFuture.supplyAsync(() -> {
            sc.setJobGroup("cancelled", "a job cancelled on purpose", true);
            return checked.collectAsList();
        });
        ThreadPoolExecutor workers = (ThreadPoolExecutor) awaitChecker(settings).workers();
        Simulated.awaitReceived(record, 1);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (workers.getQueue().isEmpty()) {
            assertTrue(System.nanoTime() < deadline, "the second text never waited for the executor's REPL");
            Thread.sleep(5);
        }
        String running = ReplSimulator.readRecording(record).get(0).contains("gate-a") ? "gate-a" : "gate-b";
        String waiting = running.equals("gate-a") ? "gate-b" : "gate-a";
        sc.cancelJobGroup("cancelled");
        assertThrows(ExecutionException.class, () -> job.get(60, TimeUnit.SECONDS));

        // Once the running check ends, the executor's next check is one of a live task, not the cancelled one.
        Files.createFile(tmp.resolve("gate-a"));
        Files.createFile(tmp.resolve("gate-b"));
        ExecutorPools.Checker checker = ExecutorPools.get(settings);
        CompletableFuture.supplyAsync(() -> checker.pool().check("def nextText := 2", TIMEOUT), checker.workers())
                .get(60, TimeUnit.SECONDS);
        List<String> received = ReplSimulator.readRecording(record);
        assertTrue(received.stream().anyMatch(r -> r.contains("nextText")), received.toString());
        assertTrue(received.stream().noneMatch(r -> r.contains(waiting)), received.toString());
    }

    /** The checker the job's tasks started for {@code settings}, once they did. */
    private static ExecutorPools.Checker awaitChecker(CheckSettings settings) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (ExecutorPools.size() == 0) {
            assertTrue(System.nanoTime() < deadline, "no task started the REPLs");
            Thread.sleep(5);
        }
        return ExecutorPools.get(settings);
    }

    @Test
    void aReplThatCannotStartGivesEveryRowAFailure() {
        List<String[]> rows = List.of(new String[] {"a", text(0)}, new String[] {"b", text(1)});
        CheckSettings settings = settings(List.of(tmp.resolve("no-such-repl").toString()));
        Map<String, CheckResult> results = byId(LeanChecks.check(input(rows, 1), "name", "text", settings).collectAsList());

        assertEquals(2, results.size());
        assertTrue(results.get("a").failure().contains("could not be started"), results.get("a").failure());
        assertFalse(results.get("b").valid());
    }

    @Test
    void aRowWithoutCodeIsARowThatSaysSo() {
        List<String[]> rows = List.of(new String[] {"empty", null}, new String[] {"full", text(0)});
        Map<String, CheckResult> results = byId(LeanChecks.check(input(rows, 1), "name", "text",
                settings(ReplSimulator.command())).collectAsList());

        assertEquals("The input row has no code", results.get("empty").failure());
        assertTrue(results.get("full").valid());
    }

    @Test
    void anUnknownColumnIsRefusedBeforeTheJobRuns() {
        Dataset<Row> in = input(List.<String[]>of(new String[] {"a", "b"}), 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LeanChecks.check(in, "id", "text", settings(ReplSimulator.command())));
        assertTrue(e.getMessage().contains("no column `id`") && e.getMessage().contains("name"), e.getMessage());
    }

    @Test
    void theResultHasTheDocumentedSchema() {
        Dataset<Row> in = input(List.<String[]>of(new String[] {"a", "b"}), 1);
        StructType schema = LeanChecks.check(in, "name", "text", settings(ReplSimulator.command())).schema();
        assertEquals(List.of("id", "valid", "errors", "warnings", "sorries", "failure", "millis"),
                List.of(schema.fieldNames()));
    }
}
