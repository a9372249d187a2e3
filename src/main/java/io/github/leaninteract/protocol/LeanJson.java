package io.github.leaninteract.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * Converts requests and responses to and from the REPL's JSON.
 *
 * <pre>{@code
 * String line = LeanJson.writeRequest(Command.of("#eval 1 + 1"));   // {"cmd":"#eval 1 + 1"}
 * LeanResponse r = LeanJson.readResponse(request, replAnswerText);
 * }</pre>
 *
 * <p>Requests are written compactly on one line (newlines inside strings are escaped), with only the
 * fields that are set. Responses are read leniently: missing lists are empty, a missing or
 * {@code null} {@code endPos} is {@code null}, unknown fields are ignored (or kept, in info trees and
 * declarations). Text from the REPL that is not a response is a {@link LeanJsonException}; a request
 * that is not valid is an {@link IllegalArgumentException}.
 *
 * <p>Thread-safe: all methods are static and share one {@link ObjectMapper} configured once.
 */
public final class LeanJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // Trailing text after an answer means the framing went wrong; better to see it than to drop it.
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(SerializationFeature.INDENT_OUTPUT)
            .build();

    static {
        // Info trees nest deeply and pretty-printed goals can be long; Jackson's defaults are for web input.
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(100_000)
                .maxStringLength(Integer.MAX_VALUE)
                .maxDocumentLength(-1)
                .build());
    }

    private LeanJson() {
    }

    /**
     * The shared, configured mapper. It is thread-safe for reading and writing; it must not be
     * reconfigured, since every user of this class shares it.
     */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** The request as compact one-line JSON, ready to send (followed by a blank line). */
    public static String writeRequest(LeanRequest request) {
        return writeTree(toTree(request));
    }

    /** The request as a fresh JSON object with its wire field names. */
    public static ObjectNode toTree(LeanRequest request) {
        return RequestCodec.write(request);
    }

    /**
     * Reads a request. The kind is decided by its fields, in the REPL's own order: {@code tactic} with
     * {@code proofState}; {@code pickleTo} with {@code env}; {@code unpickleEnvFrom}; {@code pickleTo}
     * with {@code proofState}; {@code unpickleProofStateFrom}; {@code cmd}; {@code path}. Fields that
     * do not belong to that kind are ignored, as the REPL ignores them; a field holding {@code null}
     * counts as absent.
     *
     * @throws IllegalArgumentException if the text is not JSON, not a request, or has a field of the
     *                                  wrong type or an invalid value (such as an empty {@code cmd})
     */
    public static LeanRequest readRequest(String json) {
        Objects.requireNonNull(json, "json");
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("a request must be JSON: " + e.getOriginalMessage(), e);
        }
        return readRequest(node);
    }

    /** Reads a request from a JSON tree; see {@link #readRequest(String)}. */
    public static LeanRequest readRequest(JsonNode json) {
        Objects.requireNonNull(json, "json");
        return RequestCodec.read(json);
    }

    /**
     * Reads the REPL's answer to {@code request}. An object whose only field is {@code message} is a
     * {@link LeanError}; otherwise the request decides: a {@link ProofStepResponse} for proof steps and
     * (un)pickled proof states, a {@link CommandResponse} for the rest.
     *
     * @throws LeanJsonException if the text is not JSON or not such a response (for example a command
     *                           answer without {@code env})
     */
    public static LeanResponse readResponse(LeanRequest request, String json) {
        Objects.requireNonNull(request, "request");
        return readResponse(request, readTree(json), json);
    }

    /** Reads the REPL's answer to {@code request} from a JSON tree; see {@link #readResponse(LeanRequest, String)}. */
    public static LeanResponse readResponse(LeanRequest request, JsonNode json) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(json, "json");
        return readResponse(request, json, null);
    }

    private static LeanResponse readResponse(LeanRequest request, JsonNode json, String text) {
        try {
            return ResponseCodec.read(request, json);
        } catch (IllegalArgumentException e) {
            String kind = request.producesProofState() ? "proof step" : "command";
            throw new LeanJsonException("not a REPL " + kind + " response (" + e.getMessage() + ")",
                    text != null ? text : json.isMissingNode() ? "" : writeTree(json), e);
        }
    }

    /**
     * Parses one JSON value, such as a REPL answer.
     *
     * @throws LeanJsonException if the text is empty, not JSON, or has text after the value
     */
    public static JsonNode readTree(String json) {
        Objects.requireNonNull(json, "json");
        try {
            JsonNode node = MAPPER.readTree(json);
            if (node == null || node.isMissingNode()) {
                throw new LeanJsonException("empty text where JSON was expected", json);
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new LeanJsonException("not valid JSON (" + e.getOriginalMessage() + ")", json, e);
        }
    }

    /** The JSON value as compact one-line text. */
    public static String writeTree(JsonNode json) {
        Objects.requireNonNull(json, "json");
        try {
            return MAPPER.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            // Writing an in-memory tree to a String cannot fail on I/O.
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The response as the REPL would write it (compact, one line): empty lists omitted, a message's
     * missing {@code endPos} and a missing proof state id written as {@code null}.
     */
    public static String writeResponse(LeanResponse response) {
        return writeTree(toTree(response));
    }

    /** The response as a fresh JSON object; see {@link #writeResponse(LeanResponse)}. */
    public static ObjectNode toTree(LeanResponse response) {
        return ResponseCodec.write(response);
    }
}
