package io.github.leaninteract.sessioncache;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.github.leaninteract.protocol.LeanRequest;
import io.github.leaninteract.protocol.LeanResponse;
import io.github.leaninteract.server.LeanServer;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.ObjIntConsumer;
import java.util.function.Supplier;

/** A mocked {@link LeanServer} for the caches' bookkeeping: answers come from a function, requests are kept. */
final class MockServers {

    final LeanServer server = mock(LeanServer.class);
    final List<LeanRequest> requests = new CopyOnWriteArrayList<>();
    final AtomicLong generation = new AtomicLong(1);
    private final ReentrantLock lock = new ReentrantLock();

    MockServers(Function<LeanRequest, LeanResponse> answers) {
        when(server.name()).thenReturn("mock-server");
        when(server.isAlive()).thenReturn(true);
        when(server.processGeneration()).thenAnswer(inv -> generation.get());
        when(server.withExclusiveAccess(any())).thenAnswer(inv -> {
            lock.lock();
            try {
                return ((Supplier<?>) inv.getArgument(0)).get();
            } finally {
                lock.unlock();
            }
        });
        when(server.run(any(LeanRequest.class))).thenAnswer(inv -> answer(answers, inv.getArgument(0)));
        when(server.run(any(LeanRequest.class), any())).thenAnswer(inv -> answer(answers, inv.getArgument(0)));
        when(server.runInProcess(any(LeanRequest.class), any())).thenAnswer(inv -> answer(answers, inv.getArgument(0)));
        doAnswer(inv -> {
            List<? extends LeanRequest> batch = inv.getArgument(0);
            ObjIntConsumer<LeanResponse> onAnswer = inv.getArgument(3);
            for (int i = 0; i < batch.size(); i++) {
                onAnswer.accept(answer(answers, batch.get(i)), i);
            }
            return null;
        }).when(server).runPipelined(any(), any(), any(), any());
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
