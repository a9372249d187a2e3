package io.github.leaninteract.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

import static io.github.leaninteract.protocol.JsonFields.NODES;

/**
 * Responses to and from their wire JSON. Reading throws {@link IllegalArgumentException} for shape
 * problems; {@link LeanJson} turns them into {@link LeanJsonException}s carrying the whole text.
 * Writing follows the REPL's own ToJson instances: empty lists omitted, {@code Option} fields written
 * as {@code null}, a sorry's line-0 positions omitted.
 */
final class ResponseCodec {

    private static final Set<String> TREE_FIELDS = Set.of("kind", "node", "children");
    private static final Set<String> SYNTAX_FIELDS = Set.of("pp", "range", "kind", "argKinds");
    private static final Set<String> TACTIC_FIELDS = Set.of("name", "stx", "goalsBefore", "goalsAfter");
    private static final Set<String> COMMAND_FIELDS = Set.of("elaborator", "stx");
    private static final Set<String> TERM_FIELDS = Set.of("elaborator", "stx", "expectedType", "expr", "isBinder");

    private ResponseCodec() {
    }

    static boolean isError(JsonNode node) {
        return node.isObject() && node.size() == 1 && node.has("message") && node.get("message").isTextual();
    }

    static LeanResponse read(LeanRequest request, JsonNode node) {
        ObjectNode o = JsonFields.object(node, "a REPL response");
        if (isError(o)) {
            return new LeanError(o.get("message").textValue());
        }
        return request.producesProofState() ? readProofStep(o) : readCommand(o);
    }

    static CommandResponse readCommand(ObjectNode o) {
        if (!JsonFields.has(o, "env")) {
            throw new IllegalArgumentException("a command response needs an 'env' id");
        }
        return new CommandResponse(
                JsonFields.requiredInt(o, "env"),
                JsonFields.list(o, "messages", ResponseCodec::readMessage),
                JsonFields.list(o, "sorries", ResponseCodec::readSorry),
                JsonFields.list(o, "tactics", ResponseCodec::readTactic),
                JsonFields.list(o, "declarations", DeclarationInfo::fromJson),
                JsonFields.list(o, "infotree", ResponseCodec::readTree));
    }

    static ProofStepResponse readProofStep(ObjectNode o) {
        if (!JsonFields.has(o, "proofState")) {
            throw new IllegalArgumentException("a proof step response needs a 'proofState' id");
        }
        return new ProofStepResponse(
                JsonFields.requiredInt(o, "proofState"),
                JsonFields.strings(o, "goals"),
                JsonFields.string(o, "proofStatus"),
                JsonFields.list(o, "messages", ResponseCodec::readMessage),
                JsonFields.list(o, "sorries", ResponseCodec::readSorry),
                JsonFields.strings(o, "traces"));
    }

    static Message readMessage(JsonNode n) {
        ObjectNode o = JsonFields.object(n, "a message");
        return new Message(JsonFields.requiredPos(o, "pos"), JsonFields.pos(o, "endPos"),
                Severity.fromWireName(JsonFields.requiredString(o, "severity")), JsonFields.requiredString(o, "data"));
    }

    static Sorry readSorry(JsonNode n) {
        ObjectNode o = JsonFields.object(n, "a sorry");
        return new Sorry(JsonFields.pos(o, "pos"), JsonFields.pos(o, "endPos"), JsonFields.requiredString(o, "goal"),
                JsonFields.integer(o, "proofState"));
    }

    static Tactic readTactic(JsonNode n) {
        ObjectNode o = JsonFields.object(n, "a tactic");
        return new Tactic(JsonFields.requiredPos(o, "pos"), JsonFields.requiredPos(o, "endPos"),
                JsonFields.requiredString(o, "goals"), JsonFields.requiredString(o, "tactic"),
                JsonFields.integer(o, "proofState"), JsonFields.strings(o, "usedConstants"));
    }

    static InfoTree readTree(JsonNode n) {
        ObjectNode o = JsonFields.object(n, "an info tree");
        JsonNode node = o.get("node");
        InfoNode info = node == null || node.isNull() ? null : readNode(node);
        return new InfoTree(JsonFields.string(o, "kind"), info,
                JsonFields.list(o, "children", ResponseCodec::readTree), JsonFields.unknown(o, TREE_FIELDS));
    }

    /** Picks the node kind by its fields, so that it works whatever the tree's kind says. */
    static InfoNode readNode(JsonNode n) {
        ObjectNode o = JsonFields.object(n, "an info tree node");
        Syntax stx = readSyntax(o);
        if (o.has("goalsBefore") || o.has("goalsAfter") || o.has("name")) {
            return new TacticNode(JsonFields.string(o, "name"), stx, JsonFields.strings(o, "goalsBefore"),
                    JsonFields.strings(o, "goalsAfter"), JsonFields.unknown(o, TACTIC_FIELDS));
        }
        if (o.has("expr") || o.has("isBinder")) {
            return new TermNode(JsonFields.string(o, "elaborator"), stx, JsonFields.string(o, "expectedType"),
                    JsonFields.requiredString(o, "expr"), Boolean.TRUE.equals(JsonFields.bool(o, "isBinder")),
                    JsonFields.unknown(o, TERM_FIELDS));
        }
        return new CommandNode(JsonFields.string(o, "elaborator"), stx, JsonFields.unknown(o, COMMAND_FIELDS));
    }

    private static Syntax readSyntax(ObjectNode node) {
        try {
            ObjectNode o = JsonFields.object(node.get("stx"), "'stx'");
            Range range = JsonFields.range(o, "range");
            if (range == null) {
                throw new IllegalArgumentException("missing 'range'");
            }
            return new Syntax(JsonFields.string(o, "pp"), range, JsonFields.requiredString(o, "kind"),
                    JsonFields.strings(o, "argKinds"), JsonFields.unknown(o, SYNTAX_FIELDS));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("in 'stx': " + e.getMessage(), e);
        }
    }

    // --- writing ---

    static ObjectNode write(LeanResponse response) {
        Objects.requireNonNull(response, "response");
        if (response instanceof LeanError e) {
            ObjectNode o = NODES.objectNode();
            o.put("message", e.message());
            return o;
        }
        if (response instanceof CommandResponse c) {
            ObjectNode o = NODES.objectNode();
            o.put("env", c.env());
            putList(o, "messages", c.messages(), ResponseCodec::writeMessage);
            putList(o, "sorries", c.sorries(), ResponseCodec::writeSorry);
            putList(o, "tactics", c.tactics(), ResponseCodec::writeTactic);
            putList(o, "declarations", c.declarations(), DeclarationInfo::json);
            putList(o, "infotree", c.infotree(), ResponseCodec::writeTree);
            return o;
        }
        if (response instanceof ProofStepResponse p) {
            ObjectNode o = NODES.objectNode();
            o.put("proofState", p.proofState());
            o.set("goals", JsonFields.stringsNode(p.goals()));
            putList(o, "messages", p.messages(), ResponseCodec::writeMessage);
            putList(o, "sorries", p.sorries(), ResponseCodec::writeSorry);
            putList(o, "traces", p.traces(), NODES::textNode);
            if (p.proofStatus() != null) {
                o.put("proofStatus", p.proofStatus());
            }
            return o;
        }
        throw new AssertionError("unknown response kind " + response.getClass());
    }

    private static <T> void putList(ObjectNode o, String field, List<T> items, Function<T, JsonNode> writer) {
        if (!items.isEmpty()) {
            ArrayNode a = o.putArray(field);
            items.forEach(item -> a.add(writer.apply(item)));
        }
    }

    static ObjectNode writeMessage(Message m) {
        ObjectNode o = NODES.objectNode();
        o.put("severity", m.severity().wireName());
        o.set("pos", JsonFields.posNode(m.pos()));
        o.set("endPos", m.endPos() == null ? NODES.nullNode() : JsonFields.posNode(m.endPos()));
        o.put("data", m.data());
        return o;
    }

    static ObjectNode writeSorry(Sorry s) {
        ObjectNode o = NODES.objectNode();
        o.put("goal", s.goal());
        o.set("proofState", s.proofState() == null ? NODES.nullNode() : NODES.numberNode(s.proofState()));
        if (s.pos() != null) {
            o.set("pos", JsonFields.posNode(s.pos()));
        }
        if (s.endPos() != null) {
            o.set("endPos", JsonFields.posNode(s.endPos()));
        }
        return o;
    }

    static ObjectNode writeTactic(Tactic t) {
        ObjectNode o = NODES.objectNode();
        o.set("pos", JsonFields.posNode(t.pos()));
        o.set("endPos", JsonFields.posNode(t.endPos()));
        o.put("goals", t.goals());
        o.put("tactic", t.tactic());
        o.set("proofState", t.proofState() == null ? NODES.nullNode() : NODES.numberNode(t.proofState()));
        o.set("usedConstants", JsonFields.stringsNode(t.usedConstants()));
        return o;
    }

    /** A hole (no kind) is written with its kept fields only, as the REPL writes it. */
    static ObjectNode writeTree(InfoTree tree) {
        ObjectNode o = NODES.objectNode();
        if (tree.kind() != null) {
            o.set("node", tree.node() == null ? NODES.nullNode() : writeNode(tree.node()));
            o.put("kind", tree.kind());
            ArrayNode children = o.putArray("children");
            tree.children().forEach(child -> children.add(writeTree(child)));
        } else if (tree.node() != null) {
            o.set("node", writeNode(tree.node()));
        }
        JsonFields.putExtra(o, tree.extra());
        return o;
    }

    static ObjectNode writeNode(InfoNode node) {
        ObjectNode o = NODES.objectNode();
        if (node instanceof TacticNode t) {
            o.put("name", t.name());
            o.set("stx", writeSyntax(t.stx()));
            o.set("goalsBefore", JsonFields.stringsNode(t.goalsBefore()));
            o.set("goalsAfter", JsonFields.stringsNode(t.goalsAfter()));
        } else if (node instanceof CommandNode c) {
            o.put("elaborator", c.elaborator());
            o.set("stx", writeSyntax(c.stx()));
        } else if (node instanceof TermNode t) {
            o.put("elaborator", t.elaborator());
            o.set("stx", writeSyntax(t.stx()));
            // Lean's derived ToJson omits `expectedType?` when it is none.
            if (t.expectedType() != null) {
                o.put("expectedType", t.expectedType());
            }
            o.put("expr", t.expr());
            o.put("isBinder", t.isBinder());
        }
        JsonFields.putExtra(o, node.extra());
        return o;
    }

    static ObjectNode writeSyntax(Syntax s) {
        ObjectNode o = NODES.objectNode();
        o.put("pp", s.pp());
        o.set("range", JsonFields.rangeNode(s.range()));
        o.put("kind", s.kind());
        o.set("argKinds", JsonFields.stringsNode(s.argKinds()));
        JsonFields.putExtra(o, s.extra());
        return o;
    }
}
