package io.github.leaninteract.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StderrTailTest {

    @Test
    void keepsEverythingWhileUnderCapacity() {
        StderrTail tail = new StderrTail(64);
        byte[] b = "hello\nworld\n".getBytes(StandardCharsets.UTF_8);
        tail.write(b, 0, b.length);
        assertEquals("hello\nworld\n", tail.text());
    }

    @Test
    void keepsOnlyTheLastBytesStartingAtALine() {
        StderrTail tail = new StderrTail(16);
        for (int i = 0; i < 100; i++) {
            byte[] b = ("line " + i + "\n").getBytes(StandardCharsets.UTF_8);
            tail.write(b, 0, b.length);
        }
        String text = tail.text();
        assertTrue(text.length() <= 16, text);
        assertTrue(text.endsWith("line 99\n"), text);
        assertTrue(text.startsWith("line "), text);
    }

    @Test
    void aWriteLargerThanTheBufferKeepsItsEnd() {
        StderrTail tail = new StderrTail(8);
        byte[] b = "0123456789abcdef\nxyz\n".getBytes(StandardCharsets.UTF_8);
        tail.write(b, 0, b.length);
        assertEquals("xyz\n", tail.text());
        assertEquals(b.length, tail.totalBytes());
    }
}
