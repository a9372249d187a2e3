package io.github.leaninteract.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A tiny test client for the simulator: writes {@code json + "\n\n"}, reads answers up to their
 * blank line (or one line each with {@code --no-blank-line}), drains stderr all the time.
 */
final class SimulatorProcess implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Stands for the end of output in the queue; no answer can contain a NUL. */
    private static final String EOF = "\u0000end of output";

    private final Process process;
    private final OutputStream stdin;
    private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
    private final StringBuffer stderr = new StringBuffer();
    private final CountDownLatch stderrDrained = new CountDownLatch(1);

    private SimulatorProcess(Process process, boolean lineFramed) {
        this.process = process;
        this.stdin = process.getOutputStream();
        daemon(() -> readAnswers(process.getInputStream(), lineFramed));
        daemon(() -> drain(process.getErrorStream()));
    }

    static SimulatorProcess start(String... options) throws IOException {
        return start(ReplSimulator.command(options));
    }

    static SimulatorProcess start(List<String> argv) throws IOException {
        return new SimulatorProcess(new ProcessBuilder(argv).start(), argv.contains("--no-blank-line"));
    }

    Process process() {
        return process;
    }

    /** Sends {@code json} framed as a client must: one line, then one blank line. */
    void send(String json) throws IOException {
        sendRaw(json + "\n\n");
    }

    void sendRaw(String text) throws IOException {
        stdin.write(text.getBytes(StandardCharsets.UTF_8));
        stdin.flush();
    }

    void closeInput() throws IOException {
        stdin.close();
    }

    /** Sends a request and parses its answer. */
    JsonNode request(String json) throws IOException {
        send(json);
        return MAPPER.readTree(nextAnswer());
    }

    /** The next answer's raw text (without its blank line); fails on end of output or timeout. */
    String nextAnswer() {
        String answer = poll(TIMEOUT);
        assertNotNull(answer, "no answer within " + TIMEOUT + "; stderr: " + stderr);
        assertTrue(!EOF.equals(answer), "output ended instead of an answer; stderr: " + stderr);
        return answer;
    }

    /** Whether an answer arrives within {@code wait} (used to show that none comes). */
    boolean answersWithin(Duration wait) {
        String answer = poll(wait);
        return answer != null && !EOF.equals(answer);
    }

    /** Waits for the process to end and returns its exit code. */
    int exitCode() throws InterruptedException {
        if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            fail("the simulator did not exit; stderr: " + stderr);
        }
        return process.exitValue();
    }

    /** Asserts that the process ends with {@code code} after writing {@code stderrPart} to stderr. */
    void assertExits(int code, String stderrPart) throws InterruptedException {
        int exit = exitCode();
        String text = stderrAfterExit();
        assertEquals(code, exit, text);
        assertTrue(text.contains(stderrPart), text);
    }

    /** The text of the first message of {@code answer} (empty when it has none), as {@code #eval} answers. */
    static String firstMessage(JsonNode answer) {
        return answer.at("/messages/0/data").asText();
    }

    /** Everything read from stderr so far. */
    String stderrSoFar() {
        return stderr.toString();
    }

    /** Stderr once the process ended and its pipe is drained. */
    String stderrAfterExit() throws InterruptedException {
        exitCode();
        assertTrue(stderrDrained.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS), "stderr still open");
        return stderr.toString();
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String poll(Duration wait) {
        try {
            return answers.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private void readAnswers(InputStream in, boolean lineFramed) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            StringBuilder current = new StringBuilder();
            String line;
            while ((line = reader.readLine()) != null) {
                if (lineFramed) {
                    answers.add(line);
                } else if (line.isEmpty()) {
                    answers.add(current.toString());
                    current.setLength(0);
                } else {
                    current.append(current.length() == 0 ? "" : "\n").append(line);
                }
            }
        } catch (IOException e) {
            // The process was killed; the end of output is reported below.
        }
        answers.add(EOF);
    }

    private void drain(InputStream in) {
        try (InputStreamReader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            char[] buffer = new char[8192];
            int n;
            while ((n = reader.read(buffer)) > 0) {
                stderr.append(buffer, 0, n);
            }
        } catch (IOException e) {
            // Killed.
        }
        stderrDrained.countDown();
    }

    private static void daemon(Runnable body) {
        Thread t = new Thread(body, "simulator-test-io");
        t.setDaemon(true);
        t.start();
    }
}
