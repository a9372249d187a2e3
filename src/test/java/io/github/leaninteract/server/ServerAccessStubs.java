package io.github.leaninteract.server;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.github.leaninteract.protocol.LeanRequest;
import io.github.leaninteract.protocol.LeanResponse;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.Lock;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.ObjIntConsumer;
import java.util.function.Supplier;

/**
 * Stubs, on a Mockito mock of {@link LeanServer}, the package-private methods {@link ServerAccess} calls, for
 * tests of other packages (Mockito can name those methods only from here).
 */
public final class ServerAccessStubs {

    private ServerAccessStubs() {
    }

    /**
     * Makes {@code ServerAccess.of(server)} see the generation {@code generation} gives, run exclusive blocks
     * under {@code lock}, and answer {@code runInProcess} and {@code runPipelined} with {@code answers}.
     */
    public static void stub(LeanServer server, LongSupplier generation, Lock lock,
            Function<LeanRequest, LeanResponse> answers) {
        when(server.processGeneration()).thenAnswer(inv -> generation.getAsLong());
        when(server.withExclusiveAccess(any())).thenAnswer(inv -> {
            lock.lock();
            try {
                return ((Supplier<?>) inv.getArgument(0)).get();
            } finally {
                lock.unlock();
            }
        });
        when(server.runInProcess(any(LeanRequest.class), any())).thenAnswer(inv -> answers.apply(inv.getArgument(0)));
        doAnswer(inv -> {
            List<? extends LeanRequest> batch = inv.getArgument(0);
            ObjIntConsumer<LeanResponse> onAnswer = inv.getArgument(3);
            for (int i = 0; i < batch.size(); i++) {
                onAnswer.accept(answers.apply(batch.get(i)), i);
            }
            return null;
        }).when(server).runPipelined(any(), any(), any(), any());
    }

    /** Verifies that {@code server} was sent one {@code kind} request in process, with {@code timeout}. */
    public static void verifyRanInProcess(LeanServer server, Class<? extends LeanRequest> kind, Duration timeout) {
        verify(server).runInProcess(any(kind), eq(timeout));
    }
}
