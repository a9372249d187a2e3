package io.github.leaninteract.protocol;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;
import java.util.function.IntUnaryOperator;

/**
 * A request to the REPL. Seven kinds: {@link Command}, {@link FileCommand}, {@link ProofStep},
 * {@link PickleEnvironment}, {@link PickleProofState}, {@link UnpickleEnvironment},
 * {@link UnpickleProofState}. All are immutable, thread-safe, and validated on creation (an empty
 * command, tactic or path is an {@link IllegalArgumentException}, a {@code null} one a
 * {@link NullPointerException}).
 *
 * <p>Ids may be negative: negative ids are session-cache ids, which only an {@code AutoLeanServer}
 * resolves (via {@link #withReferencedIds}); a plain server rejects them before sending.
 */
public sealed interface LeanRequest
        permits Command, FileCommand, ProofStep, PickleEnvironment, PickleProofState, UnpickleEnvironment,
        UnpickleProofState {

    /**
     * Fields sent to the REPL as given, after those of the protocol, in insertion order: LeanInteract
     * allows any extra field, and forks of the REPL read more. A copy; empty when there are none.
     */
    Map<String, JsonNode> extra();

    /**
     * A copy of this request with one more extra field (replacing one of that name):
     * <pre>{@code
     * Command c = Command.of("example : True := trivial").withExtra("gc", true);
     * }</pre>
     *
     * @param name the field's name
     * @param value a {@link JsonNode}, or any value Jackson writes (strings, numbers, booleans, lists,
     *     maps), or {@code null} for JSON {@code null}
     * @throws IllegalArgumentException when {@code name} is a field of the protocol (such as {@code env}
     *     or {@code cmd}): those are set through the request's own components, so that ids are checked
     */
    LeanRequest withExtra(String name, Object value);

    /** The environment id this request names, or {@code null} when it names none. */
    Integer referencedEnv();

    /** The proof state id this request names, or {@code null} when it names none. */
    Integer referencedProofState();

    /**
     * A copy of this request with the environment id it names mapped by {@code envMap} and the proof
     * state id mapped by {@code proofStateMap}. Returns this request when nothing changes.
     */
    LeanRequest withReferencedIds(IntUnaryOperator envMap, IntUnaryOperator proofStateMap);

    /**
     * Whether the REPL answers this request with a {@link ProofStepResponse} (proof steps and
     * (un)pickled proof states) rather than a {@link CommandResponse}.
     */
    boolean producesProofState();
}
