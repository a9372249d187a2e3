package io.github.leaninteract.spark;

import io.github.leaninteract.cli.ReplCommand;
import io.github.leaninteract.cli.ReplSelection;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * A Spark job that checks Lean files: for {@code spark-submit} on a cluster, or a local run.
 *
 * <pre>
 * CheckJob --master URL --input FILE_OR_DIR --output DIR [--timeout SECONDS] [--servers-per-executor N]
 *          [--memory-limit-mb MB] [--lean-version V | --project DIR | --repl-path DIR] [-- PROGRAM ARGS...]
 * </pre>
 *
 * <p>The input is JSON lines {@code {"id": ..., "code": ...}} (a file, or a directory of them, anywhere Spark
 * reads). The output directory gets Spark's {@code part-*} files of JSON lines
 * {@code {"id", "valid", "errors", "warnings", "sorries", "failure", "millis"}}, one line per input line, as
 * {@link LeanChecks#check} gives them ({@code failure} written as {@code null} when there is none). The REPL is
 * chosen as in the {@code repl} command; after {@code --}, exactly that program is started as the REPL on every
 * executor, so it must exist there. {@code --master} may be left out when {@code spark-submit} gives the master.
 *
 * <p>Exit codes: 0 when the output is written, 1 when the job fails (unreadable input, an output directory that
 * exists), 2 for a bad command line (with a usage message on the error stream).
 *
 * <p>Thread safety: {@link #run} keeps no state between calls; runs in one JVM share its Spark session.
 */
public final class CheckJob {

    /** The usage line. */
    public static final String USAGE = "usage: CheckJob --master URL --input FILE_OR_DIR --output DIR"
            + " [--timeout SECONDS] [--servers-per-executor N] [--memory-limit-mb MB] " + ReplSelection.USAGE;

    /** Exit code of a bad command line. */
    public static final int BAD_USAGE = 2;

    private CheckJob() {
    }

    /** The options of one run. */
    record Options(String master, String input, String output, CheckSettings settings) {
    }

    /** Runs the job and exits with its code. */
    public static void main(String[] args) {
        // Without a logging binding on the class path SLF4J would warn about it on every start.
        if (System.getProperty("slf4j.internal.verbosity") == null) {
            System.setProperty("slf4j.internal.verbosity", "ERROR");
        }
        int code = run(Arrays.asList(args), System.out, System.err);
        System.out.flush();
        System.exit(code);
    }

    /**
     * Runs the job.
     *
     * @param args the command line
     * @param out where the job says where it wrote its results
     * @param err where failures and usage errors go
     * @return the exit code: 0 written, 1 failed, {@value #BAD_USAGE} bad command line
     */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        int end = args.indexOf("--");
        List<String> own = end < 0 ? args : args.subList(0, end);
        if (own.contains("--help") || own.contains("-h")) {
            out.println(USAGE);
            out.println("Checks Lean files with Spark: JSON lines {\"id\", \"code\"} in, one result line per input out.");
            return 0;
        }
        Options options;
        try {
            options = parse(args);
            if (options.master() == null && System.getProperty("spark.master") == null
                    && SparkSession.getActiveSession().isEmpty() && SparkSession.getDefaultSession().isEmpty()) {
                throw new IllegalArgumentException("--master is needed (spark-submit gives it, a local run must)");
            }
        } catch (IllegalArgumentException e) {
            err.println("CheckJob: " + e.getMessage());
            err.println(USAGE);
            return BAD_USAGE;
        }
        boolean ownSession = SparkSession.getActiveSession().isEmpty() && SparkSession.getDefaultSession().isEmpty();
        SparkSession.Builder builder = SparkSession.builder().appName("lean-interact CheckJob");
        if (options.master() != null) {
            builder.master(options.master());
        }
        SparkSession spark = null;
        try {
            spark = builder.getOrCreate();
            Dataset<Row> input = spark.read().schema("id STRING, code STRING").json(options.input());
            LeanChecks.check(input, "id", "code", options.settings())
                    .write().mode(SaveMode.ErrorIfExists).option("ignoreNullFields", false).json(options.output());
            out.println("Results written to " + options.output());
            return 0;
        } catch (Exception e) {
            // Spark's own failures (AnalysisException) are checked exceptions in Java's eyes.
            err.println("CheckJob: the job failed: " + e.getMessage());
            return 1;
        } finally {
            if (ownSession) {
                if (spark != null) {
                    spark.stop();
                }
                // In local mode the executors' REPLs are in this JVM: end them with the job, not only at exit.
                ExecutorPools.closeAll();
            }
        }
    }

    static Options parse(List<String> args) {
        String[] master = {null};
        String[] input = {null};
        String[] output = {null};
        Duration[] timeout = {CheckSettings.DEFAULT_TIMEOUT};
        int[] servers = {1};
        Integer[] memoryLimit = {null};
        ReplSelection repl = ReplSelection.parse(args, (option, value) -> {
            switch (option) {
                case "--master" -> master[0] = once(option, master[0], value.get());
                case "--input" -> input[0] = once(option, input[0], value.get());
                case "--output" -> output[0] = once(option, output[0], value.get());
                case "--timeout" -> timeout[0] = ReplCommand.seconds(option, value.get());
                case "--servers-per-executor" -> servers[0] = positive(option, value.get());
                case "--memory-limit-mb" -> memoryLimit[0] = positive(option, value.get());
                default -> {
                    return false;
                }
            }
            return true;
        });
        if (input[0] == null) {
            throw new IllegalArgumentException("--input is needed");
        }
        if (output[0] == null) {
            throw new IllegalArgumentException("--output is needed");
        }
        CheckSettings settings = CheckSettings.of(repl).withTimeout(timeout[0])
                .withServersPerExecutor(servers[0]).withMemoryHardLimitMb(memoryLimit[0]);
        return new Options(master[0], input[0], output[0], settings);
    }

    private static String once(String option, String previous, String value) {
        if (previous != null) {
            throw new IllegalArgumentException(option + " is given twice");
        }
        if (value.isBlank()) {
            throw new IllegalArgumentException(option + " needs a non-empty value");
        }
        return value;
    }

    private static int positive(String option, String value) {
        try {
            int n = Integer.parseInt(value);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException(option + " needs a positive whole number, was " + value);
    }
}
