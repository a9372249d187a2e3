package io.github.leaninteract.protocol;

import java.util.Objects;

final class Require {

    private Require() {
    }

    static String nonBlank(String value, String field) {
        Objects.requireNonNull(value, field);
        if (value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be empty or blank");
        }
        return value;
    }
}
