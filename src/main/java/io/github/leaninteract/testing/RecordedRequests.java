package io.github.leaninteract.testing;

import io.github.leaninteract.protocol.LeanJson;
import io.github.leaninteract.protocol.LeanRequest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The requests {@link ReplSimulator} processes received, read from the file they record them in
 * ({@code --record FILE}), for a test to verify what its code sent, as MockWebServer's
 * {@code takeRequest}:
 *
 * <pre>{@code
 * RecordedRequest first = requests.take(Duration.ofSeconds(10));   // the oldest not yet taken
 * assertEquals("def x := 1", first.leanText());
 * assertInstanceOf(Command.class, first.request());
 * assertEquals(1, requests.count());
 * }</pre>
 *
 * <p>{@link #take(Duration)} blocks until a request not yet taken was recorded, or the timeout passed.
 * It wakes up on the file system's change events ({@link WatchService}: inotify on Linux), and
 * re-reads the file at least every 250 ms as well, so that it also keeps to its
 * timeout where the platform's watch service only polls (macOS) or misses events (network file
 * systems). A request is handed out only once its whole line is in the file.
 *
 * <p>Lifecycle: {@link #open(Path)} starts watching (the file need not exist yet; its folder must);
 * {@link #close()} stops, wakes every blocked {@code take} with an {@link IllegalStateException}, and
 * is idempotent; after it, {@code take}, {@code all} and {@code count} throw
 * {@link IllegalStateException}. Closing never deletes the file: whoever chose it owns it (a
 * {@link ScriptedSimulator} deletes its own).
 *
 * <p>Thread-safe: several threads may take; each request is handed to one of them.
 */
public final class RecordedRequests implements AutoCloseable {

    static final long RECHECK_MILLIS = 250;

    private final Path file;
    private final WatchService watcher;
    private final ReentrantLock takeLock = new ReentrantLock();
    // Guarded by this: what was read of the file so far.
    private final List<RecordedRequest> recorded = new ArrayList<>();
    private long position;
    private byte[] partialLine = new byte[0];
    private int taken;
    private volatile boolean closed;

    private RecordedRequests(Path file, WatchService watcher) {
        this.file = file;
        this.watcher = watcher;
    }

    /**
     * Starts reading the requests recorded in {@code file} (a simulator's {@code --record FILE}), from
     * its first line.
     *
     * @throws IllegalArgumentException if the file's folder does not exist
     * @throws UncheckedIOException     if the folder cannot be watched
     */
    public static RecordedRequests open(Path file) {
        Path absolute = Objects.requireNonNull(file, "file").toAbsolutePath();
        Path folder = absolute.getParent();
        if (folder == null || !Files.isDirectory(folder)) {
            throw new IllegalArgumentException("the folder of the recording " + absolute + " does not exist; create it first");
        }
        try {
            WatchService watcher = folder.getFileSystem().newWatchService();
            try {
                folder.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
            } catch (IOException | RuntimeException e) {
                watcher.close();
                throw e;
            }
            return new RecordedRequests(absolute, watcher);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not watch " + folder + " for recorded requests", e);
        }
    }

    /** The file the requests are read from. */
    public Path file() {
        return file;
    }

    /**
     * The oldest recorded request not yet taken, waiting for one up to {@code timeout}.
     *
     * @return the request, or null when none came within the timeout
     * @throws IllegalStateException if this is closed, also while waiting
     * @throws InterruptedException  if the thread is interrupted while waiting
     */
    public RecordedRequest take(Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout");
        long deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
        if (!takeLock.tryLock(remaining(deadline), TimeUnit.NANOSECONDS)) {
            ensureOpen();
            return null;
        }
        try {
            while (true) {
                synchronized (this) {
                    ensureOpen();
                    refresh();
                    if (taken < recorded.size()) {
                        return recorded.get(taken++);
                    }
                }
                long left = remaining(deadline);
                if (left == 0) {
                    return null;
                }
                awaitChange(Math.min(left, TimeUnit.MILLISECONDS.toNanos(RECHECK_MILLIS)));
            }
        } finally {
            takeLock.unlock();
        }
    }

    /**
     * Every request recorded so far, taken or not, oldest first.
     *
     * @throws IllegalStateException if this is closed
     */
    public synchronized List<RecordedRequest> all() {
        ensureOpen();
        refresh();
        return List.copyOf(recorded);
    }

    /**
     * How many requests were recorded so far, taken or not.
     *
     * @throws IllegalStateException if this is closed
     */
    public synchronized int count() {
        ensureOpen();
        refresh();
        return recorded.size();
    }

    /** Stops watching the file; blocked {@link #take} calls end with {@link IllegalStateException}. Idempotent. */
    @Override
    public void close() {
        closed = true;
        try {
            watcher.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not stop watching " + file.getParent(), e);
        }
    }

    @Override
    public synchronized String toString() {
        return "RecordedRequests[" + file + (closed ? ", closed" : ", open") + ", " + recorded.size() + " read, "
                + taken + " taken]";
    }

    private void awaitChange(long nanos) throws InterruptedException {
        WatchKey key;
        try {
            key = watcher.poll(nanos, TimeUnit.NANOSECONDS);
        } catch (ClosedWatchServiceException e) {
            throw closedError();
        }
        if (key != null) {
            // Which file changed does not matter: the next refresh reads whatever is new.
            key.pollEvents();
            key.reset();
        }
    }

    /** Reads the complete lines appended since the last read. */
    private void refresh() {
        ByteBuffer appended;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size <= position) {
                return;
            }
            appended = ByteBuffer.allocate(Math.toIntExact(Math.min(size - position, Integer.MAX_VALUE - 16)));
            while (appended.hasRemaining() && channel.read(appended, position + appended.position()) > 0) {
                // read on to what the size said
            }
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the recorded requests in " + file, e);
        }
        appended.flip();
        position += appended.remaining();
        byte[] bytes = new byte[partialLine.length + appended.remaining()];
        System.arraycopy(partialLine, 0, bytes, 0, partialLine.length);
        appended.get(bytes, partialLine.length, bytes.length - partialLine.length);
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                recorded.add(decode(recorded.size() + 1, new String(bytes, start, i - start, StandardCharsets.UTF_8)));
                start = i + 1;
            }
        }
        partialLine = java.util.Arrays.copyOfRange(bytes, start, bytes.length);
    }

    private static RecordedRequest decode(int sequence, String text) {
        LeanRequest request;
        try {
            request = LeanJson.readRequest(text);
        } catch (RuntimeException e) {
            // Whatever the decoder says is wrong with it (not JSON, no known shape, an invalid value)
            // is what the test wants to see.
            return new RecordedRequest(sequence, text, null, String.valueOf(e.getMessage()));
        }
        return new RecordedRequest(sequence, text, request, null);
    }

    private void ensureOpen() {
        if (closed) {
            throw closedError();
        }
    }

    private IllegalStateException closedError() {
        return new IllegalStateException("these recorded requests (" + file + ") were closed; read them before closing");
    }

    private static long remaining(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }
}
