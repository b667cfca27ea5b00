package dev.patchbay.metrics.internal;

import static org.junit.Assert.assertEquals;

import java.util.List;
import java.util.Map;

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
        return new EndpointInfo(name, "127.0.0.1:7007", "line", null, "echo", "1.0.0", "handover", Map.of(),
                List.of(), List.of(), state, detail, 0, 0, 0, "etc/dev.patchbay.endpoint-" + name + ".cfg",
                "dev.patchbay.endpoint~" + name);
    }
}
