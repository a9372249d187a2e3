package io.github.leaninteract.config;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/** The lake commands the setup runs; their output goes to the log at INFO, as builds can take minutes. */
final class Lake {

    private static final Logger LOG = LoggerFactory.getLogger(Lake.class);

    private final Path executable;
    private final Duration timeout;
    private final SetupListener listener;

    Lake(Path executable, Duration timeout) {
        this(executable, timeout, SetupListener.NONE);
    }

    Lake(Path executable, Duration timeout, SetupListener listener) {
        this.executable = executable;
        this.timeout = timeout;
        this.listener = listener;
    }

    Path executable() {
        return executable;
    }

    void build(Path dir, String what) {
        LOG.info("Building {} in {} (lake build; the first build can take a while)", what, dir);
        ExternalProcess.step(listener, "Building " + what + " in " + dir + " (lake build)", LOG);
        ExternalProcess.Result r = run(dir, "build");
        if (!r.succeeded()) {
            throw new LeanSetupException("`lake build` failed for " + what + " in " + dir + " (exit code " + r.exitCode()
                    + "). See the build output below; if the folder is a damaged cache entry, delete it and retry.",
                    r.outputTail(), null);
        }
    }

    void update(Path dir, String what) {
        LOG.info("Updating the dependencies of {} in {} (lake update)", what, dir);
        ExternalProcess.step(listener, "Updating the dependencies of " + what + " in " + dir + " (lake update)", LOG);
        ExternalProcess.Result r = run(dir, "update");
        if (!r.succeeded()) {
            throw new LeanSetupException("`lake update` failed for " + what + " in " + dir + " (exit code "
                    + r.exitCode() + "); check the network connection and the dependencies' URLs and revisions.",
                    r.outputTail(), null);
        }
    }

    /**
     * Downloads Mathlib's prebuilt files. Projects that do not depend on Mathlib have no {@code cache}
     * executable, so a failure is expected there and only logged.
     */
    void cacheGet(Path dir) {
        ExternalProcess.step(listener, "Downloading prebuilt Mathlib files in " + dir + " (lake exe cache get)", LOG);
        ExternalProcess.Result r = run(dir, "exe", "cache", "get");
        if (!r.succeeded()) {
            LOG.debug("`lake exe cache get` in {} failed (expected unless the project depends on Mathlib)", dir);
        }
    }

    /** Creates a project named {@code dummy} with an executable in {@code dir}, with the toolchain of {@code version}. */
    void init(Path dir, LeanVersion version) {
        // Lake before v4.8 knows the template as `exe`; later ones need the language suffix for a lakefile.lean.
        String template = version.major() == 4 && version.minor() <= 7 ? "exe" : "exe.lean";
        ExternalProcess.step(listener, "Creating a Lean " + version + " project in " + dir + " (lake init)", LOG);
        ExternalProcess.Result r = run(dir, "+" + version, "init", "dummy", template);
        if (!r.succeeded()) {
            throw new LeanSetupException("`lake +" + version + " init` failed in " + dir + " (exit code " + r.exitCode()
                    + "); check that elan can install the toolchain " + version.toolchain() + " (network?).",
                    r.outputTail(), null);
        }
    }

    private ExternalProcess.Result run(Path dir, String... args) {
        List<String> argv = new ArrayList<>();
        argv.add(executable.toString());
        argv.addAll(Arrays.asList(args));
        try {
            return ExternalProcess.run(argv, dir, Map.of(), timeout, LOG, Level.INFO, ExternalProcess.TAIL_LINES,
                    listener);
        } catch (IOException e) {
            throw new LeanSetupException("Cannot run Lean's build tool " + executable + " (" + e.getMessage() + "). "
                    + SetupFiles.ELAN_HINT, e);
        }
    }
}
