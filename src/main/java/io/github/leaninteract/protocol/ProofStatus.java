package io.github.leaninteract.protocol;

/**
 * The status of a whole proof after a {@link ProofStep}, as a closed set of cases: what the REPL's
 * {@code proofStatus} string says, read once. The REPL's own text stays available as
 * {@link ProofStepResponse#proofStatus()}, which carries details such as the kernel's error.
 *
 * <p>Immutable and thread-safe, as every enum.
 */
public enum ProofStatus {
    /** {@code Completed}: no goal is left and the kernel accepted the proof, which contains no sorry. */
    COMPLETED,
    /** {@code Incomplete: open goals remain}. */
    OPEN_GOALS,
    /** {@code Incomplete: contains sorry}: no goal is left, but the proof uses {@code sorry}. */
    CONTAINS_SORRY,
    /** {@code Error: …}, such as a proof the kernel rejected. */
    ERROR,
    /** {@code Not verified: …}, for example when the proof began with more than one goal. */
    NOT_VERIFIED,
    /** A status this library does not know, or none at all (REPL builds that predate the field). */
    UNKNOWN;

    /**
     * The case of the REPL's {@code proofStatus} text; {@link #UNKNOWN} for {@code null} and for any text
     * it does not recognise, never an exception.
     */
    public static ProofStatus of(String proofStatus) {
        if (proofStatus == null) {
            return UNKNOWN;
        }
        String s = proofStatus.strip();
        if (s.equals("Completed")) {
            return COMPLETED;
        }
        if (s.equals("Incomplete: open goals remain")) {
            return OPEN_GOALS;
        }
        if (s.equals("Incomplete: contains sorry")) {
            return CONTAINS_SORRY;
        }
        if (s.startsWith("Error")) {
            return ERROR;
        }
        if (s.startsWith("Not verified")) {
            return NOT_VERIFIED;
        }
        return UNKNOWN;
    }
}
