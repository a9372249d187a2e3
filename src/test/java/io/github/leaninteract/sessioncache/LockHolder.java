package io.github.leaninteract.sessioncache;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A second process for lock tests: takes a {@code FileChannel} lock on the file named by its argument,
 * prints {@code locked}, and holds the lock until its stdin is closed.
 */
public final class LockHolder {

    private LockHolder() {}

    public static void main(String[] args) throws Exception {
        try (FileChannel channel = FileChannel.open(Path.of(args[0]), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = channel.lock()) {
            System.out.println("locked");
            System.out.flush();
            while (System.in.read() >= 0) {
                // Hold the lock until the parent closes our stdin.
            }
        }
    }

    /** Starts a holder of {@code lockFile} in a new JVM and waits until it holds the lock. */
    public static Process start(Path lockFile) throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx32m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                LockHolder.class.getName(), lockFile.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        byte[] line = new byte[6];
        int n = p.getInputStream().readNBytes(line, 0, 6);
        if (n != 6 || !new String(line).equals("locked")) {
            p.destroyForcibly();
            throw new IllegalStateException("lock holder did not start");
        }
        return p;
    }
}
