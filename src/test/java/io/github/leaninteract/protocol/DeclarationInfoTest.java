package io.github.leaninteract.protocol;

import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeclarationInfoTest {

    private static final String RANGE = "{\"synthetic\": false, \"start\": {\"line\": 1, \"column\": 0},"
            + " \"finish\": {\"line\": 1, \"column\": 40}}";

    private static final String DECL = "{\"pp\": \"theorem t (n : Nat) : n = n := rfl\", \"range\": " + RANGE + ","
            + " \"scope\": {\"varDecls\": [\"variable (x : Nat)\"], \"currNamespace\": \"Foo\","
            + "   \"openDecl\": [{\"simple\": {\"namespace\": \"Nat\", \"except\": []}}, {\"rename\": {\"a\": \"b\"}}]},"
            + " \"name\": \"t\", \"fullName\": \"Foo.t\", \"kind\": \"theorem\","
            + " \"modifiers\": {\"visibility\": \"private\", \"isUnsafe\": true, \"attributes\": [\"simp\"],"
            + "   \"docString\": {\"content\": \"doc\", \"range\": " + RANGE + "}},"
            + " \"signature\": {\"pp\": \"(n : Nat) : n = n\", \"constants\": [\"Nat\", \"Eq\"], \"range\": " + RANGE + "},"
            + " \"binders\": {\"pp\": \"(n : Nat)\", \"groups\": [\"(n : Nat)\"],"
            + "   \"map\": [{\"id\": \"n\", \"type\": \"Nat\", \"binderInfo\": \"default\"}], \"range\": " + RANGE + "},"
            + " \"type\": {\"pp\": \"n = n\", \"constants\": [\"Eq\"], \"range\": " + RANGE + "},"
            + " \"value\": {\"pp\": \"rfl\", \"constants\": [\"rfl\"], \"range\": " + RANGE + "},"
            + " \"futureField\": \"kept\"}";

    private static DeclarationInfo read() {
        CommandResponse r = (CommandResponse) LeanJson.readResponse(Command.of("x").withDeclarations(true),
                "{\"env\": 0, \"declarations\": [" + DECL + "]}");
        return r.declarations().get(0);
    }

    @Test
    void typedFieldsAreRead() {
        DeclarationInfo d = read();
        assertEquals("t", d.name());
        assertEquals("Foo.t", d.fullName());
        assertEquals("theorem", d.kind());
        assertEquals(new Range(false, Pos.of(1, 0), Pos.of(1, 40)), d.range());
        assertEquals("private", d.modifiers().visibility());
        assertEquals("regular", d.modifiers().computeKind());
        assertEquals("default", d.modifiers().recKind());
        assertTrue(d.modifiers().isUnsafe());
        assertFalse(d.modifiers().isProtected());
        assertEquals(List.of("simp"), d.modifiers().attributes());
        assertEquals("doc", d.modifiers().docString().content());
        assertEquals(List.of("Nat", "Eq"), d.signature().constants());
        assertEquals(List.of(new DeclarationInfo.BinderView("n", "Nat", "default")), d.binders().map());
        assertEquals("n = n", d.type().pp());
        assertEquals("rfl", d.value().pp());
        assertEquals("Foo", d.scope().currNamespace());
        assertEquals(List.of("variable (x : Nat)"), d.scope().varDecls());
        assertEquals(TextNode.valueOf("Nat"), d.scope().openDecl().get(0).simple().get("namespace"));
        assertEquals(Map.of("a", "b"), d.scope().openDecl().get(1).rename());
    }

    @Test
    void unknownFieldsAreKeptAndWrittenBack() {
        DeclarationInfo d = read();
        assertEquals(Map.of("futureField", TextNode.valueOf("kept")), d.extra());
        assertEquals(LeanJson.readTree(DECL), d.json());
        assertEquals(LeanJson.readTree(DECL),
                LeanJson.toTree(CommandResponse.of(0).withDeclarations(List.of(d))).get("declarations").get(0));
    }

    @Test
    void missingPartsAreNullOrDefaults() {
        DeclarationInfo d = DeclarationInfo.fromJson(LeanJson.readTree("{\"name\": \"f\"}"));
        assertEquals("f", d.name());
        assertNull(d.binders());
        assertNull(d.value());
        assertNull(d.scope());
        assertEquals("regular", d.modifiers().visibility());
    }

    @Test
    void aDeclarationThatIsNotAnObjectIsAProtocolError() {
        assertThrows(LeanJsonException.class, () -> LeanJson.readResponse(Command.of("x"),
                "{\"env\": 0, \"declarations\": [3]}"));
    }

    @Test
    void declarationsAreEqualWhenTheirJsonIs() {
        assertEquals(read(), read());
        assertEquals(read().hashCode(), read().hashCode());
    }
}
