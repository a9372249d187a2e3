package io.github.leaninteract.cli;

import io.github.leaninteract.config.LeanReplConfig;
import io.github.leaninteract.config.LeanSetupException;
import io.github.leaninteract.config.LeanVersion;
import io.github.leaninteract.config.LocalProject;
import io.github.leaninteract.config.ReplSetup;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** The commands {@code setup}, {@code versions} and {@code clear-cache}. Stateless. */
final class SetupCommands {

    static final String SETUP_HELP = """
            Usage: java -jar lean-interact.jar setup [--lean-version V | --project DIR | --repl-path DIR] [options]

            Makes the Lean REPL ready (clone, checkout, build), so that servers start at once later.
            Does nothing that is done already; safe while other processes set up the same cache.

              --lean-version V     the Lean version (v4.19.0, 4.19.0, leanprover/lean4:v4.19.0, v4.20.0-rc1);
                                   default: the newest the REPL has
              --project DIR        a local Lean project: the REPL for its lean-toolchain, and the project built
              --repl-path DIR      a checkout of the REPL of your own, built in place
              --cache-dir DIR      where clones and builds are kept (default: %s)
              --repl-git-url URL   the REPL repository (default: %s)
              --repl-revision REV  the REPL revision (default: %s)
              --lake PATH          the lake program (default: lake on the PATH, else ~/.elan/bin/lake)
              --git PATH           the git program (default: git on the PATH)
              -h, --help           this help
            """.formatted(LeanReplConfig.defaultCacheDirectory(), LeanReplConfig.DEFAULT_REPL_GIT_URL,
            LeanReplConfig.DEFAULT_REPL_REVISION);

    static final String VERSIONS_HELP = """
            Usage: java -jar lean-interact.jar versions [options]

            Prints the Lean versions the REPL is available for, oldest first, one a line.
            Clones the REPL repository into the cache the first time (network).

              --cache-dir DIR      where the clone is kept (default: %s)
              --repl-git-url URL   the REPL repository (default: %s)
              --repl-revision REV  the REPL revision (default: %s)
              --git PATH           the git program (default: git on the PATH)
              -h, --help           this help
            """.formatted(LeanReplConfig.defaultCacheDirectory(), LeanReplConfig.DEFAULT_REPL_GIT_URL,
            LeanReplConfig.DEFAULT_REPL_REVISION);

    static final String CLEAR_CACHE_HELP = """
            Usage: java -jar lean-interact.jar clear-cache [--cache-dir DIR] [--force]

            Removes the cache folder: REPL clones and builds, temporary projects, cached git projects.
            The next setup starts from scratch. Session caches (pickle folders) are not touched.

              --cache-dir DIR      the cache folder (default: %s)
              --force              remove it even when it holds files lean-interact did not make
              -h, --help           this help
            """.formatted(LeanReplConfig.defaultCacheDirectory());

    /** The top-level entries a cache folder is made of; anything else means it is not only a cache. */
    private static final Set<String> CACHE_ENTRIES = Set.of("repl", "locks", "tmp-projects", "git-projects");

    private SetupCommands() {
    }

    static int setup(List<String> args, PrintStream out, PrintStream err, boolean terminal) {
        Arguments a = Arguments.parse("setup", args, Set.of("--lean-version", "--project", "--repl-path",
                "--cache-dir", "--repl-git-url", "--repl-revision", "--lake", "--git"), Set.of());
        if (a.has("--help")) {
            out.print(SETUP_HELP);
            return 0;
        }
        a.atMostOneOf("setup", "--lean-version", "--project", "--repl-path");
        if (a.has("--repl-path")) {
            a.atMostOneOf("setup", "--repl-path", "--repl-git-url");
            a.atMostOneOf("setup", "--repl-path", "--repl-revision");
        }
        LeanReplConfig.Builder b = common(a, "setup");
        a.value("--lean-version").ifPresent(v -> b.leanVersion(version(v)));
        a.value("--project").ifPresent(p -> b.project(new LocalProject(existingDirectory("setup", "--project", p))));
        a.value("--repl-path").ifPresent(p -> b.localReplPath(existingDirectory("setup", "--repl-path", p)));
        a.value("--lake").ifPresent(p -> b.lakePath(Path.of(p)));
        LeanReplConfig config = build(b, "setup");

        out.println("Setting up the Lean REPL (cache " + config.cacheDirectory() + ")");
        ReplSetup done;
        try (SetupProgress progress = SetupProgress.started(out, terminal)) {
            done = config.setup(progress);
        } catch (LeanSetupException e) {
            err.println("setup failed: " + e.getMessage());
            return 1;
        }
        out.println("Lean REPL ready for Lean " + (done.leanVersion() == null ? "(unknown version)" : done.leanVersion())
                + ": " + done.replBinary());
        out.println("It runs in " + done.workingDirectory() + " as: " + String.join(" ", done.launch().command()));
        return 0;
    }

    static int versions(List<String> args, PrintStream out, PrintStream err, boolean terminal) {
        Arguments a = Arguments.parse("versions", args,
                Set.of("--cache-dir", "--repl-git-url", "--repl-revision", "--git"), Set.of());
        if (a.has("--help")) {
            out.print(VERSIONS_HELP);
            return 0;
        }
        LeanReplConfig config = build(common(a, "versions"), "versions");
        List<LeanVersion> versions;
        // Progress goes to stderr: stdout is the list, for scripts to read.
        try (SetupProgress progress = SetupProgress.started(err, terminal)) {
            versions = config.availableLeanVersions(progress);
        } catch (LeanSetupException e) {
            err.println("versions failed: " + e.getMessage());
            return 1;
        }
        if (versions.isEmpty()) {
            err.println("The REPL " + config.replGitUrl() + " at " + config.replRevision()
                    + " names no Lean version (no tags <revision>_lean-toolchain-<version>, no lean-toolchain)");
            return 1;
        }
        versions.forEach(out::println);
        return 0;
    }

    static int clearCache(List<String> args, PrintStream out, PrintStream err) {
        Arguments a = Arguments.parse("clear-cache", args, Set.of("--cache-dir"), Set.of("--force"));
        if (a.has("--help")) {
            out.print(CLEAR_CACHE_HELP);
            return 0;
        }
        Path dir = a.value("--cache-dir").map(p -> Path.of(p).toAbsolutePath().normalize())
                .orElse(LeanReplConfig.defaultCacheDirectory());
        if (!Files.exists(dir)) {
            out.println("Nothing to remove: " + dir + " does not exist");
            return 0;
        }
        if (!Files.isDirectory(dir)) {
            err.println("clear-cache: " + dir + " is not a folder; nothing removed");
            return 1;
        }
        try {
            List<String> foreign = foreignEntries(dir);
            if (!foreign.isEmpty() && !a.has("--force")) {
                err.println("clear-cache: " + dir + " holds files lean-interact did not make " + foreign
                        + "; nothing removed. Check the folder, then use --force to remove it all");
                return 1;
            }
            deleteTree(dir);
        } catch (IOException e) {
            err.println("clear-cache: could not remove " + dir + ": " + e.getMessage());
            return 1;
        }
        out.println("Removed " + dir);
        return 0;
    }

    private static List<String> foreignEntries(Path dir) throws IOException {
        List<String> foreign = new ArrayList<>();
        try (Stream<Path> entries = Files.list(dir)) {
            entries.map(p -> p.getFileName().toString()).filter(n -> !CACHE_ENTRIES.contains(n)).sorted()
                    .forEach(foreign::add);
        }
        return foreign;
    }

    private static void deleteTree(Path root) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                if (exc != null) {
                    throw exc;
                }
                Files.deleteIfExists(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static LeanReplConfig.Builder common(Arguments a, String command) {
        LeanReplConfig.Builder b = LeanReplConfig.builder();
        a.value("--cache-dir").ifPresent(p -> b.cacheDirectory(Path.of(p)));
        try {
            a.value("--repl-git-url").ifPresent(b::replGitUrl);
            a.value("--repl-revision").ifPresent(b::replRevision);
        } catch (IllegalArgumentException e) {
            throw new UsageException(command + ": " + e.getMessage());
        }
        a.value("--git").ifPresent(p -> b.gitPath(Path.of(p)));
        return b;
    }

    private static LeanReplConfig build(LeanReplConfig.Builder b, String command) {
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new UsageException(command + ": " + e.getMessage());
        }
    }

    private static LeanVersion version(String text) {
        try {
            return LeanVersion.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UsageException("setup: --lean-version: " + e.getMessage());
        }
    }

    private static Path existingDirectory(String command, String option, String path) {
        Path dir = Path.of(path).toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new UsageException(command + ": " + option + " " + dir + " is not a folder");
        }
        return dir;
    }
}
