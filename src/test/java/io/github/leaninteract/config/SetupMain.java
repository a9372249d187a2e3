package io.github.leaninteract.config;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A second JVM for {@link CrossProcessSetupTest}: announces itself, waits for the go signal, runs
 * setup on the shared cache, starts the REPL from {@code prepareLaunch()} and prints its first answer.
 *
 * <p>Arguments: cache directory, REPL repository, lake, git, ready file to create, go file to await.
 */
public final class SetupMain {

    private SetupMain() {}

    public static void main(String[] args) throws Exception {
        Path readyFile = Path.of(args[4]);
        Path goFile = Path.of(args[5]);
        LeanReplConfig config = LeanReplConfig.builder()
                .cacheDirectory(Path.of(args[0]))
                .replGitUrl(args[1])
                .lakePath(Path.of(args[2]))
                .gitPath(Path.of(args[3]))
                .leanVersion("v4.19.0")
                .build();
        Files.createFile(readyFile);
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!Files.exists(goFile)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no go signal");
            }
            Thread.sleep(5);
        }
        ReplLaunch launch = config.prepareLaunch();
        System.out.println("ANSWER " + FakeLean.askOnce(launch));
    }
}
