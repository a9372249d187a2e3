package io.github.leaninteract.bench;

import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * The thinnest REPL stand-in that still speaks the protocol, for benchmarks: its own work per request is a
 * few substring searches, so that a benchmark measures the client, not the stand-in.
 *
 * <p>Reads a request up to a blank line and answers at once, in the REPL's layout (JSON, then a blank line):
 * a command with a fresh {@code env}; {@code pickleTo} by writing the file (an environment answers its own
 * id, a proof state a new one, as the REPL does); {@code unpickleEnvFrom} with a fresh {@code env};
 * a tactic or {@code unpickleProofStateFrom} with a fresh {@code proofState} and no goals. It keeps no
 * state: every id is accepted. Not a simulator of Lean; see {@code ReplSimulator} for that.
 */
public final class ThinRepl {

    private ThinRepl() {}

    /** The argv that starts it with the current JVM and class path. */
    public static List<String> command() {
        List<String> argv = new ArrayList<>();
        argv.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        argv.addAll(List.of("-Xms16m", "-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-XX:-UsePerfData"));
        argv.add("-cp");
        argv.add(System.getProperty("java.class.path"));
        argv.add(ThinRepl.class.getName());
        return List.copyOf(argv);
    }

    public static void main(String[] args) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8), 1 << 16);
        OutputStream out = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16);
        StringBuilder request = new StringBuilder();
        int nextEnv = 0;
        int nextProofState = 0;
        String line;
        while ((line = in.readLine()) != null) {
            if (!line.isBlank()) {
                request.append(line);
                continue;
            }
            if (request.length() == 0) {
                continue;
            }
            String q = request.toString();
            request.setLength(0);
            String answer;
            String pickleTo = stringField(q, "pickleTo");
            if (pickleTo != null) {
                Files.write(Path.of(pickleTo), q.getBytes(StandardCharsets.UTF_8));
                answer = q.contains("\"proofState\"")
                        ? proofStep(nextProofState++)
                        : "{\"env\": " + intField(q, "env") + "}";
            } else if (q.contains("\"tactic\"") || q.contains("\"unpickleProofStateFrom\"")) {
                answer = proofStep(nextProofState++);
            } else {
                answer = "{\"env\": " + nextEnv++ + "}";
            }
            out.write(answer.getBytes(StandardCharsets.UTF_8));
            out.write('\n');
            out.write('\n');
            out.flush();
        }
    }

    private static String proofStep(int id) {
        return "{\"proofState\": " + id + ",\n \"proofStatus\": \"Completed\",\n \"goals\": []}";
    }

    /** The value of a string field, for values without escapes other than {@code \\} and {@code \"}. */
    private static String stringField(String json, String name) {
        int at = json.indexOf("\"" + name + "\"");
        if (at < 0) {
            return null;
        }
        int start = json.indexOf('"', json.indexOf(':', at) + 1) + 1;
        StringBuilder value = new StringBuilder();
        for (int i = start; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c == '\\') {
                value.append(json.charAt(++i));
            } else if (c == '"') {
                break;
            } else {
                value.append(c);
            }
        }
        return value.toString();
    }

    private static int intField(String json, String name) {
        int at = json.indexOf("\"" + name + "\"");
        if (at < 0) {
            return 0;
        }
        int i = json.indexOf(':', at) + 1;
        while (json.charAt(i) == ' ') {
            i++;
        }
        int v = 0;
        while (i < json.length() && Character.isDigit(json.charAt(i))) {
            v = v * 10 + (json.charAt(i++) - '0');
        }
        return v;
    }
}
