package io.github.leaninteract.server;

import java.nio.charset.StandardCharsets;

/**
 * The last {@code capacity} bytes written to a process's stderr. Writing never blocks and never grows the
 * buffer, so a REPL flooding stderr costs a copy per chunk and nothing more.
 *
 * <p>Thread-safe: one drain thread writes while any thread reads.
 */
final class StderrTail {

    private final byte[] ring;
    private int position;
    private long written;

    StderrTail(int capacity) {
        this.ring = new byte[capacity];
    }

    synchronized void write(byte[] bytes, int offset, int length) {
        written += length;
        if (length >= ring.length) {
            offset += length - ring.length;
            length = ring.length;
        }
        int first = Math.min(length, ring.length - position);
        System.arraycopy(bytes, offset, ring, position, first);
        System.arraycopy(bytes, offset + first, ring, 0, length - first);
        position = (position + length) % ring.length;
    }

    /** Total bytes ever written. */
    synchronized long totalBytes() {
        return written;
    }

    /** The tail as text, starting at a line boundary when the buffer has wrapped. */
    synchronized String text() {
        if (written <= ring.length) {
            return new String(ring, 0, (int) written, StandardCharsets.UTF_8);
        }
        byte[] ordered = new byte[ring.length];
        System.arraycopy(ring, position, ordered, 0, ring.length - position);
        System.arraycopy(ring, 0, ordered, ring.length - position, position);
        int start = 0;
        while (start < ordered.length && ordered[start] != '\n') {
            start++;
        }
        start = start < ordered.length ? start + 1 : 0;
        return new String(ordered, start, ordered.length - start, StandardCharsets.UTF_8);
    }
}
