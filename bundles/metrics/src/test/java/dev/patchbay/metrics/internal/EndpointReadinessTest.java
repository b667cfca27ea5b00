package dev.patchbay.metrics.internal;

import static org.junit.Assert.assertEquals;

import java.util.List;

import org.junit.Test;

import dev.patchbay.api.runtime.EndpointInfo;
import dev.patchbay.api.runtime.EndpointState;

public class EndpointReadinessTest {

    @Test
    public void onlyListeningEndpointsAreReadyAndTheOthersSayWhy() {
        EndpointInfo echo = endpoint("echo", EndpointState.LISTENING, "");
        EndpointInfo telemetry = endpoint("telemetry", EndpointState.WAITING_FOR_HANDLER, "no handler telemetry installed");
        EndpointInfo secure = endpoint("secure", EndpointState.FAIL_CLOSED, "");

        List<EndpointInfo> failing = EndpointReadiness.failing(List.of(echo, telemetry, secure));

        assertEquals(List.of(telemetry, secure), failing);
        assertEquals("telemetry: WAITING_FOR_HANDLER (no handler telemetry installed)", EndpointReadiness.describe(telemetry));
        assertEquals("secure: FAIL_CLOSED", EndpointReadiness.describe(secure));
    }

    private static EndpointInfo endpoint(String name, EndpointState state, String detail) {
        return EndpointInfo.builder(name).address("127.0.0.1:7007").codec("line").handler("echo").handlerVersion("1.0.0")
                .swapPolicy("handover").state(state).detail(detail).source("etc/dev.patchbay.endpoint-" + name + ".cfg")
                .pid("dev.patchbay.endpoint~" + name).maxConnections(10000).build();
    }
}
