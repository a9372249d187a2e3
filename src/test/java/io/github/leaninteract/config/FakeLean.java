package io.github.leaninteract.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import io.github.leaninteract.testing.ReplSimulator;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A world without network or Lean for setup tests: a bare git repository that looks like the
 * REPL's, a git wrapper and a fake {@code lake} that both record their calls, and a fake REPL
 * program (a shell script answering {@code {"env": 0}} to every request, recording each in
 * {@link #replRequests}).
 *
 * <p>The REPL repository has three commits: Lean v4.18.0 (tag {@code v1.3.14_lean-toolchain-v4.18.0}),
 * v4.19.0 (tag {@code v1.3.14_lean-toolchain-v4.19.0}) and v4.20.0 (only the bare tag {@code v1.3.14}).
 */
public final class FakeLean {

    static final String REVISION = "v1.3.14";

    public final Path root;
    public final Path replRepo;
    public final Path cache;
    public final Path lake;
    final Path failingLake;
    public final Path git;
    final Path lakeCalls;
    final Path gitCalls;
    final Path fakeRepl;
    /** Where the fake REPL records every request it receives (the simulator's {@code --record}). */
    public final Path replRequests;

    public FakeLean(Path root) throws IOException, InterruptedException {
        this.root = root;
        this.cache = root.resolve("cache");
        this.lakeCalls = root.resolve("lake-calls.log");
        this.gitCalls = root.resolve("git-calls.log");
        this.fakeRepl = root.resolve("fake-repl.sh");
        this.replRequests = root.resolve("repl-requests.txt");
        // The "built" REPL is the project's ReplSimulator, started with this JVM and class path.
        executable(fakeRepl, "#!/bin/sh\nexec " + ReplSimulator.command("--record", replRequests.toString()).stream()
                .map(a -> "'" + a.replace("'", "'\\''") + "'")
                .collect(java.util.stream.Collectors.joining(" ")) + " \"$@\"\n");
        this.lake = root.resolve("bin").resolve("lake");
        executable(lake, lakeScript(false));
        this.failingLake = root.resolve("bin-failing").resolve("lake");
        executable(failingLake, lakeScript(true));
        this.git = root.resolve("bin").resolve("git");
        executable(git, "#!/bin/sh\necho \"$*\" >> '" + gitCalls + "'\nexec '" + realGit() + "' \"$@\"\n");
        this.replRepo = makeReplRepository();
    }

    /** A config for this world, the REPL repository and cache set; callers add what they test. */
    public LeanReplConfig.Builder config() {
        return tools().replGitUrl(replRepo.toString());
    }

    /** A config with this world's cache, lake and git, but no REPL repository (for localReplPath). */
    LeanReplConfig.Builder tools() {
        return LeanReplConfig.builder().cacheDirectory(cache).lakePath(lake).gitPath(git);
    }

    private String lakeScript(boolean failBuild) {
        String build = failBuild
                ? """
                    i=1; while [ $i -le 60 ]; do echo "compiling module $i"; i=$((i+1)); done
                    echo "error: REPL/Main.lean:42:7: unknown identifier 'oops'"
                    exit 1
                  """
                : """
                    sleep 0.2
                    mkdir -p .lake/build/bin
                    cp '%s' .lake/build/bin/repl
                    chmod +x .lake/build/bin/repl
                    echo "Build completed successfully."
                  """.formatted(fakeRepl);
        return """
                #!/bin/sh
                # Fake lake: records each call as "<directory> <arguments>", then acts like lake.
                echo "$PWD $*" >> '%s'
                case "$1" in +*) shift ;; esac
                case "$1" in
                  build)
                %s
                    ;;
                  env)
                    shift
                    exec "$@"
                    ;;
                  init)
                    printf 'import Lake\\nopen Lake DSL\\n\\npackage %%s\\n' "$2" > lakefile.lean
                    echo "leanprover/lean4:v0.0.0" > lean-toolchain
                    ;;
                  update)
                    echo "updated"
                    ;;
                  exe)
                    echo "error: unknown executable cache"
                    exit 1
                    ;;
                  *)
                    echo "fake lake: unsupported $*"
                    exit 2
                    ;;
                esac
                """.formatted(lakeCalls, build);
    }

    private Path makeReplRepository() throws IOException, InterruptedException {
        Path work = root.resolve("repl-work");
        Files.createDirectories(work);
        run(work, "git", "init", "--quiet");
        Files.writeString(work.resolve("lakefile.lean"), "-- the fake REPL package\n");
        commitToolchain(work, "v4.18.0");
        run(work, "git", "tag", REVISION + "_lean-toolchain-v4.18.0");
        commitToolchain(work, "v4.19.0");
        run(work, "git", "tag", REVISION + "_lean-toolchain-v4.19.0");
        commitToolchain(work, "v4.20.0");
        run(work, "git", "tag", REVISION);
        Path bare = root.resolve("repl.git");
        run(root, "git", "clone", "--quiet", "--bare", work.toString(), bare.toString());
        return bare;
    }

    /** A bare git repository of a Lean project for Lean {@code version}, with a tag {@code v1}. */
    Path makeProjectRepository(String name, String version) throws IOException, InterruptedException {
        Path work = root.resolve(name + "-work");
        Files.createDirectories(work);
        run(work, "git", "init", "--quiet");
        Files.writeString(work.resolve("lakefile.lean"), "import Lake\nopen Lake DSL\npackage " + name + "\n");
        commitToolchain(work, version);
        run(work, "git", "tag", "v1");
        Files.writeString(work.resolve("Extra.lean"), "def later := 1\n");
        run(work, "git", "add", ".");
        run(work, "git", "commit", "--quiet", "-m", "later");
        Path bare = root.resolve(name + ".git");
        run(root, "git", "clone", "--quiet", "--bare", work.toString(), bare.toString());
        return bare;
    }

    /** Creates {@code dir} with a {@code lean-toolchain} for {@code version}, as a local project or REPL has. */
    public static Path withToolchain(Path dir, String version) throws IOException {
        Files.createDirectories(dir);
        writeToolchain(dir, version);
        return dir;
    }

    private static void writeToolchain(Path dir, String version) throws IOException {
        Files.writeString(dir.resolve("lean-toolchain"), "leanprover/lean4:" + version + "\n");
    }

    private static void commitToolchain(Path work, String version) throws IOException, InterruptedException {
        writeToolchain(work, version);
        run(work, "git", "add", ".");
        run(work, "git", "commit", "--quiet", "-m", "Lean " + version);
    }

    static void run(Path dir, String... argv) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(java.util.Map.of("GIT_AUTHOR_NAME", "t", "GIT_AUTHOR_EMAIL", "t@example.org",
                "GIT_COMMITTER_NAME", "t", "GIT_COMMITTER_EMAIL", "t@example.org", "GIT_CONFIG_NOSYSTEM", "1"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "timed out: " + String.join(" ", argv));
        assertEquals(0, p.exitValue(), String.join(" ", argv) + " failed: " + out);
    }

    private static String realGit() {
        for (String dir : System.getenv("PATH").split(java.io.File.pathSeparator)) {
            Path p = Path.of(dir, "git");
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        throw new IllegalStateException("git is needed for these tests");
    }

    static void executable(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** The recorded lake calls, each "<directory> <arguments>". */
    public List<String> lakeCalls() throws IOException {
        return Files.exists(lakeCalls) ? Files.readAllLines(lakeCalls) : List.of();
    }

    /** The recorded lake calls whose arguments are exactly {@code args}. */
    List<String> lakeCalls(String args) throws IOException {
        List<String> matching = new ArrayList<>();
        for (String call : lakeCalls()) {
            if (call.endsWith(" " + args)) {
                matching.add(call);
            }
        }
        return matching;
    }

    List<String> gitCalls() throws IOException {
        return Files.exists(gitCalls) ? Files.readAllLines(gitCalls) : List.of();
    }

    long gitCallsStartingWith(String subcommand) throws IOException {
        return gitCalls().stream().filter(c -> c.startsWith(subcommand + " ")).count();
    }

    /** Starts the launch, sends one command and returns the first line of the answer. */
    static String askOnce(ReplLaunch launch) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(launch.command());
        if (launch.workingDirectory() != null) {
            pb.directory(launch.workingDirectory().toFile());
        }
        Process p = pb.redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            try (Writer w = new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8)) {
                w.write("{\"cmd\": \"def x := 1\"}\n\n");
            }
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line = r.readLine();
                assertTrue(p.waitFor(10, TimeUnit.SECONDS), "the REPL did not exit at end of input");
                return line;
            }
        } finally {
            p.destroyForcibly();
        }
    }
}
