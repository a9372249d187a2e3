package io.github.leaninteract.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.leaninteract.protocol.LeanJson;
import io.github.leaninteract.support.NoLeakedProcesses;
import io.github.leaninteract.testing.ReplSimulator;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The {@code repl} command as a process, spoken to from Java and from Python. */
@ExtendWith(NoLeakedProcesses.class)
@Timeout(300)
class ReplCommandTest {

    private static final long DEADLINE_S = 120;

    /** The argv of {@code repl ARGS -- <simulator>} through the jar's main class, in a small JVM of its own. */
    static List<String> proxyCommand(String... options) {
        List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "repl"));
        argv.addAll(List.of(options));
        argv.add("--");
        argv.addAll(ReplSimulator.command());
        return argv;
    }

    @Test
    void aJavaClientKeepsItsStatesAcrossACrashAndTheEndOfInputEndsEverything() throws Exception {
        Process proxy = new ProcessBuilder(proxyCommand("--timeout", "60"))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            BlockingQueue<String> answers = readAnswers(proxy.getInputStream());
            OutputStream in = proxy.getOutputStream();
            assertEquals(0, ask(in, answers, "{\"cmd\": \"def x := 41\"}").get("env").asInt());
            JsonNode thm = ask(in, answers, "{\"cmd\": \"theorem t (n : Nat) : n = n := by sorry\", \"env\": 0}");
            int ps = thm.at("/sorries/0/proofState").asInt();
            assertTrue(ask(in, answers, "{\"cmd\": \"#sim crash 1\"}").has("message"));
            assertEquals("42", ask(in, answers, "{\"cmd\": \"#eval x + 1\", \"env\": 0}").at("/messages/0/data").asText());
            assertEquals("Completed",
                    ask(in, answers, "{\"tactic\": \"rfl\", \"proofState\": " + ps + "}").get("proofStatus").asText());
            in.close();
            assertTrue(proxy.waitFor(DEADLINE_S, TimeUnit.SECONDS), "the proxy ends at the end of its input");
            assertEquals(0, proxy.exitValue());
        } finally {
            proxy.destroyForcibly();
        }
    }

    @Test
    void aPythonClientGetsTheSameService(@TempDir Path tmp) throws Exception {
        assumeTrue(onPath("python3"), "python3 is not on the PATH: the non-Java client test is skipped");
        Path script = script(tmp);
        List<String> argv = new ArrayList<>(List.of("python3", script.toString()));
        argv.addAll(proxyCommand("--cache", "pickle", "--cache-dir", tmp.resolve("cache").toString()));
        Path log = tmp.resolve("python.log");
        Process python = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            assertTrue(python.waitFor(DEADLINE_S * 2, TimeUnit.SECONDS), "the Python client did not finish");
            String output = Files.readString(log);
            assertEquals(0, python.exitValue(), output);
            assertTrue(output.contains("ok"), output);
        } finally {
            python.destroyForcibly();
        }
    }

    @Test
    void badOptionsExitWith2AndAMessage() {
        for (List<String> args : List.of(List.of("--cache", "disk"), List.of("--timeout", "0"), List.of("--timeout"),
                List.of("--frobnicate"), List.of("--lean-version", "v4.19.0", "--project", "p"),
                List.of("--cache-dir", "d"), List.of("--project", "p", "--", "prog"), List.of("--"))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = ReplCommand.run(args, new ByteArrayInputStream(new byte[0]), new PrintStream(out),
                    new PrintStream(err));
            assertEquals(2, code, args.toString());
            assertTrue(err.toString().startsWith("repl: "), err.toString());
            assertEquals(0, out.size());
        }
    }

    @Test
    void helpPrintsTheUsage() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, ReplCommand.run(List.of("--help"), new ByteArrayInputStream(new byte[0]), new PrintStream(out),
                new PrintStream(new ByteArrayOutputStream())));
        assertTrue(out.toString().startsWith("usage: repl"), out.toString());
    }

    @Test
    void aReplThatCannotStartExitsWith1() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ReplCommand.run(List.of("--", "/nonexistent/lean-repl"), new ByteArrayInputStream(new byte[0]),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err));
        assertEquals(1, code);
        assertTrue(err.toString().contains("could not start the REPL"), err.toString());
    }

    @Test
    void optionsBuildTheConfigAndTheCache() {
        ReplCommand.Options o = ReplCommand.parse(List.of("--cache", "pickle", "--cache-dir", "/tmp/c", "--timeout",
                "2.5", "--", "prog", "--flag"));
        assertTrue(o.pickle());
        assertEquals(Path.of("/tmp/c"), o.cacheDir());
        assertEquals(Duration.ofMillis(2500), o.timeout());
        assertEquals(List.of("prog", "--flag"), o.config().replCommand());
    }

    private static JsonNode ask(OutputStream in, BlockingQueue<String> answers, String json) throws Exception {
        in.write((json + "\n\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
        String answer = answers.poll(DEADLINE_S, TimeUnit.SECONDS);
        assertTrue(answer != null && !answer.isEmpty(), "no answer to " + json);
        return LeanJson.readTree(answer);
    }

    /** Answers as read up to each blank line; an empty string at the end of output. */
    private static BlockingQueue<String> readAnswers(InputStream out) {
        BlockingQueue<String> answers = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            StringBuilder current = new StringBuilder();
            try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(out, StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.isEmpty()) {
                        answers.add(current.toString());
                        current.setLength(0);
                    } else {
                        current.append(line);
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
            answers.add("");
        }, "proxy-stdout");
        reader.setDaemon(true);
        reader.start();
        return answers;
    }

    private static Path script(Path tmp) throws IOException, URISyntaxException {
        try (InputStream s = ReplCommandTest.class.getResourceAsStream("repl_proxy_client.py")) {
            Path copy = tmp.resolve("repl_proxy_client.py");
            Files.copy(s, copy);
            return copy;
        }
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
