package io.github.leaninteract.spark;

/** Whether Spark local mode can run on this JVM. */
final class SparkTests {

    private SparkTests() {
    }

    static void assumeSparkRuns() {
    }
}
