package io.github.leaninteract.spark;

import io.github.leaninteract.cli.ReplSelection;
import io.github.leaninteract.config.LeanReplConfig;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * How the executors of a Spark job check Lean texts: which REPL they start, how many REPLs each executor runs,
 * and how long one check may take. It travels from the driver to every executor, so it holds only
 * serializable values; each executor builds its {@link LeanReplConfig} from it.
 *
 * <p>Equal settings share one pool of REPLs per executor JVM: two jobs with equal settings on one executor
 * use the same REPLs and the same import-header environments.
 *
 * <pre>{@code
 * CheckSettings settings = CheckSettings.of(ReplSelection.ofProject(Path.of("/opt/mathlib-project")))
 *         .withServersPerExecutor(4)
 *         .withTimeout(Duration.ofMinutes(5))
 *         .withMemoryHardLimitMb(12_000);
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param repl which REPL to start (as the {@code repl} command's options choose it)
 * @param timeout how long one check may take (building its header included), after which its REPL is killed
 *     and the row says so; never null
 * @param serversPerExecutor how many REPLs each executor runs (at least 1)
 * @param maxTotalMemory the fraction of the executor's memory above which a REPL is restarted before its next
 *     check (see {@code AutoLeanServer.Builder.maxTotalMemory}), in (0, 1]
 * @param memoryHardLimitMb the address-space limit of each REPL in MiB, or null for none
 */
public record CheckSettings(ReplSelection repl, Duration timeout, int serversPerExecutor, double maxTotalMemory,
        Integer memoryHardLimitMb) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The timeout of {@link #of}: generous, since a cold {@code import Mathlib} alone can take minutes. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

    /**
     * Validates the settings.
     *
     * @throws IllegalArgumentException when a value is out of range
     */
    public CheckSettings {
        Objects.requireNonNull(repl, "repl");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
        if (serversPerExecutor < 1) {
            throw new IllegalArgumentException("serversPerExecutor must be at least 1, was " + serversPerExecutor);
        }
        if (!(maxTotalMemory > 0 && maxTotalMemory <= 1)) {
            throw new IllegalArgumentException("maxTotalMemory must be in (0, 1], was " + maxTotalMemory);
        }
        if (memoryHardLimitMb != null && memoryHardLimitMb <= 0) {
            throw new IllegalArgumentException("memoryHardLimitMb must be positive, was " + memoryHardLimitMb);
        }
    }

    /**
     * Settings for {@code repl}: one REPL per executor, a timeout of {@link #DEFAULT_TIMEOUT}, restarts at 80 %
     * of the executor's memory (the library's default), no address-space limit.
     */
    public static CheckSettings of(ReplSelection repl) {
        return new CheckSettings(repl, DEFAULT_TIMEOUT, 1, 0.8, null);
    }

    /** A copy with another timeout per check. */
    public CheckSettings withTimeout(Duration timeout) {
        return new CheckSettings(repl, timeout, serversPerExecutor, maxTotalMemory, memoryHardLimitMb);
    }

    /** A copy with another number of REPLs per executor. */
    public CheckSettings withServersPerExecutor(int servers) {
        return new CheckSettings(repl, timeout, servers, maxTotalMemory, memoryHardLimitMb);
    }

    /** A copy with another memory fraction for restarts. */
    public CheckSettings withMaxTotalMemory(double fraction) {
        return new CheckSettings(repl, timeout, serversPerExecutor, fraction, memoryHardLimitMb);
    }

    /** A copy with another address-space limit per REPL (null for none). */
    public CheckSettings withMemoryHardLimitMb(Integer megabytes) {
        return new CheckSettings(repl, timeout, serversPerExecutor, maxTotalMemory, megabytes);
    }

    /** The config an executor starts its REPLs with. Does no I/O. */
    public LeanReplConfig toConfig() {
        LeanReplConfig.Builder config = repl.configBuilder();
        if (memoryHardLimitMb != null) {
            config.memoryHardLimitMb(memoryHardLimitMb);
        }
        return config.build();
    }
}
