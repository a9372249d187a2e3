package io.github.leaninteract.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/** The few git operations the setup needs, through the git command line. */
final class Git {

    private static final Logger LOG = LoggerFactory.getLogger(Git.class);
    // Never wait for a credentials prompt or an editor: fail and report instead.
    private static final Map<String, String> ENV = Map.of("GIT_TERMINAL_PROMPT", "0", "GIT_ASKPASS", "",
            "GCM_INTERACTIVE", "never", "LC_ALL", "C");

    private final String executable;
    private final Duration timeout;
    private final SetupListener listener;

    Git(Path executable, Duration timeout) {
        this(executable, timeout, SetupListener.NONE);
    }

    Git(Path executable, Duration timeout, SetupListener listener) {
        this.executable = executable.toString();
        this.timeout = timeout;
        this.listener = listener;
    }

    static boolean isRepository(Path dir) {
        return Files.exists(dir.resolve(".git"));
    }

    /** Clones {@code url} into the new folder {@code target}; a failure is reported as a network/URL problem. */
    void cloneInto(String url, Path target, String what) {
        LOG.info("Cloning {} from {} into {}", what, url, target);
        ExternalProcess.step(listener, "Cloning " + what + " from " + url, LOG);
        ExternalProcess.Result r = run(null, "clone", "--quiet", "--no-checkout", url, target.toString());
        if (!r.succeeded()) {
            throw new LeanSetupException("Could not clone " + what + " from " + url + " (git exit code " + r.exitCode()
                    + "). Check the network connection and that the URL is right and reachable.", r.outputTail(), null);
        }
    }

    /** Fetches branches and tags from origin; false (with a warning) when that fails, e.g. offline. */
    boolean fetch(Path repo, String what) {
        LOG.info("Fetching {} in {}", what, repo);
        ExternalProcess.step(listener, "Fetching " + what, LOG);
        ExternalProcess.Result r = run(repo, "fetch", "--quiet", "--tags", "--force", "--prune", "origin");
        if (!r.succeeded()) {
            LOG.warn("Could not fetch {} in {} (network failure?): {}", what, repo, r.outputTail());
        }
        return r.succeeded();
    }

    /** The commit {@code revision} names in {@code repo}, if it exists there. */
    Optional<String> resolveCommit(Path repo, String revision) {
        ExternalProcess.Result r = run(repo, "rev-parse", "--verify", "--quiet", revision + "^{commit}");
        return r.succeeded() ? Optional.of(r.outputTail().strip()) : Optional.empty();
    }

    void checkout(Path repo, String commit) {
        ExternalProcess.Result r = run(repo, "checkout", "--quiet", "--force", "--detach", commit);
        if (!r.succeeded()) {
            throw new LeanSetupException("git could not check out " + commit + " in " + repo
                    + "; delete that folder to start from a fresh clone", r.outputTail(), null);
        }
    }

    void updateSubmodules(Path repo) {
        ExternalProcess.Result r = run(repo, "submodule", "update", "--init", "--recursive");
        if (!r.succeeded()) {
            throw new LeanSetupException("git could not update the submodules of " + repo
                    + " (network failure?)", r.outputTail(), null);
        }
    }

    /** Tag names matching a glob, all of them (not only the tail). */
    List<String> tags(Path repo, String glob) {
        ExternalProcess.Result r = runKeeping(Integer.MAX_VALUE, repo, "tag", "--list", glob);
        if (!r.succeeded()) {
            throw new LeanSetupException("git could not list the tags of " + repo, r.outputTail(), null);
        }
        List<String> tags = new ArrayList<>();
        for (String line : r.outputTail().split("\n")) {
            if (!line.isBlank()) {
                tags.add(line.strip());
            }
        }
        return tags;
    }

    /** The text of {@code path} at {@code revision}, if it exists. */
    Optional<String> show(Path repo, String revision, String path) {
        ExternalProcess.Result r = runKeeping(Integer.MAX_VALUE, repo, "show", revision + ":" + path);
        return r.succeeded() ? Optional.of(r.outputTail()) : Optional.empty();
    }

    ExternalProcess.Result run(Path repo, String... args) {
        return runKeeping(ExternalProcess.TAIL_LINES, repo, args);
    }

    private ExternalProcess.Result runKeeping(int keepLines, Path repo, String... args) {
        List<String> argv = new ArrayList<>();
        argv.add(executable);
        argv.addAll(Arrays.asList(args));
        try {
            return ExternalProcess.run(argv, repo, ENV, timeout, LOG, Level.DEBUG, keepLines, listener);
        } catch (IOException e) {
            throw new LeanSetupException("git was not found (" + executable + ": " + e.getMessage()
                    + "). Install git (https://git-scm.com/downloads) and make sure it is on the PATH, "
                    + "or give its path with LeanReplConfig.builder().gitPath(...)", e);
        }
    }
}
