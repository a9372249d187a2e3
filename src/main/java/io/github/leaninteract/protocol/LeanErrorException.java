package io.github.leaninteract.protocol;

import java.util.Objects;

/**
 * The REPL answered a {@link LeanError} (such as {@code "Unknown environment."} or
 * {@code "Lean error:\n<input>:1:1: unknown tactic"}) where the caller asked for a typed answer: the typed
 * methods of the servers ({@code server.command(...)}, {@code server.proofStep(...)}) and
 * {@link LeanResponse#asCommand()} / {@link LeanResponse#asProofStep()}. The {@code run} methods never throw
 * it: they return the {@link LeanError} as an ordinary value.
 *
 * <pre>{@code
 * try {
 *     ProofStepResponse step = server.proofStep(new ProofStep(ps, "simp"), Duration.ofSeconds(30));
 * } catch (LeanErrorException e) {
 *     System.err.println(e.error().message() + " for " + e.request());
 * }
 * }</pre>
 *
 * <p>The REPL and its process are fine after it: the request was answered, only not with what was asked for.
 * Immutable.
 */
public class LeanErrorException extends LeanInteractException {

    private static final long serialVersionUID = 1L;

    /** How much of the request, as JSON, the message shows. */
    private static final int MAX_SHOWN = 500;

    private final transient LeanError error;
    private final transient LeanRequest request;

    /**
     * An exception for {@code error}, the answer to {@code request}.
     *
     * @param error the REPL's answer
     * @param request the request it answered, or {@code null} when not known (as for
     *     {@link LeanResponse#asCommand()} on an answer held without its request)
     */
    public LeanErrorException(LeanError error, LeanRequest request) {
        super(describe(Objects.requireNonNull(error, "error"), request));
        this.error = error;
        this.request = request;
    }

    /** The REPL's answer; {@code error().message()} is its text. */
    public LeanError error() {
        return error;
    }

    /** The request the REPL answered with the error, as the caller gave it; {@code null} when not known. */
    public LeanRequest request() {
        return request;
    }

    private static String describe(LeanError error, LeanRequest request) {
        if (request == null) {
            return "The REPL answered with an error: " + error.message();
        }
        String json = LeanJson.writeRequest(request);
        if (json.length() > MAX_SHOWN) {
            json = json.substring(0, MAX_SHOWN) + "… (" + (json.length() - MAX_SHOWN) + " more characters)";
        }
        return "The REPL answered " + json + " with an error: " + error.message();
    }
}
