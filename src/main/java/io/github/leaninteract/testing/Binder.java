package io.github.leaninteract.testing;

import java.util.List;

/** A binder group of a declaration header, such as {@code (a b : Nat)} or {@code [inst : Foo]}. */
record Binder(char open, List<String> names, String type) {

    Binder {
        names = List.copyOf(names);
    }

    String render() {
        char close = open == '(' ? ')' : open == '{' ? '}' : open == '[' ? ']' : '⦄';
        return open + String.join(" ", names) + " : " + type + close;
    }
}
