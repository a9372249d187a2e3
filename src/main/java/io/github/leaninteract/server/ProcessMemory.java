package io.github.leaninteract.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Memory readings from Linux's {@code /proc}; zero or "unknown" elsewhere. */
final class ProcessMemory {

    private static final Path MEMINFO = Path.of("/proc/meminfo");

    private ProcessMemory() {}

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

    /**
     * Fraction of the machine's memory in use, as {@code 1 - MemAvailable / MemTotal} (what psutil calls
     * "percent"), or -1 when unknown.
     */
    static double systemUsedFraction() {
        long total = -1;
        long available = -1;
        try {
            for (String line : Files.readAllLines(MEMINFO)) {
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
            return -1;
        }
        if (total <= 0 || available < 0) {
            return -1;
        }
        return 1.0 - (double) available / total;
    }

    private static long kibibytes(String line) {
        String digits = line.replaceAll("[^0-9]", "");
        return digits.isEmpty() ? 0 : Long.parseLong(digits);
    }
}
