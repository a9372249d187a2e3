package io.github.leaninteract.protocol;

import java.util.Objects;

/**
 * The source range of a piece of syntax in an {@link InfoTree} or a {@link DeclarationInfo}.
 *
 * @param synthetic whether the syntax was produced by elaboration rather than written by the user
 * @param start     where it starts
 * @param finish    where it ends
 */
public record Range(boolean synthetic, Pos start, Pos finish) {

    public Range {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(finish, "finish");
    }

    /** Whether {@code pos} lies within this range, ends included. */
    public boolean contains(Pos pos) {
        return !pos.isBefore(start) && !pos.isAfter(finish);
    }
}
