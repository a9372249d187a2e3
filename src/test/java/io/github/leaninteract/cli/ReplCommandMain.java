package io.github.leaninteract.cli;

import java.util.List;

/** Starts {@link ReplCommand} as a process, until the {@code cli.Main} dispatcher is merged. */
public final class ReplCommandMain {

    private ReplCommandMain() {
    }

    public static void main(String[] args) {
        System.exit(ReplCommand.run(List.of(args), System.in, System.out, System.err));
    }
}
