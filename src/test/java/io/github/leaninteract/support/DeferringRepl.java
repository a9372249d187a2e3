package io.github.leaninteract.support;

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
import java.util.ArrayList;
import java.util.List;

/**
 * A REPL stand-in that holds back its answers to unpickle requests until it has received {@code N} of them
 * (its one argument), then answers them all, in order. Everything else is answered at once, as the REPL would
 * shape it: a command or an unpickled environment with a fresh {@code env}; {@code pickleTo} by writing the
 * file; a tactic or an unpickled proof state with a fresh {@code proofState}. A client that waits for each
 * answer before writing the next request never gets past the first unpickle; one that has several under way
 * at once does. Ids are not checked. Not a simulator of Lean.
 */
public final class DeferringRepl {

    private DeferringRepl() {}

    /** The argv that starts it with the current JVM and class path. */
    public static List<String> command(int unpicklesToHold) {
        List<String> argv = new ArrayList<>();
        argv.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        argv.addAll(List.of("-Xms8m", "-Xmx32m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-XX:-UsePerfData", "-cp", System.getProperty("java.class.path"), DeferringRepl.class.getName(),
                String.valueOf(unpicklesToHold)));
        return List.copyOf(argv);
    }

    public static void main(String[] args) throws IOException {
        int hold = Integer.parseInt(args[0]);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        OutputStream out = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out));
        List<String> held = new ArrayList<>();
        StringBuilder request = new StringBuilder();
        int nextEnv = 0;
        int nextProofState = 0;
        String line;
        while ((line = in.readLine()) != null) {
            if (!line.isBlank()) {
                request.append(line);
                continue;
            }
            String q = request.toString();
            request.setLength(0);
            if (q.contains("\"unpickleEnvFrom\"") || q.contains("\"unpickleProofStateFrom\"")) {
                held.add(q.contains("\"unpickleEnvFrom\"") ? "{\"env\": " + nextEnv++ + "}"
                        : "{\"proofState\": " + nextProofState++ + ", \"goals\": []}");
                if (held.size() < hold) {
                    continue;
                }
                for (String answer : held) {
                    write(out, answer);
                }
                held.clear();
                continue;
            }
            int pickle = q.indexOf("\"pickleTo\"");
            if (pickle >= 0) {
                int start = q.indexOf('"', q.indexOf(':', pickle) + 1) + 1;
                Files.writeString(Path.of(q.substring(start, q.indexOf('"', start))), "pickle");
                write(out, q.contains("\"proofState\"") ? "{\"proofState\": " + nextProofState++ + ", \"goals\": []}"
                        : "{\"env\": " + nextEnv++ + "}");
            } else if (q.contains("\"tactic\"")) {
                write(out, "{\"proofState\": " + nextProofState++ + ", \"goals\": []}");
            } else {
                write(out, "{\"env\": " + nextEnv++ + "}");
            }
        }
    }

    private static void write(OutputStream out, String answer) throws IOException {
        out.write(answer.getBytes(StandardCharsets.UTF_8));
        out.write("\n\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
