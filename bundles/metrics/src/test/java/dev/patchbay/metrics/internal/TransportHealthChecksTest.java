package dev.patchbay.metrics.internal;

import static org.junit.Assert.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.apache.felix.hc.api.ResultLog;
import org.junit.Test;

import dev.patchbay.api.runtime.TransportStatus;
import dev.patchbay.api.runtime.TransportStatus.IoThreadStatus;

public class TransportHealthChecksTest {

    private final StubTransportRuntime transport = new StubTransportRuntime();

    @Test
    public void liveWhileNoIoThreadIsDeadOrStuck() throws Exception {
        Result result = live(transport).execute();
        assertEquals(Result.Status.OK, result.getStatus());
        assertEquals(List.of("1 I/O thread(s), none dead or stuck"), messages(result));
    }

    @Test
    public void notLiveNamingEachProblem() throws Exception {
        transport.status = new TransportStatus(0, 0, "normal", 0, 0, 0, 0,
                List.of(new IoThreadStatus("patchbay-io-0", true, 31_000, null),
                        new IoThreadStatus("patchbay-io-1", false, 0, "java.lang.OutOfMemoryError")),
                List.of("patchbay-io-0 busy for 31000 ms in handler {slow}", "patchbay-io-1 died: java.lang.OutOfMemoryError"),
                List.of());
        Result result = live(transport).execute();
        assertEquals(Result.Status.CRITICAL, result.getStatus());
        assertEquals(List.of("patchbay-io-0 busy for 31000 ms in handler {slow}",
                "patchbay-io-1 died: java.lang.OutOfMemoryError"), messages(result));
    }

    @Test
    public void aStoppedTransportDoesNotFailLiveness() throws Exception {
        assertEquals(Result.Status.OK, live(null).execute().getStatus());
    }

    @Test
    public void readyWithinTheBudgetAndWarnedUnderPressure() throws Exception {
        transport.status = StubTransportRuntime.status(1000, 100, "normal");
        Result result = ready(transport).execute();
        assertEquals(Result.Status.OK, result.getStatus());
        assertEquals(List.of("memory normal: 100 of 1000 bytes held"), messages(result));

        transport.status = new TransportStatus(1000, 850, "pressure", 3, 0, 0, 0, List.of(), List.of(), List.of());
        result = ready(transport).execute();
        assertEquals(Result.Status.WARN, result.getStatus());
        assertEquals(List.of("memory pressure: 850 of 1000 bytes held, reads of 3 session(s) paused"), messages(result));
    }

    @Test
    public void notReadyNamingEachProblem() throws Exception {
        transport.status = new TransportStatus(1000, 1000, "full", 7, 12, 0, 0, List.of(), List.of(),
                List.of("transport memory budget full: 1000 of 1000 bytes held", "12 connections refused"));
        Result result = ready(transport).execute();
        assertEquals(Result.Status.CRITICAL, result.getStatus());
        assertEquals(List.of("transport memory budget full: 1000 of 1000 bytes held", "12 connections refused"),
                messages(result));
    }

    @Test
    public void aStoppedTransportIsLeftToTheEndpointsCheck() throws Exception {
        Result result = ready(null).execute();
        assertEquals(Result.Status.OK, result.getStatus());
        assertEquals(List.of("transport: not running (see Patchbay endpoints)"), messages(result));
    }

    static HealthCheck live(StubTransportRuntime runtime) throws Exception {
        IoThreadsLiveCheck check = new IoThreadsLiveCheck();
        PrometheusExpositionTest.inject(check, "runtime", runtime);
        return check;
    }

    static HealthCheck ready(StubTransportRuntime runtime) throws Exception {
        MemoryReadyCheck check = new MemoryReadyCheck();
        PrometheusExpositionTest.inject(check, "runtime", runtime);
        return check;
    }

    private static List<String> messages(Result result) {
        List<String> messages = new ArrayList<>();
        for (ResultLog.Entry entry : result) {
            if (!entry.isDebug()) {
                messages.add(entry.getMessage());
            }
        }
        return messages;
    }
}
