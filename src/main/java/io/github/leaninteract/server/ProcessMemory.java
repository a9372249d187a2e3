package io.github.leaninteract.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Memory readings from Linux's {@code /proc} and {@code /sys/fs/cgroup}; zero or "unknown" elsewhere.
 *
 * <p>The used fraction is the one the kernel acts on. Inside a memory cgroup with a limit (a Docker or
 * Kubernetes container, a systemd slice), the kernel kills processes when the cgroup reaches its limit,
 * whatever the machine's {@code /proc/meminfo} says; so when this process's cgroup, or one above it, has a
 * limit, the fraction is that of the cgroup closest to its limit, and {@code /proc/meminfo} is read only
 * when there is none. Both cgroup v2 ({@code memory.max}, {@code memory.current}) and v1
 * ({@code memory.limit_in_bytes}, {@code memory.usage_in_bytes}) are read, found through
 * {@code /proc/self/cgroup} and {@code /proc/self/mountinfo}. Usage is counted as the kubelet counts a
 * container's working set: without the inactive file cache ({@code inactive_file} of {@code memory.stat}),
 * which the kernel reclaims before it kills anything.
 *
 * <p>Thread-safe.
 */
final class ProcessMemory {

    /** This machine's readings. */
    private static final ProcessMemory SYSTEM = new ProcessMemory(Path.of("/proc"), Path.of("/"));
    /** v1 "no limit" is the largest page count times the page size: anything this large is no limit. */
    private static final long V1_UNLIMITED = Long.MAX_VALUE / 2;

    private enum Version { V1, V2 }

    /** The memory cgroup folders of this process, innermost first, or empty when it has none. */
    private record Cgroup(Version version, List<Path> levels) {}

    private final Path proc;
    private final Path root;
    // Where a process's cgroup is does not change while it runs (nor do mounts, for our purpose): found once.
    private volatile Optional<Cgroup> cgroup;

    /**
     * Readings under other roots, for tests.
     *
     * @param proc what stands for {@code /proc}
     * @param root what stands for {@code /}: the mount points of {@code mountinfo} are resolved under it
     */
    ProcessMemory(Path proc, Path root) {
        this.proc = proc;
        this.root = root;
    }

    /** Resident set size of one process in bytes, or 0 when it cannot be read (gone, or not Linux). */
    static long residentBytes(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return kibibytes(line) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // The process is gone, or this is not Linux.
        }
        return 0;
    }

    /** {@link #usedFraction()} of this machine (or of this process's container). */
    static double systemUsedFraction() {
        return SYSTEM.usedFraction();
    }

    /**
     * Fraction of the memory available to this process that is in use: of its cgroup's limit when there is
     * one (the highest fraction over the limited cgroups from its own up to the root), else of the machine,
     * as {@code 1 - MemAvailable / MemTotal} (what psutil calls "percent"); -1 when unknown.
     */
    double usedFraction() {
        long[] meminfo = meminfo();
        long total = meminfo[0];
        double fraction = cgroupFraction(total);
        if (fraction >= 0) {
            return fraction;
        }
        long available = meminfo[1];
        if (total <= 0 || available < 0) {
            return -1;
        }
        return 1.0 - (double) available / total;
    }

    /** The fraction of the most used limited cgroup, or -1 when no cgroup of this process has a limit. */
    private double cgroupFraction(long machineKib) {
        Optional<Cgroup> found = cgroup;
        if (found == null) {
            found = locate();
            cgroup = found;
        }
        if (found.isEmpty()) {
            return -1;
        }
        Version v = found.get().version();
        double most = -1;
        for (Path level : found.get().levels()) {
            long limit = readLimit(level, v);
            if (limit <= 0 || (machineKib > 0 && limit >= machineKib * 1024)) {
                // No limit here, or one the machine runs out before: the machine's reading applies then.
                continue;
            }
            long usage = readLong(level.resolve(v == Version.V2 ? "memory.current" : "memory.usage_in_bytes"));
            if (usage < 0) {
                continue;
            }
            long inactiveFile = statValue(level, v == Version.V2 ? "inactive_file" : "total_inactive_file");
            long workingSet = Math.max(0, usage - Math.max(0, inactiveFile));
            most = Math.max(most, (double) workingSet / limit);
        }
        return most;
    }

    /** The limit in bytes at one level, or -1 when there is none (or it cannot be read). */
    private static long readLimit(Path level, Version v) {
        if (v == Version.V2) {
            Optional<String> max = readFirstLine(level.resolve("memory.max"));
            if (max.isEmpty() || max.get().equals("max")) {
                return -1;
            }
            return parse(max.get());
        }
        long limit = readLong(level.resolve("memory.limit_in_bytes"));
        return limit >= V1_UNLIMITED ? -1 : limit;
    }

    private static long statValue(Path level, String key) {
        try {
            for (String line : Files.readAllLines(level.resolve("memory.stat"))) {
                if (line.startsWith(key + " ")) {
                    return parse(line.substring(key.length() + 1).strip());
                }
            }
        } catch (IOException | RuntimeException e) {
            // No statistics: count all usage.
        }
        return -1;
    }

    /** Finds this process's memory cgroup: its folders from its own up to its hierarchy's mount point. */
    private Optional<Cgroup> locate() {
        List<String> cgroupLines;
        try {
            cgroupLines = Files.readAllLines(proc.resolve("self").resolve("cgroup"));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        String v1Path = null;
        String v2Path = null;
        for (String line : cgroupLines) {
            String[] f = line.split(":", 3);
            if (f.length < 3) {
                continue;
            }
            if (f[0].equals("0") && f[1].isEmpty()) {
                v2Path = f[2];
            } else if (List.of(f[1].split(",")).contains("memory")) {
                v1Path = f[2];
            }
        }
        List<Mount> mounts = mounts();
        // The memory controller is on one hierarchy only: v1 when the process has a v1 memory cgroup.
        if (v1Path != null) {
            Mount m = mounts.stream().filter(x -> x.fsType.equals("cgroup") && x.options.contains("memory"))
                    .findFirst().orElse(new Mount("/", "/sys/fs/cgroup/memory", "cgroup", List.of("memory")));
            return Optional.of(new Cgroup(Version.V1, levels(m, v1Path)));
        }
        if (v2Path != null) {
            Mount m = mounts.stream().filter(x -> x.fsType.equals("cgroup2")).findFirst()
                    .orElse(new Mount("/", "/sys/fs/cgroup", "cgroup2", List.of()));
            return Optional.of(new Cgroup(Version.V2, levels(m, v2Path)));
        }
        return Optional.empty();
    }

    /** The folders of cgroup {@code path} and its ancestors inside the mount {@code m}, innermost first. */
    private List<Path> levels(Mount m, String path) {
        Path mountPoint = under(m.mountPoint);
        String relative;
        if (m.root.equals("/")) {
            relative = path;
        } else if (path.equals(m.root) || path.startsWith(m.root + "/")) {
            relative = path.substring(m.root.length());
        } else {
            // A cgroup outside what is mounted (another namespace's view): the mount point is all we see.
            relative = "";
        }
        Path dir = mountPoint;
        for (String part : relative.split("/")) {
            if (!part.isEmpty() && !part.equals("..") && !part.equals(".")) {
                dir = dir.resolve(part);
            }
        }
        List<Path> levels = new ArrayList<>();
        for (Path p = dir; p != null && p.startsWith(mountPoint); p = p.getParent()) {
            levels.add(p);
        }
        return List.copyOf(levels);
    }

    private Path under(String absolute) {
        return root.resolve(absolute.startsWith("/") ? absolute.substring(1) : absolute);
    }

    private record Mount(String root, String mountPoint, String fsType, List<String> options) {}

    /** The cgroup mounts of {@code /proc/self/mountinfo}; empty when it cannot be read. */
    private List<Mount> mounts() {
        List<Mount> mounts = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(proc.resolve("self").resolve("mountinfo"))) {
                // id parent major:minor root mount-point options [optional fields] - type source super-options
                int dash = line.indexOf(" - ");
                if (dash < 0) {
                    continue;
                }
                String[] pre = line.substring(0, dash).split(" ");
                String[] post = line.substring(dash + 3).split(" ");
                if (pre.length < 5 || post.length < 1 || !post[0].startsWith("cgroup")) {
                    continue;
                }
                List<String> options = post.length >= 3 ? List.of(post[2].split(",")) : List.of();
                mounts.add(new Mount(unescape(pre[3]), unescape(pre[4]), post[0], options));
            }
        } catch (IOException | RuntimeException e) {
            // Use the usual mount points.
        }
        return mounts;
    }

    /** Undoes mountinfo's octal escapes ({@code \040} for a space, and so on). */
    private static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length() && s.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** MemTotal and MemAvailable in KiB from meminfo, each -1 when unknown. */
    private long[] meminfo() {
        long total = -1;
        long available = -1;
        try {
            for (String line : Files.readAllLines(proc.resolve("meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    total = kibibytes(line);
                } else if (line.startsWith("MemAvailable:")) {
                    available = kibibytes(line);
                }
                if (total >= 0 && available >= 0) {
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux, or no /proc.
        }
        return new long[] {total, available};
    }

    private static Optional<String> readFirstLine(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            return lines.isEmpty() ? Optional.empty() : Optional.of(lines.get(0).strip());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** A number in a file of its own, or -1 when it cannot be read. */
    private static long readLong(Path file) {
        return readFirstLine(file).map(ProcessMemory::parse).orElse(-1L);
    }

    private static long parse(String digits) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static long kibibytes(String line) {
        String digits = line.replaceAll("[^0-9]", "");
        return digits.isEmpty() ? 0 : Long.parseLong(digits);
    }
}
