/**
 * Proof checking as an Apache Spark job: {@link io.github.leaninteract.spark.LeanChecks#check} turns a
 * {@code Dataset} of Lean texts into a {@code Dataset} of results, one row per text, each executor checking
 * with its own pool of REPLs; {@link io.github.leaninteract.spark.CheckJob} is the same as a runnable job
 * for {@code spark-submit}.
 *
 * <p>Spark ({@code org.apache.spark:spark-sql_2.13} 4.x) is an optional, provided dependency of the library:
 * add it to your own build (or let {@code spark-submit} provide it) to use this package; nothing else in the
 * library needs it. On Java 17 and later Spark needs the {@code --add-opens} flags of
 * {@code org.apache.spark.launcher.JavaModuleOptions} (see the README, "Beyond one machine").
 */
package io.github.leaninteract.spark;
