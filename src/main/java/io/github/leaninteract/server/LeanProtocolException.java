package io.github.leaninteract.server;

/**
 * The REPL wrote something that is not a response (not JSON, or JSON of the wrong shape). The process
 * is killed, because the stream can no longer be trusted to be in step with the requests.
 */
public class LeanProtocolException extends LeanServerException {

    private final String output;

    /** An exception with this message, cause. */
    public LeanProtocolException(String message, String output, Throwable cause) {
        super(message + ": " + abbreviate(output), cause);
        this.output = output;
    }

    /** What the process wrote (possibly long). */
    public String output() {
        return output;
    }

    private static String abbreviate(String s) {
        if (s == null) {
            return "<nothing>";
        }
        return s.length() <= 1000 ? s : s.substring(0, 1000) + "… (" + s.length() + " chars)";
    }
}
