package io.github.leaninteract.config;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** File-system helpers of the setup: hashing, marker files, copying and deleting trees, finding tools. */
final class SetupFiles {

    static final String ELAN_HINT = "Install Lean with elan (https://leanprover-community.github.io/get_started.html):"
            + " `curl https://raw.githubusercontent.com/leanprover/elan/master/elan-init.sh -sSf | sh`,"
            + " then open a new shell, or give the path with LeanReplConfig.builder().lakePath(...)";

    private SetupFiles() {}

    static String sha256(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }

    /** A readable, collision-safe folder name for a URL: its last path part plus a short hash. */
    static String folderNameFor(String url) {
        String trimmed = url.replaceAll("[/\\\\]+$", "");
        String last = trimmed.substring(Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\')) + 1)
                .replaceAll("\\.git$", "").replaceAll("[^A-Za-z0-9._-]", "_");
        if (last.isEmpty() || last.startsWith(".")) {
            last = "repo" + last;
        }
        return last + "-" + sha256(url).substring(0, 10);
    }

    /** A revision usable as one path segment. */
    static String safeSegment(String revision) {
        return revision.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /** The Lean version of the {@code lean-toolchain} file in {@code directory}, when there is a parsable one. */
    static Optional<LeanVersion> toolchainVersion(Path directory) {
        Path file = directory.resolve("lean-toolchain");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return LeanVersion.tryParse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new LeanSetupException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    static Optional<String> readMarker(Path file) {
        try {
            return Optional.of(Files.readString(file, StandardCharsets.UTF_8).strip());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new LeanSetupException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    static void writeMarker(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new LeanSetupException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** A fresh, not yet existing sibling of {@code target}, for building something before moving it in place. */
    static Path temporarySibling(Path target) {
        return target.resolveSibling("." + target.getFileName() + ".tmp-" + UUID.randomUUID().toString().substring(0, 8));
    }

    /** Replaces {@code target} by {@code source} (a sibling), removing what was there before. */
    static void replace(Path source, Path target) {
        try {
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                Path old = temporarySibling(target);
                Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
                deleteTree(old);
            }
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new LeanSetupException("Cannot move " + source + " to " + target + ": " + e.getMessage(), e);
        }
    }

    /** Copies the tree at {@code source} to {@code target}, skipping top-level entries named in {@code skip}. */
    static void copyTree(Path source, Path target, Set<String> skip) {
        try {
            Files.walkFileTree(source, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    if (!dir.equals(source) && dir.getParent().equals(source)
                            && skip.contains(dir.getFileName().toString())) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    Files.createDirectories(target.resolve(source.relativize(dir).toString()));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    if (file.getParent().equals(source) && skip.contains(file.getFileName().toString())) {
                        return FileVisitResult.CONTINUE;
                    }
                    Files.copy(file, target.resolve(source.relativize(file).toString()),
                            StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new LeanSetupException("Cannot copy " + source + " to " + target + ": " + e.getMessage(), e);
        }
    }

    /** Deletes a tree, ignoring what is already gone. */
    static void deleteTree(Path root) {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new LeanSetupException("Cannot delete " + root + ": " + e.getMessage(), e);
        }
    }

    static boolean isWindows() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
    }

    /** The executable {@code name} in one of the folders of {@code pathVariable}, if any. */
    static Optional<Path> findOnPath(String name, String pathVariable) {
        if (pathVariable == null || pathVariable.isEmpty()) {
            return Optional.empty();
        }
        for (String dir : pathVariable.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            for (String candidate : isWindows() ? new String[] {name + ".exe", name} : new String[] {name}) {
                Path p = Path.of(dir, candidate);
                if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The lake to use: the configured one (a bare name is looked up on the PATH), or {@code lake}
     * from the PATH, or elan's {@code ~/.elan/bin/lake}.
     */
    static Path resolveLake(Path configured, String pathVariable, Path home) {
        if (configured != null) {
            if (configured.getNameCount() == 1 && !configured.isAbsolute()) {
                return findOnPath(configured.toString(), pathVariable).orElseThrow(() -> new LeanSetupException(
                        "Lean's build tool `" + configured + "` was not found on the PATH. " + ELAN_HINT));
            }
            if (!Files.isRegularFile(configured) || !Files.isExecutable(configured)) {
                throw new LeanSetupException("Lean's build tool was not found at " + configured
                        + " (no such executable file). " + ELAN_HINT);
            }
            return configured;
        }
        Optional<Path> onPath = findOnPath("lake", pathVariable);
        if (onPath.isPresent()) {
            return onPath.get();
        }
        if (home != null) {
            Path elan = home.resolve(".elan").resolve("bin").resolve(isWindows() ? "lake.exe" : "lake");
            if (Files.isRegularFile(elan) && Files.isExecutable(elan)) {
                return elan;
            }
        }
        throw new LeanSetupException("Lean's build tool `lake` was not found on the PATH nor in ~/.elan/bin. " + ELAN_HINT);
    }
}
