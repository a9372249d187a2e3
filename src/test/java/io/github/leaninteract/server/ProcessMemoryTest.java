package io.github.leaninteract.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The used-memory fraction read from fake {@code /proc} and cgroup folders. */
class ProcessMemoryTest {

    private static final double EPS = 1e-9;
    private static final long GIB = 1L << 30;
    /** The machine of every test: 16 GiB, 4 GiB available, so 75 % used. */
    private static final double MACHINE = 0.75;

    @TempDir
    Path tmp;

    private Path proc;
    private Path root;

    @BeforeEach
    void machine() throws IOException {
        proc = Files.createDirectories(tmp.resolve("proc"));
        root = Files.createDirectories(tmp.resolve("root"));
        Files.createDirectories(proc.resolve("self"));
        Files.writeString(proc.resolve("meminfo"), "MemTotal:       16777216 kB\nMemFree:         1000000 kB\n"
                + "MemAvailable:    4194304 kB\nBuffers:          100000 kB\n");
    }

    private double fraction() {
        return new ProcessMemory(proc, root).usedFraction();
    }

    private void cgroupFile(String content) throws IOException {
        Files.writeString(proc.resolve("self").resolve("cgroup"), content);
    }

    private void mountinfo(String content) throws IOException {
        Files.writeString(proc.resolve("self").resolve("mountinfo"), content);
    }

    /** Writes {@code name} = {@code content} in the cgroup folder {@code dir} (under the fake root). */
    private void write(String dir, String name, String content) throws IOException {
        Path d = Files.createDirectories(root.resolve(dir));
        Files.writeString(d.resolve(name), content + "\n");
    }

    private static final String V2_MOUNT =
            "30 23 0:26 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 rw,nsdelegate\n";
    private static final String V1_MOUNTS =
            "31 23 0:28 / /sys/fs/cgroup ro,nosuid - tmpfs tmpfs ro,mode=755\n"
            + "35 31 0:32 / /sys/fs/cgroup/memory rw,relatime shared:15 - cgroup cgroup rw,memory\n"
            + "36 31 0:33 / /sys/fs/cgroup/cpu,cpuacct rw,relatime shared:16 - cgroup cgroup rw,cpu,cpuacct\n"
            + "41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw\n";

    @Test
    void withoutCgroupsTheMachinesMeminfoIsRead() {
        assertEquals(MACHINE, fraction(), EPS);
    }

    @Test
    void aCgroupV2LimitIsReadWithoutTheInactiveFileCache() throws IOException {
        cgroupFile("0::/kubepods/pod1/app\n");
        mountinfo(V2_MOUNT);
        String app = "sys/fs/cgroup/kubepods/pod1/app";
        write(app, "memory.max", String.valueOf(2 * GIB));
        write(app, "memory.current", String.valueOf(GIB + GIB / 2));
        write(app, "memory.stat", "anon 1000\nfile 2000\nactive_file 100\ninactive_file " + GIB / 2 + "\n");
        assertEquals(0.5, fraction(), EPS);
    }

    @Test
    void aCgroupV2WithoutStatisticsCountsAllItsUsage() throws IOException {
        cgroupFile("0::/app\n");
        mountinfo(V2_MOUNT);
        write("sys/fs/cgroup/app", "memory.max", String.valueOf(2 * GIB));
        write("sys/fs/cgroup/app", "memory.current", String.valueOf(GIB));
        assertEquals(0.5, fraction(), EPS);
    }

    @Test
    void aCgroupV2MaxOfMaxIsNoLimit() throws IOException {
        cgroupFile("0::/user.slice/app\n");
        mountinfo(V2_MOUNT);
        write("sys/fs/cgroup/user.slice/app", "memory.max", "max");
        write("sys/fs/cgroup/user.slice/app", "memory.current", String.valueOf(GIB));
        write("sys/fs/cgroup/user.slice", "memory.max", "max");
        write("sys/fs/cgroup/user.slice", "memory.current", String.valueOf(GIB));
        assertEquals(MACHINE, fraction(), EPS);
    }

    @Test
    void aLimitOfAParentCgroupCountsWithTheParentsUsage() throws IOException {
        cgroupFile("0::/outer/inner\n");
        mountinfo(V2_MOUNT);
        write("sys/fs/cgroup/outer/inner", "memory.max", "max");
        write("sys/fs/cgroup/outer/inner", "memory.current", String.valueOf(GIB / 4));
        // Siblings of inner use most of outer's limit: inner's processes are the ones at risk too.
        write("sys/fs/cgroup/outer", "memory.max", String.valueOf(GIB));
        write("sys/fs/cgroup/outer", "memory.current", String.valueOf(GIB * 9 / 10));
        assertEquals(0.9, fraction(), EPS);
    }

    @Test
    void ofNestedLimitsTheOneClosestToBeingReachedCounts() throws IOException {
        cgroupFile("0::/outer/inner\n");
        mountinfo(V2_MOUNT);
        write("sys/fs/cgroup/outer/inner", "memory.max", String.valueOf(GIB));
        write("sys/fs/cgroup/outer/inner", "memory.current", String.valueOf(GIB * 6 / 10));
        write("sys/fs/cgroup/outer", "memory.max", String.valueOf(4 * GIB));
        write("sys/fs/cgroup/outer", "memory.current", String.valueOf(GIB));
        assertEquals(0.6, fraction(), EPS);
    }

    @Test
    void theCgroupRootOfAContainerIsItsMountPoint() throws IOException {
        // With a cgroup namespace the process sees itself at "/" and its container's cgroup as the mount.
        cgroupFile("0::/\n");
        mountinfo("1200 1100 0:26 / /sys/fs/cgroup ro,nosuid - cgroup2 cgroup rw\n");
        write("sys/fs/cgroup", "memory.max", String.valueOf(GIB));
        write("sys/fs/cgroup", "memory.current", String.valueOf(GIB / 4));
        assertEquals(0.25, fraction(), EPS);
    }

    @Test
    void aCgroupV1LimitIsFoundThroughMountinfo() throws IOException {
        cgroupFile("12:pids:/docker/abc\n4:memory:/docker/abc\n3:cpu,cpuacct:/docker/abc\n0::/docker/abc\n");
        mountinfo(V1_MOUNTS);
        String dir = "sys/fs/cgroup/memory/docker/abc";
        write(dir, "memory.limit_in_bytes", String.valueOf(GIB));
        write(dir, "memory.usage_in_bytes", String.valueOf(GIB / 2));
        write(dir, "memory.stat", "cache 100\nrss 200\ninactive_file 7\ntotal_inactive_file " + GIB / 4 + "\n");
        write("sys/fs/cgroup/memory/docker", "memory.limit_in_bytes", "9223372036854771712");
        write("sys/fs/cgroup/memory/docker", "memory.usage_in_bytes", String.valueOf(4 * GIB));
        assertEquals(0.25, fraction(), EPS);
    }

    @Test
    void aCgroupV1MountedAtTheContainersOwnCgroupIsRead() throws IOException {
        // Docker without a cgroup namespace: the host path in /proc/self/cgroup, the same path as the mount's root.
        cgroupFile("4:memory:/docker/abc\n");
        mountinfo("35 31 0:32 /docker/abc /sys/fs/cgroup/memory ro,nosuid - cgroup cgroup rw,memory\n");
        write("sys/fs/cgroup/memory", "memory.limit_in_bytes", String.valueOf(GIB));
        write("sys/fs/cgroup/memory", "memory.usage_in_bytes", String.valueOf(GIB / 8));
        assertEquals(0.125, fraction(), EPS);
    }

    @Test
    void anUnlimitedCgroupV1ReadsTheMachine() throws IOException {
        cgroupFile("4:memory:/app\n");
        mountinfo(V1_MOUNTS);
        write("sys/fs/cgroup/memory/app", "memory.limit_in_bytes", "9223372036854771712");
        write("sys/fs/cgroup/memory/app", "memory.usage_in_bytes", String.valueOf(GIB));
        assertEquals(MACHINE, fraction(), EPS);
    }

    @Test
    void aLimitAboveTheMachinesMemoryReadsTheMachine() throws IOException {
        cgroupFile("0::/app\n");
        mountinfo(V2_MOUNT);
        write("sys/fs/cgroup/app", "memory.max", String.valueOf(64 * GIB));
        write("sys/fs/cgroup/app", "memory.current", String.valueOf(GIB));
        assertEquals(MACHINE, fraction(), EPS);
    }

    @Test
    void unreadableCgroupFilesFallBackToTheMachine() throws IOException {
        cgroupFile("0::/app\n");
        mountinfo(V2_MOUNT);
        Files.createDirectories(root.resolve("sys/fs/cgroup/app/memory.max")); // not a file
        write("sys/fs/cgroup/app", "memory.current", String.valueOf(GIB));
        assertEquals(MACHINE, fraction(), EPS);

        cgroupFile("0::/other\n");
        write("sys/fs/cgroup/other", "memory.max", "garbage");
        write("sys/fs/cgroup/other", "memory.current", String.valueOf(GIB));
        assertEquals(MACHINE, fraction(), EPS);

        cgroupFile("0::/third\n");
        write("sys/fs/cgroup/third", "memory.max", String.valueOf(2 * GIB)); // and no memory.current
        assertEquals(MACHINE, fraction(), EPS);
    }

    @Test
    void unreadableProcFilesFallBackToTheMachine() throws IOException {
        Files.createDirectories(proc.resolve("self").resolve("cgroup")); // not a file
        assertEquals(MACHINE, fraction(), EPS);
    }

    @Test
    void withoutMountinfoTheUsualMountPointsAreRead() throws IOException {
        cgroupFile("0::/app\n");
        write("sys/fs/cgroup/app", "memory.max", String.valueOf(GIB));
        write("sys/fs/cgroup/app", "memory.current", String.valueOf(GIB / 2));
        assertEquals(0.5, fraction(), EPS);
    }

    @Test
    void aHybridHierarchyReadsTheV1MemoryController() throws IOException {
        cgroupFile("4:memory:/app\n0::/app\n");
        mountinfo(V1_MOUNTS);
        write("sys/fs/cgroup/memory/app", "memory.limit_in_bytes", String.valueOf(GIB));
        write("sys/fs/cgroup/memory/app", "memory.usage_in_bytes", String.valueOf(GIB / 2));
        Files.createDirectories(root.resolve("sys/fs/cgroup/unified/app")); // v2 without the memory controller
        assertEquals(0.5, fraction(), EPS);
    }

    @Test
    void escapedMountPointsAreUnderstood() throws IOException {
        cgroupFile("0::/app\n");
        mountinfo("30 23 0:26 / /sys/fs/my\\040cgroups rw - cgroup2 cgroup2 rw\n");
        write("sys/fs/my cgroups/app", "memory.max", String.valueOf(GIB));
        write("sys/fs/my cgroups/app", "memory.current", String.valueOf(GIB / 2));
        assertEquals(0.5, fraction(), EPS);
    }

    @Test
    void nothingReadableIsUnknown() throws IOException {
        Files.delete(proc.resolve("meminfo"));
        assertEquals(-1, fraction(), EPS);
    }

    @Test
    void theLimitIsReadAgainOnEveryReading() throws IOException {
        cgroupFile("0::/app\n");
        mountinfo(V2_MOUNT);
        write("sys/fs/cgroup/app", "memory.max", String.valueOf(GIB));
        write("sys/fs/cgroup/app", "memory.current", String.valueOf(GIB / 2));
        ProcessMemory memory = new ProcessMemory(proc, root);
        assertEquals(0.5, memory.usedFraction(), EPS);
        write("sys/fs/cgroup/app", "memory.max", String.valueOf(2 * GIB)); // docker update --memory
        assertEquals(0.25, memory.usedFraction(), EPS);
    }
}
