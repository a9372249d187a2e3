package io.github.leaninteract.server;

import io.github.leaninteract.protocol.LeanError;
import io.github.leaninteract.protocol.LeanErrorException;
import io.github.leaninteract.protocol.LeanRequest;
import io.github.leaninteract.protocol.LeanResponse;

/** The answer of a request of known kind as its type, for the typed methods of the servers and the pool. */
final class TypedAnswers {

    private TypedAnswers() {}

    /**
     * {@code answer} as {@code type}; a {@link LeanError} becomes a {@link LeanErrorException} naming
     * {@code request}, as the caller gave it (with its session ids, not the REPL's).
     */
    static <T extends LeanResponse> T expect(LeanResponse answer, LeanRequest request, Class<T> type) {
        if (answer instanceof LeanError e) {
            throw new LeanErrorException(e, request);
        }
        // The request's kind decides the type of a non-error answer (LeanJson.readResponse), so only a bug
        // of this library could fail here.
        return type.cast(answer);
    }
}
