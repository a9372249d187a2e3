package io.github.leaninteract.config;

import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Lean release such as {@code v4.19.0} or a release candidate such as {@code v4.8.0-rc1}.
 *
 * <p>Parses the forms people write and {@code lean-toolchain} files hold, all to the same value:
 * <pre>{@code
 * LeanVersion.parse("v4.19.0");
 * LeanVersion.parse("4.19.0");
 * LeanVersion.parse("leanprover/lean4:v4.19.0");
 * LeanVersion.parse("v4.20.0-rc1");
 * }</pre>
 * Ordered by major, minor and patch number; a release candidate comes before the release it
 * leads to ({@code v4.8.0-rc2 < v4.8.0}). Immutable and thread-safe.
 *
 * @param major the major version (4 for Lean 4)
 * @param minor the minor version
 * @param patch the patch version
 * @param releaseCandidate the release-candidate number, or 0 for a final release
 */
public record LeanVersion(int major, int minor, int patch, int releaseCandidate) implements Comparable<LeanVersion> {

    /** The first version whose REPL understands {@code incrementality}. */
    public static final LeanVersion INCREMENTALITY_SINCE = new LeanVersion(4, 8, 0, 1);

    /** The first version with the {@code Elab.async} option (parallel elaboration). */
    public static final LeanVersion PARALLEL_ELABORATION_SINCE = new LeanVersion(4, 19, 0, 0);

    private static final String TOOLCHAIN_PREFIX = "leanprover/lean4:";
    private static final Pattern FORMAT =
            Pattern.compile("[vV]?(\\d{1,6})\\.(\\d{1,6})\\.(\\d{1,6})(?:-rc(\\d{1,6}))?");
    private static final Pattern TWO_NUMBERS = Pattern.compile("[vV]?\\d{1,6}\\.\\d{1,6}");
    private static final Comparator<LeanVersion> ORDER = Comparator.comparingInt(LeanVersion::major)
            .thenComparingInt(LeanVersion::minor)
            .thenComparingInt(LeanVersion::patch)
            // A final release (0) sorts after all of its release candidates.
            .thenComparingInt(v -> v.releaseCandidate == 0 ? Integer.MAX_VALUE : v.releaseCandidate);

    public LeanVersion {
        if (major < 0 || minor < 0 || patch < 0 || releaseCandidate < 0) {
            throw new IllegalArgumentException("Version numbers must not be negative: " + major + "." + minor + "."
                    + patch + " rc " + releaseCandidate);
        }
    }

    /**
     * Parses {@code v4.x.y} or {@code v4.x.y-rcN}, with or without the {@code v}, optionally prefixed
     * with {@code leanprover/lean4:} (the form of a {@code lean-toolchain} file); surrounding blanks
     * are ignored.
     *
     * @throws IllegalArgumentException when the text is not such a version; the message says why
     */
    public static LeanVersion parse(String text) {
        Optional<LeanVersion> parsed = tryParse(text);
        if (parsed.isPresent()) {
            return parsed.get();
        }
        String expected = "; expected a Lean release such as v4.19.0, 4.19.0, leanprover/lean4:v4.19.0 or a release"
                + " candidate such as v4.20.0-rc1";
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("A Lean version must not be empty" + expected);
        }
        String bare = withoutPrefix(text.strip());
        if (TWO_NUMBERS.matcher(bare).matches()) {
            throw new IllegalArgumentException("Not a Lean version: `" + text + "` lacks the patch number (Lean"
                    + " releases have three, such as v4.19.0 or v4.9.1)" + expected);
        }
        if (bare.startsWith("nightly")) {
            throw new IllegalArgumentException("Not a Lean version: `" + text + "` is a nightly toolchain, and the"
                    + " REPL is only made for releases" + expected);
        }
        throw new IllegalArgumentException("Not a Lean version: `" + text + "`" + expected);
    }

    /** Like {@link #parse(String)}, but empty when the text is not a version (for example a nightly toolchain). */
    public static Optional<LeanVersion> tryParse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = FORMAT.matcher(withoutPrefix(text.strip()));
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new LeanVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3)), m.group(4) == null ? 0 : Integer.parseInt(m.group(4))));
    }

    private static String withoutPrefix(String s) {
        return s.startsWith(TOOLCHAIN_PREFIX) ? s.substring(TOOLCHAIN_PREFIX.length()) : s;
    }

    /** Whether this is a release candidate such as {@code v4.8.0-rc1}. */
    public boolean isReleaseCandidate() {
        return releaseCandidate != 0;
    }

    /** Whether this version is {@code other} or newer. */
    public boolean isAtLeast(LeanVersion other) {
        return compareTo(other) >= 0;
    }

    /** The toolchain name elan uses, such as {@code leanprover/lean4:v4.19.0}. */
    public String toolchain() {
        return TOOLCHAIN_PREFIX + this;
    }

    @Override
    public int compareTo(LeanVersion other) {
        return ORDER.compare(this, other);
    }

    /** The canonical form, such as {@code v4.19.0} or {@code v4.8.0-rc1}. */
    @Override
    public String toString() {
        return "v" + major + "." + minor + "." + patch + (releaseCandidate == 0 ? "" : "-rc" + releaseCandidate);
    }
}
