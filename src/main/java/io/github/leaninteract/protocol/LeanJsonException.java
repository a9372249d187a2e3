package io.github.leaninteract.protocol;

/**
 * Text from the REPL that is not a valid answer: not JSON, or JSON of the wrong shape for the request.
 * Carries the offending text; the exception message shows at most its first few KB. Like every failure of
 * this library, a {@link LeanInteractException}.
 */
public class LeanJsonException extends LeanInteractException {

    private static final long serialVersionUID = 1L;

    /** How much of the offending text the message shows. */
    static final int MAX_SHOWN = 4096;

    private final String offendingText;

    public LeanJsonException(String message, String offendingText) {
        this(message, offendingText, null);
    }

    public LeanJsonException(String message, String offendingText, Throwable cause) {
        super(message + ": " + shorten(offendingText), cause);
        this.offendingText = offendingText;
    }

    /** The whole text that could not be read (may be {@code null} when there was none). */
    public String offendingText() {
        return offendingText;
    }

    private static String shorten(String text) {
        if (text == null) {
            return "<no text>";
        }
        if (text.length() <= MAX_SHOWN) {
            return text;
        }
        return text.substring(0, MAX_SHOWN) + "… (" + (text.length() - MAX_SHOWN) + " more characters)";
    }
}
