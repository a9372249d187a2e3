package io.github.leaninteract.testing;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns offsets in a command's text into Lean positions: 1-based lines, 0-based columns counted in
 * code points. {@link #TACTIC_MODE} places everything at line 0, column 0, as the REPL does for
 * messages of a proof step.
 */
final class SourceText {

    static final SourceText TACTIC_MODE = new SourceText(null);

    private final String text;
    private final int[] lineStarts;

    SourceText(String text) {
        this.text = text;
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        if (text != null) {
            for (int i = 0; i < text.length(); i++) {
                if (text.charAt(i) == '\n') {
                    starts.add(i + 1);
                }
            }
        }
        lineStarts = starts.stream().mapToInt(Integer::intValue).toArray();
    }

    boolean isTacticMode() {
        return text == null;
    }

    int line(int offset) {
        if (text == null) {
            return 0;
        }
        int lo = 0;
        int hi = lineStarts.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (lineStarts[mid] <= offset) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo + 1;
    }

    int column(int offset) {
        if (text == null) {
            return 0;
        }
        int start = lineStarts[line(offset) - 1];
        return text.codePointCount(start, Math.min(offset, text.length()));
    }

    ObjectNode pos(int offset) {
        ObjectNode pos = JsonNodeFactory.instance.objectNode();
        pos.put("line", line(offset));
        pos.put("column", column(offset));
        return pos;
    }
}
