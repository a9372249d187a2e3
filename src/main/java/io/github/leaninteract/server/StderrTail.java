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
    private long written;

    StderrTail(int capacity) {
        this.ring = new byte[capacity];
    }

    synchronized void write(byte[] bytes, int offset, int length) {
        if (length >= ring.length) {
            offset += length - ring.length;
            length = ring.length;
        }
        int pos = (int) (written % ring.length);
        int first = Math.min(length, ring.length - pos);
        System.arraycopy(bytes, offset, ring, pos, first);
        System.arraycopy(bytes, offset + first, ring, 0, length - first);
        written += length;
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
        int pos = (int) (written % ring.length);
        byte[] ordered = new byte[ring.length];
        System.arraycopy(ring, pos, ordered, 0, ring.length - pos);
        System.arraycopy(ring, 0, ordered, ring.length - pos, pos);
        int start = 0;
        while (start < ordered.length && ordered[start] != '\n') {
            start++;
        }
        start = start < ordered.length ? start + 1 : 0;
        return new String(ordered, start, ordered.length - start, StandardCharsets.UTF_8);
    }
}
