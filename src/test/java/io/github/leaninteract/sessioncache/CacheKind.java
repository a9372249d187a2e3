package io.github.leaninteract.sessioncache;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;

/** The cache variants every survival scenario runs against. */
enum CacheKind {
    PICKLE_EAGER(dir -> new PickleSessionCache(dir, Duration.ofSeconds(10), false)),
    PICKLE_LAZY(dir -> new PickleSessionCache(dir, Duration.ofSeconds(10), true)),
    REPLAY_LAZY(dir -> new ReplaySessionCache(true)),
    REPLAY_EAGER(dir -> new ReplaySessionCache(false));

    private final Function<Path, AbstractSessionCache<?>> factory;

    CacheKind(Function<Path, AbstractSessionCache<?>> factory) {
        this.factory = factory;
    }

    AbstractSessionCache<?> create(Path workingDir) {
        return factory.apply(workingDir);
    }
}
