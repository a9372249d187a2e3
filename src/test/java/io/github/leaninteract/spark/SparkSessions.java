package io.github.leaninteract.spark;

import org.apache.spark.sql.SparkSession;

/** Spark sessions for tests: local mode, small, quiet, quick to start. */
final class SparkSessions {

    private SparkSessions() {
    }

    /**
     * A local session with {@code master} (such as {@code local[2]}, or {@code local[2,2]} to allow one retry of a
     * failed task).
     */
    static SparkSession local(String master) {
        return SparkSession.builder().master(master).appName("lean-interact-test")
                .config("spark.ui.enabled", false)
                .config("spark.sql.shuffle.partitions", 2)
                .config("spark.default.parallelism", 2)
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.adaptive.enabled", false)
                .getOrCreate();
    }

    /** Stops {@code spark} and ends every REPL the tasks started in this JVM. */
    static void stop(SparkSession spark) {
        try {
            if (spark != null) {
                spark.stop();
            }
        } finally {
            ExecutorPools.closeAll();
        }
    }
}
