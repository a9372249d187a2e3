package io.github.leaninteract.protocol;

import java.util.List;

/**
 * The REPL's answer to a {@link ProofStep} or an (un)pickled proof state: the id of the new proof state,
 * the goals left, and the status of the whole proof. Lists are never {@code null} and unmodifiable.
 *
 * @param proofState  the id of the proof state after the step (negative when it is a session-cache id)
 * @param goals       the goals left, pretty-printed; empty when none remain
 * @param proofStatus the status of the whole proof, such as {@code Completed},
 *                    {@code Incomplete: open goals remain}, {@code Incomplete: contains sorry} or
 *                    {@code Error: …}; {@code null} from REPL builds that predate it. {@link #status()}
 *                    gives the same as a {@link ProofStatus}
 * @param messages    Lean's messages
 * @param sorries     sorries introduced by the step
 * @param traces      trace output of the step
 */
public record ProofStepResponse(int proofState, List<String> goals, String proofStatus, List<Message> messages,
                                List<Sorry> sorries, List<String> traces) implements LeanResponse, ElaborationResult {

    /** The {@link #proofStatus()} of a proof that is finished and checked. */
    public static final String COMPLETED = "Completed";

    public ProofStepResponse {
        goals = goals == null ? List.of() : List.copyOf(goals);
        messages = messages == null ? List.of() : List.copyOf(messages);
        sorries = sorries == null ? List.of() : List.copyOf(sorries);
        traces = traces == null ? List.of() : List.copyOf(traces);
    }

    /** A response without messages, sorries or traces. */
    public static ProofStepResponse of(int proofState, List<String> goals, String proofStatus) {
        return new ProofStepResponse(proofState, goals, proofStatus, List.of(), List.of(), List.of());
    }

    /** A copy with {@code proofState} replaced. */
    public ProofStepResponse withProofState(int newProofState) {
        return newProofState == proofState ? this
                : new ProofStepResponse(newProofState, goals, proofStatus, messages, sorries, traces);
    }

    /** A copy with {@code messages} replaced. */
    public ProofStepResponse withMessages(List<Message> newMessages) {
        return new ProofStepResponse(proofState, goals, proofStatus, newMessages, sorries, traces);
    }

    /** A copy with {@code sorries} replaced. */
    public ProofStepResponse withSorries(List<Sorry> newSorries) {
        return new ProofStepResponse(proofState, goals, proofStatus, messages, newSorries, traces);
    }

    /** A copy with {@code traces} replaced. */
    public ProofStepResponse withTraces(List<String> newTraces) {
        return new ProofStepResponse(proofState, goals, proofStatus, messages, sorries, newTraces);
    }

    /** The {@link #proofStatus()} text as a {@link ProofStatus}; {@link ProofStatus#UNKNOWN} when absent or unknown. */
    public ProofStatus status() {
        return ProofStatus.of(proofStatus);
    }

    /** Whether the whole proof is finished ({@code proofStatus} is {@code Completed}). */
    public boolean isCompleted() {
        return COMPLETED.equals(proofStatus);
    }

    /**
     * Whether the step is valid: no error message and no {@code Error} status, and, unless
     * {@code allowSorry}, no sorry (reported, warned about, or named by the status). Open goals do not
     * make a step invalid; use {@link #isCompleted()} to ask whether the proof is done.
     */
    public boolean isValid(boolean allowSorry) {
        if (proofStatus != null && proofStatus.startsWith("Error")) {
            return false;
        }
        if (!allowSorry && proofStatus != null && proofStatus.contains("sorry")) {
            return false;
        }
        return Validity.isValid(messages, sorries, null, null, allowSorry);
    }
}
