package io.github.leaninteract.spark;

import io.github.leaninteract.protocol.LeanResponse;

import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import org.apache.spark.TaskContext;
import org.apache.spark.util.TaskCompletionListener;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * Checks Lean texts with Spark: each executor checks the rows of its partitions with its own REPLs.
 *
 * <pre>{@code
 * Dataset<Row> proofs = spark.read().json("proofs.jsonl");              // columns id, code
 * Dataset<Row> results = LeanChecks.check(proofs, "id", "code",
 *         CheckSettings.of(ReplSelection.ofProject(Path.of("/opt/mathlib-project"))).withServersPerExecutor(4));
 * results.filter("valid").select("id").write().text("valid-ids");
 * }</pre>
 *
 * <p>Each text is checked as {@code LeanServerPool.check} checks it: as a fresh REPL would run the whole file,
 * with the environment of each distinct import header built once per executor and reused. Each executor JVM
 * keeps one pool of {@link CheckSettings#serversPerExecutor()} REPLs per distinct REPL choice, size and memory
 * settings (settings that differ only in their timeout share it), started by the first task that needs it,
 * shared by every task on that executor, and closed when the executor ends. A task that is killed, or whose
 * rows are read only in part ({@code limit}, {@code take}), withdraws its checks not begun yet.
 *
 * <p><b>One row per input row, whatever happens.</b> A text that crashes its REPL, makes it hang past the
 * timeout or write garbage gives a row whose {@code failure} says so (the REPL is restarted for the next
 * text); it never fails the task, so it never fails the job or loses other rows. That holds while a REPL's
 * memory is bounded ({@link CheckSettings#withMemoryHardLimitMb}): without a limit, one text can grow its REPL
 * until the container's limit kills the whole executor; Spark then retries its tasks elsewhere, and fails the
 * job after {@code spark.task.maxFailures} attempts.
 *
 * <p>When Spark runs a task again (a lost executor, a retried or speculative task), its texts are checked again
 * and Spark keeps the output of one attempt per partition: a written or collected result has each row once.
 * The rows of two attempts need not be equal ({@code millis} differs; a text that timed out once may not time
 * out again), so before a round-robin {@code repartition(n)} of the result, {@code persist()} or
 * {@code checkpoint()} it, or repartition by the id column: Spark re-deals a recomputed round-robin partition
 * by its rows' content, and changed rows could then be lost or doubled.
 *
 * <p>The result is a plan, as every Spark transformation: each action on it checks the texts again. Write it
 * once, or {@code persist()} it before using it more than once.
 *
 * <p>Thread-safe: the methods only build Spark plans; the work runs when the result is used.
 */
public final class LeanChecks {

    private LeanChecks() {
    }

    /**
     * Checks the text in {@code codeColumn} of each row of {@code input}.
     *
     * @param input the rows to check
     * @param idColumn the column that names a row (cast to a string); it is copied to the result
     * @param codeColumn the column holding the whole text of a Lean file
     * @param settings which REPL, how many per executor, the timeout per text
     * @return one row per input row, with the schema {@link CheckResult#SCHEMA} (read one with
     *     {@link CheckResult#fromRow}); lazy, as every Spark transformation
     * @throws IllegalArgumentException when {@code input} has no such columns
     */
    public static Dataset<Row> check(Dataset<Row> input, String idColumn, String codeColumn, CheckSettings settings) {
        return check(input, idColumn, codeColumn, settings, id -> { });
    }

    /** A step run in the task before each row is handed to a REPL: lets tests make a task attempt fail. */
    @FunctionalInterface
    interface BeforeCheck extends Serializable {
        void accept(String id);
    }

    static Dataset<Row> check(Dataset<Row> input, String idColumn, String codeColumn, CheckSettings settings,
            BeforeCheck beforeCheck) {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(settings, "settings");
        for (String column : new String[] {idColumn, codeColumn}) {
            if (!Arrays.asList(input.columns()).contains(Objects.requireNonNull(column, "column"))) {
                throw new IllegalArgumentException("The input has no column `" + column + "`; its columns are "
                        + Arrays.toString(input.columns()));
            }
        }
        Dataset<Row> pairs = input.select(functions.col(idColumn).cast("string"), functions.col(codeColumn).cast("string"));
        return pairs.mapPartitions(new CheckPartition(settings, beforeCheck), Encoders.row(CheckResult.SCHEMA));
    }

    /** The work of one task: its rows, checked on this executor's pool, in order, as many at once as it has REPLs. */
    private static final class CheckPartition implements MapPartitionsFunction<Row, Row> {

        private static final long serialVersionUID = 1L;

        private final CheckSettings settings;
        private final BeforeCheck beforeCheck;

        CheckPartition(CheckSettings settings, BeforeCheck beforeCheck) {
            this.settings = settings;
            this.beforeCheck = beforeCheck;
        }

        @Override
        public Iterator<Row> call(Iterator<Row> input) {
            ExecutorPools.Checker checker;
            RuntimeException startFailure = null;
            try {
                checker = ExecutorPools.get(settings);
            } catch (RuntimeException e) {
                // Every row of the task says so; the next task tries to start the REPLs again.
                checker = null;
                startFailure = e;
            }
            Results results = new Results(input, checker, startFailure);
            TaskContext task = TaskContext.get();
            if (task != null) {
                // A task killed, or read only in part (limit, take), must not leave its checks holding REPLs.
                task.addTaskCompletionListener((TaskCompletionListener) context -> results.cancel());
            }
            return results;
        }

        /** Lazy: a partition of millions of rows holds only as many results as the pool has REPLs. */
        private final class Results implements Iterator<Row> {
            private final Iterator<Row> input;
            private final ExecutorPools.Checker checker;
            private final RuntimeException startFailure;
            private final Deque<CompletableFuture<CheckResult>> window = new ArrayDeque<>();

            Results(Iterator<Row> input, ExecutorPools.Checker checker, RuntimeException startFailure) {
                this.input = input;
                this.checker = checker;
                this.startFailure = startFailure;
            }

            @Override
            public boolean hasNext() {
                fill();
                return !window.isEmpty();
            }

            @Override
            public Row next() {
                fill();
                if (window.isEmpty()) {
                    throw new NoSuchElementException();
                }
                // Bounded: each check ends within the settings' timeout (its REPL is killed then), and no more than
                // the pool's size of checks of all tasks of this executor run at once. Interruptible, so that Spark
                // can kill the task.
                try {
                    // Still in the window while waited for, so that cancel() reaches it.
                    Row row = window.peekFirst().get().toRow();
                    window.removeFirst();
                    return row;
                } catch (InterruptedException e) {
                    cancel();
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("The task was interrupted while waiting for a Lean check", e);
                } catch (ExecutionException e) {
                    // checkOne turns every exception into a row: only an Error gets here.
                    throw new IllegalStateException("A Lean check failed in the JVM", e.getCause());
                }
            }

            private void fill() {
                while (window.size() < settings.serversPerExecutor() && input.hasNext()) {
                    Row row = input.next();
                    String id = row.isNullAt(0) ? null : row.getString(0);
                    String code = row.isNullAt(1) ? null : row.getString(1);
                    beforeCheck.accept(id);
                    window.addLast(submit(id, code));
                }
            }

            private CompletableFuture<CheckResult> submit(String id, String code) {
                if (startFailure != null) {
                    return CompletableFuture.completedFuture(CheckResult.failed(id,
                            "The Lean REPLs of this executor could not be started: " + startFailure, 0));
                }
                if (code == null) {
                    return CompletableFuture.completedFuture(CheckResult.failed(id, "The input row has no code", 0));
                }
                try {
                    return CompletableFuture.supplyAsync(() -> checkOne(id, code), checker.workers());
                } catch (RejectedExecutionException e) {
                    // The executor's pools were closed under this task (the JVM is ending).
                    return CompletableFuture.completedFuture(CheckResult.failed(id,
                            "The Lean REPLs of this executor were closed", 0));
                }
            }

            /** Drops the checks not begun yet; those under way end within their timeout. */
            void cancel() {
                for (CompletableFuture<CheckResult> pending : window) {
                    pending.cancel(false);
                }
            }

            private CheckResult checkOne(String id, String code) {
                long start = System.nanoTime();
                try {
                    LeanResponse answer = checker.pool().check(code, settings.timeout());
                    return CheckResult.of(id, answer, (System.nanoTime() - start) / 1_000_000);
                } catch (RuntimeException e) {
                    return CheckResult.failed(id, e, (System.nanoTime() - start) / 1_000_000);
                }
            }
        }
    }
}
