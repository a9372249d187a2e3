package io.github.leaninteract.sessioncache;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.github.leaninteract.protocol.LeanRequest;
import io.github.leaninteract.protocol.LeanResponse;
import io.github.leaninteract.server.LeanServer;
import io.github.leaninteract.server.ServerAccessStubs;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/** A mocked {@link LeanServer} for the caches' bookkeeping: answers come from a function, requests are kept. */
final class MockServers {

    final LeanServer server = mock(LeanServer.class);
    final List<LeanRequest> requests = new CopyOnWriteArrayList<>();
    final AtomicLong generation = new AtomicLong(1);
    private final ReentrantLock lock = new ReentrantLock();

    MockServers(Function<LeanRequest, LeanResponse> answers) {
        when(server.name()).thenReturn("mock-server");
        when(server.isAlive()).thenReturn(true);
        ServerAccessStubs.stub(server, generation::get, lock, request -> answer(answers, request));
        when(server.run(any(LeanRequest.class))).thenAnswer(inv -> answer(answers, inv.getArgument(0)));
        when(server.run(any(LeanRequest.class), any())).thenAnswer(inv -> answer(answers, inv.getArgument(0)));
    }

    private LeanResponse answer(Function<LeanRequest, LeanResponse> answers, LeanRequest request) {
        requests.add(request);
        return answers.apply(request);
    }

    /** Simulates a new REPL process: every id of the old one becomes meaningless. */
    void newProcess() {
        generation.incrementAndGet();
        requests.clear();
    }
}
