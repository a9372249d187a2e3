package io.github.leaninteract.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What the REPL reports about one declaration when a command asks for {@code declarations} (a field
 * of the REPL fork LeanInteract uses): its name, kind, modifiers, signature, binders, type, value and
 * the scope it was declared in.
 *
 * <p>The JSON object is kept whole, so fields this library does not model are never lost
 * ({@link #json()}, {@link #extra()}); the typed accessors read it leniently: a missing string is
 * {@code null}, a missing list is empty, missing modifiers take Lean's defaults.
 *
 * <p>Immutable and thread-safe. Equality is equality of the JSON.
 */
public final class DeclarationInfo {

    private static final Set<String> KNOWN = Set.of(
            "pp", "range", "scope", "name", "fullName", "kind", "modifiers", "signature", "binders", "type", "value");

    private final ObjectNode json;
    private final String pp;
    private final Range range;
    private final Scope scope;
    private final String name;
    private final String fullName;
    private final String kind;
    private final Modifiers modifiers;
    private final Part signature;
    private final Binders binders;
    private final Part type;
    private final Part value;

    private DeclarationInfo(ObjectNode json) {
        this.json = json;
        this.pp = JsonFields.string(json, "pp");
        this.range = JsonFields.range(json, "range");
        this.scope = Scope.read(json.get("scope"));
        this.name = JsonFields.string(json, "name");
        this.fullName = JsonFields.string(json, "fullName");
        this.kind = JsonFields.string(json, "kind");
        this.modifiers = Modifiers.read(json.get("modifiers"));
        this.signature = Part.read(json.get("signature"));
        this.binders = Binders.read(json.get("binders"));
        this.type = Part.read(json.get("type"));
        this.value = Part.read(json.get("value"));
    }

    /**
     * Reads a declaration from the REPL's JSON (the object is copied).
     *
     * @throws IllegalArgumentException if it is not an object or a known field has the wrong type
     */
    public static DeclarationInfo fromJson(JsonNode json) {
        return new DeclarationInfo(JsonFields.object(json, "a declaration").deepCopy());
    }

    /** The declaration as the REPL sent it, as a fresh copy. */
    public ObjectNode json() {
        return json.deepCopy();
    }

    /** Fields not modelled here, as fresh copies. */
    public Map<String, JsonNode> extra() {
        return Extras.copy(JsonFields.unknown(json, KNOWN));
    }

    /** The declaration's source, pretty-printed, or {@code null}. */
    public String pp() {
        return pp;
    }

    /** Where the declaration is, or {@code null}. */
    public Range range() {
        return range;
    }

    /** The scope (variables, namespace, opens) it was declared in, or {@code null}. */
    public Scope scope() {
        return scope;
    }

    /** The name as written, or {@code null}. */
    public String name() {
        return name;
    }

    /** The fully qualified name, or {@code null}. */
    public String fullName() {
        return fullName;
    }

    /** The declaration kind, such as {@code theorem} or {@code def}, or {@code null}. */
    public String kind() {
        return kind;
    }

    /** Its modifiers (defaults when absent), never {@code null}. */
    public Modifiers modifiers() {
        return modifiers == null ? Modifiers.DEFAULT : modifiers;
    }

    /** Its signature, or {@code null}. */
    public Part signature() {
        return signature;
    }

    /** Its binders, or {@code null}. */
    public Binders binders() {
        return binders;
    }

    /** Its type, or {@code null}. */
    public Part type() {
        return type;
    }

    /** Its value (body), or {@code null}. */
    public Part value() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeclarationInfo d && d.json.equals(json);
    }

    @Override
    public int hashCode() {
        return json.hashCode();
    }

    @Override
    public String toString() {
        return "DeclarationInfo[" + kind + " " + fullName + "]";
    }

    /** A part of a declaration (signature, type or value): its text, the constants it uses, where it is. */
    public record Part(String pp, List<String> constants, Range range) {
        public Part {
            constants = constants == null ? List.of() : List.copyOf(constants);
        }

        static Part read(JsonNode n) {
            if (n == null || n.isNull()) {
                return null;
            }
            ObjectNode o = JsonFields.object(n, "a declaration part");
            return new Part(JsonFields.string(o, "pp"), JsonFields.strings(o, "constants"), JsonFields.range(o, "range"));
        }
    }

    /** A doc string and where it is. */
    public record DocString(String content, Range range) {
        static DocString read(JsonNode n) {
            if (n == null || n.isNull()) {
                return null;
            }
            ObjectNode o = JsonFields.object(n, "a doc string");
            return new DocString(JsonFields.string(o, "content"), JsonFields.range(o, "range"));
        }
    }

    /**
     * The modifiers of a declaration.
     *
     * @param visibility  {@code regular}, {@code private}, {@code protected} or {@code public}
     * @param computeKind {@code regular}, {@code meta} or {@code noncomputable}
     * @param recKind     {@code default}, {@code partial} or {@code nonrec}
     */
    public record Modifiers(DocString docString, String visibility, String computeKind, String recKind,
                            boolean isProtected, boolean isUnsafe, List<String> attributes) {

        static final Modifiers DEFAULT = new Modifiers(null, "regular", "regular", "default", false, false, List.of());

        public Modifiers {
            Objects.requireNonNull(visibility, "visibility");
            Objects.requireNonNull(computeKind, "computeKind");
            Objects.requireNonNull(recKind, "recKind");
            attributes = attributes == null ? List.of() : List.copyOf(attributes);
        }

        static Modifiers read(JsonNode n) {
            if (n == null || n.isNull()) {
                return null;
            }
            ObjectNode o = JsonFields.object(n, "declaration modifiers");
            return new Modifiers(
                    DocString.read(o.get("docString")),
                    orDefault(JsonFields.string(o, "visibility"), "regular"),
                    orDefault(JsonFields.string(o, "computeKind"), "regular"),
                    orDefault(JsonFields.string(o, "recKind"), "default"),
                    Boolean.TRUE.equals(JsonFields.bool(o, "isProtected")),
                    Boolean.TRUE.equals(JsonFields.bool(o, "isUnsafe")),
                    JsonFields.strings(o, "attributes"));
        }
    }

    /** One binder: its name, type and binder info (such as {@code default} or {@code implicit}). */
    public record BinderView(String id, String type, String binderInfo) {
        static BinderView read(JsonNode n) {
            ObjectNode o = JsonFields.object(n, "a binder");
            return new BinderView(JsonFields.string(o, "id"), JsonFields.string(o, "type"),
                    JsonFields.string(o, "binderInfo"));
        }
    }

    /** The binders of a declaration: as text, as groups, one by one, and where they are. */
    public record Binders(String pp, List<String> groups, List<BinderView> map, Range range) {
        public Binders {
            groups = groups == null ? List.of() : List.copyOf(groups);
            map = map == null ? List.of() : List.copyOf(map);
        }

        static Binders read(JsonNode n) {
            if (n == null || n.isNull()) {
                return null;
            }
            ObjectNode o = JsonFields.object(n, "declaration binders");
            return new Binders(JsonFields.string(o, "pp"), JsonFields.strings(o, "groups"),
                    JsonFields.list(o, "map", BinderView::read), JsonFields.range(o, "range"));
        }
    }

    /**
     * One {@code open} in scope. {@code simple} maps fields to a namespace name or a list of names,
     * {@code rename} maps names to their new names; either may be empty.
     */
    public record OpenDecl(Map<String, JsonNode> simple, Map<String, String> rename) {
        public OpenDecl {
            simple = Extras.copy(simple);
            rename = rename == null ? Map.of() : Map.copyOf(rename);
        }

        @Override
        public Map<String, JsonNode> simple() {
            return Extras.copy(simple);
        }

        static OpenDecl read(JsonNode n) {
            ObjectNode o = JsonFields.object(n, "an open declaration");
            Map<String, JsonNode> simple = new LinkedHashMap<>();
            JsonNode s = o.get("simple");
            if (s != null && !s.isNull()) {
                JsonFields.object(s, "'simple'").properties().forEach(e -> simple.put(e.getKey(), e.getValue()));
            }
            Map<String, String> rename = new LinkedHashMap<>();
            JsonNode r = o.get("rename");
            if (r != null && !r.isNull()) {
                JsonFields.object(r, "'rename'").properties()
                        .forEach(e -> rename.put(e.getKey(), JsonFields.asString(e.getValue())));
            }
            return new OpenDecl(simple, rename);
        }
    }

    /** The scope a declaration was made in. */
    public record Scope(List<String> varDecls, List<String> includeVars, List<String> omitVars,
                        List<String> levelNames, String currNamespace, List<OpenDecl> openDecl) {
        public Scope {
            varDecls = varDecls == null ? List.of() : List.copyOf(varDecls);
            includeVars = includeVars == null ? List.of() : List.copyOf(includeVars);
            omitVars = omitVars == null ? List.of() : List.copyOf(omitVars);
            levelNames = levelNames == null ? List.of() : List.copyOf(levelNames);
            openDecl = openDecl == null ? List.of() : List.copyOf(openDecl);
        }

        static Scope read(JsonNode n) {
            if (n == null || n.isNull()) {
                return null;
            }
            ObjectNode o = JsonFields.object(n, "a declaration scope");
            return new Scope(JsonFields.strings(o, "varDecls"), JsonFields.strings(o, "includeVars"),
                    JsonFields.strings(o, "omitVars"), JsonFields.strings(o, "levelNames"),
                    JsonFields.string(o, "currNamespace"), JsonFields.list(o, "openDecl", OpenDecl::read));
        }
    }

    private static String orDefault(String s, String fallback) {
        return s == null ? fallback : s;
    }
}
