package io.github.leaninteract.protocol;

import java.util.List;

/**
 * What {@link CommandResponse} and {@link ProofStepResponse} share: the messages and sorries Lean reported.
 */
public interface ElaborationResult {

    /** Lean's messages, in order; empty when there are none. */
    List<Message> messages();

    /** The sorries, in order; empty when there are none. */
    List<Sorry> sorries();

    /** The error messages. */
    default List<Message> errors() {
        return Validity.withSeverity(messages(), Severity.ERROR);
    }

    /** The warning messages. */
    default List<Message> warnings() {
        return Validity.withSeverity(messages(), Severity.WARNING);
    }

    /** Whether any message is an error. */
    default boolean hasErrors() {
        return messages().stream().anyMatch(Message::isError);
    }
}
