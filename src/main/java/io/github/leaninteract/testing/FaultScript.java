package io.github.leaninteract.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Decides, in the simulator process, which {@link SimulatorFault}s act on each request. The request
 * count and how often each fault acted live in a state file when one is given, shared under a
 * {@link FileLock} by every process started with it (a restarted REPL goes on counting); else in this
 * process only. Not thread-safe: the simulator serves one request at a time.
 */
final class FaultScript implements AutoCloseable {

    private final List<SimulatorFault> faults;
    private final List<Pattern> patterns = new ArrayList<>();
    private final FileChannel state;
    /** [0]: requests counted; [1 + i]: how often fault i acted. Read from and written to the state file. */
    private final long[] counts;

    FaultScript(List<SimulatorFault> faults, Path stateFile) throws IOException {
        this.faults = List.copyOf(faults);
        for (SimulatorFault fault : this.faults) {
            patterns.add(fault.trigger() instanceof SimulatorFault.Matching m ? m.pattern() : null);
        }
        this.counts = new long[1 + faults.size()];
        this.state = stateFile == null ? null : FileChannel.open(stateFile,
                StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    /**
     * Counts one request and returns the faults that act on it, in order. {@code text} gives the text
     * that patterns are searched in; it is asked for only when a pattern needs it.
     */
    List<SimulatorFault> onRequest(Supplier<String> text) throws IOException {
        if (faults.isEmpty()) {
            return List.of();
        }
        if (state == null) {
            return decide(text);
        }
        // Blocks until no other process of this script holds the lock; each holds it for a few
        // microseconds, so this wait ends.
        try (FileLock ignored = state.lock()) {
            load();
            List<SimulatorFault> acting = decide(text);
            store();
            return acting;
        }
    }

    private List<SimulatorFault> decide(Supplier<String> text) {
        long n = ++counts[0];
        String body = null;
        List<SimulatorFault> acting = new ArrayList<>();
        for (int i = 0; i < faults.size(); i++) {
            SimulatorFault fault = faults.get(i);
            if (fault.once() && counts[1 + i] > 0) {
                continue;
            }
            boolean selected;
            if (fault.trigger() instanceof SimulatorFault.OnRequest r) {
                selected = r.n() == n;
            } else if (fault.trigger() instanceof SimulatorFault.Matching) {
                if (body == null) {
                    body = text.get();
                }
                selected = patterns.get(i).matcher(body).find();
            } else {
                selected = true;
            }
            if (selected) {
                counts[1 + i]++;
                acting.add(fault);
            }
        }
        return acting;
    }

    private void load() throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(counts.length * Long.BYTES);
        state.position(0);
        while (buffer.hasRemaining() && state.read(buffer) > 0) {
            // read on to the end of what is there
        }
        buffer.flip();
        // A new file is empty: every count is 0. A file always holds either nothing or all counts.
        for (int i = 0; i < counts.length; i++) {
            counts[i] = buffer.remaining() >= Long.BYTES ? buffer.getLong() : 0;
        }
    }

    private void store() throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(counts.length * Long.BYTES);
        for (long c : counts) {
            buffer.putLong(c);
        }
        buffer.flip();
        state.position(0);
        while (buffer.hasRemaining()) {
            state.write(buffer);
        }
        // No force(): the processes sharing the file read it through the same page cache.
    }

    @Override
    public void close() throws IOException {
        if (state != null) {
            state.close();
        }
    }
}
