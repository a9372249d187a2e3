package io.github.leaninteract.testing;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Writes JSON as Lean's {@code Json.render} lays it out: objects with their keys in reverse
 * lexicographic order (the order Lean's object map yields them), groups kept on one line when they fit
 * in 80 columns, otherwise one member per line with the value moved below its key when needed.
 * A rendered answer therefore never contains a blank line.
 *
 * <p>Widths are computed with an early cut-off, so a 10 MB string is scanned once, not copied.
 */
final class LeanJsonWriter {

    private static final int WIDTH = 80;

    private final Appendable out;

    private LeanJsonWriter(Appendable out) {
        this.out = out;
    }

    static void pretty(JsonNode node, Appendable out) throws IOException {
        new LeanJsonWriter(out).pretty(node, 0, 0);
    }

    static void compact(JsonNode node, Appendable out) throws IOException {
        new LeanJsonWriter(out).flat(node, false);
    }

    private void pretty(JsonNode node, int column, int trailing) throws IOException {
        if (column + flatWidth(node, WIDTH - column - trailing + 1) + trailing <= WIDTH
                || !(node.isObject() || node.isArray())) {
            flat(node, true);
            return;
        }
        int inner = column + 1;
        if (node.isObject()) {
            out.append('{');
            List<Map.Entry<String, JsonNode>> members = members(node);
            for (int i = 0; i < members.size(); i++) {
                if (i > 0) {
                    out.append(",\n");
                    indent(inner);
                }
                boolean last = i == members.size() - 1;
                member(members.get(i), inner, last ? trailing + 1 : 1);
            }
            out.append('}');
        } else {
            out.append('[');
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) {
                    out.append(",\n");
                    indent(inner);
                }
                boolean last = i == node.size() - 1;
                pretty(node.get(i), inner, last ? trailing + 1 : 1);
            }
            out.append(']');
        }
    }

    private void member(Map.Entry<String, JsonNode> member, int column, int trailing) throws IOException {
        int keyWidth = stringWidth(member.getKey(), Integer.MAX_VALUE) + 1;
        int room = WIDTH - column - keyWidth - 1 - trailing;
        string(member.getKey());
        out.append(':');
        if (flatWidth(member.getValue(), room + 1) <= room) {
            out.append(' ');
            flat(member.getValue(), true);
        } else {
            out.append('\n');
            indent(column);
            pretty(member.getValue(), column, trailing);
        }
    }

    private void flat(JsonNode node, boolean spaced) throws IOException {
        String separator = spaced ? ", " : ",";
        if (node.isObject()) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, JsonNode> member : members(node)) {
                if (!first) {
                    out.append(separator);
                }
                first = false;
                string(member.getKey());
                out.append(spaced ? ": " : ":");
                flat(member.getValue(), spaced);
            }
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) {
                    out.append(separator);
                }
                flat(node.get(i), spaced);
            }
            out.append(']');
        } else if (node.isTextual()) {
            string(node.textValue());
        } else {
            out.append(node.toString());
        }
    }

    /** The one-line width of {@code node}, or some value above {@code limit} once it exceeds it. */
    private static int flatWidth(JsonNode node, int limit) {
        if (node.isTextual()) {
            return stringWidth(node.textValue(), limit);
        }
        if (node.isObject() || node.isArray()) {
            int width = 2;
            boolean first = true;
            for (Map.Entry<String, JsonNode> member : members(node)) {
                if (!first) {
                    width += 2;
                }
                first = false;
                if (member.getKey() != null) {
                    width += stringWidth(member.getKey(), limit) + 2;
                }
                width += flatWidth(member.getValue(), limit - width);
                if (width > limit) {
                    return width;
                }
            }
            return width;
        }
        return node.toString().length();
    }

    private static int stringWidth(String s, int limit) {
        int width = 2;
        for (int i = 0; i < s.length() && width <= limit; i++) {
            char c = s.charAt(i);
            if (Character.isLowSurrogate(c)) {
                continue;
            }
            width += escape(c) != null ? escape(c).length() : 1;
        }
        return width;
    }

    private void string(String s) throws IOException {
        out.append('"');
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            String escaped = escape(s.charAt(i));
            if (escaped != null) {
                out.append(s, start, i).append(escaped);
                start = i + 1;
            }
        }
        out.append(s, start, s.length()).append('"');
    }

    private static String escape(char c) {
        switch (c) {
            case '"':
                return "\\\"";
            case '\\':
                return "\\\\";
            case '\n':
                return "\\n";
            case '\r':
                return "\\r";
            case '\t':
                return "\\t";
            default:
                return c < 0x20 ? String.format("\\u%04x", (int) c) : null;
        }
    }

    private void indent(int column) throws IOException {
        for (int i = 0; i < column; i++) {
            out.append(' ');
        }
    }

    /** Object members in Lean's order; array elements with a null key, in order. */
    private static List<Map.Entry<String, JsonNode>> members(JsonNode node) {
        List<Map.Entry<String, JsonNode>> members = new ArrayList<>();
        if (node.isObject()) {
            members.addAll(node.properties());
            members.sort(Map.Entry.<String, JsonNode>comparingByKey(Comparator.reverseOrder()));
        } else {
            for (JsonNode element : node) {
                members.add(new java.util.AbstractMap.SimpleImmutableEntry<>(null, element));
            }
        }
        return members;
    }
}
