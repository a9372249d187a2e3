package io.github.leaninteract.testing;

/** A named hypothesis of a simulated goal, such as {@code h : x = 2}. */
record Hypothesis(String name, String type) {
}
