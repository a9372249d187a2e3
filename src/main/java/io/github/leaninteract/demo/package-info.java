/** The demonstration program shipped in the jar: {@code java -jar lean-interact-<version>.jar demo}. */
package io.github.leaninteract.demo;
