package dev.patchbay.metrics.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.apache.felix.hc.api.execution.HealthCheckExecutionOptions;
import org.apache.felix.hc.api.execution.HealthCheckExecutionResult;
import org.apache.felix.hc.api.execution.HealthCheckExecutor;
import org.apache.felix.hc.api.execution.HealthCheckMetadata;
import org.apache.felix.hc.api.execution.HealthCheckSelector;
import org.junit.Test;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;

import dev.patchbay.api.runtime.TransportStatus;

/**
 * The probes over the transport checks: 503 on the very next request after the transport reports
 * a problem and 200 on the one after it clears, because every request asks the executor for an
 * instant execution (Felix's executor then bypasses its result cache, 2 s by default).
 */
public class HealthProbeTest {

    private final StubTransportRuntime transport = new StubTransportRuntime();
    private final List<HealthCheckExecutionOptions> asked = new ArrayList<>();

    @Test
    public void liveProbeFollowsTheIoThreadsAtOnce() throws Exception {
        LiveProbeServlet probe = new LiveProbeServlet();
        PrometheusExpositionTest.inject(probe, "executor",
                executor(IoThreadsLiveCheck.NAME, TransportHealthChecksTest.live(transport)));
        assertEquals(200, get(probe).status);

        transport.status = new TransportStatus(0, 0, "normal", 0, 0, 0, 0, List.of(),
                List.of("patchbay-io-3 busy for 30012 ms in handler echo 1.0.0"), List.of());
        Answer stuck = get(probe);
        assertEquals(503, stuck.status);
        assertTrue(stuck.body, stuck.body.contains("{\"name\":\"Patchbay I/O threads\",\"status\":\"CRITICAL\","
                + "\"messages\":[\"patchbay-io-3 busy for 30012 ms in handler echo 1.0.0\"]}"));

        transport.status = StubTransportRuntime.status(0, 0, "normal");
        assertEquals(200, get(probe).status);
        assertEquals(3, asked.size());
        assertTrue(asked.stream().allMatch(HealthCheckExecutionOptions::isForceInstantExecution));
    }

    @Test
    public void readyProbeFollowsTheMemoryBudgetAtOnce() throws Exception {
        ReadyProbeServlet probe = new ReadyProbeServlet();
        PrometheusExpositionTest.inject(probe, "executor",
                executor(MemoryReadyCheck.NAME, TransportHealthChecksTest.ready(transport)));
        transport.status = new TransportStatus(100, 100, "full", 0, 1, 0, 0, List.of(), List.of(),
                List.of("transport memory budget full: 100 of 100 bytes held"));
        Answer full = get(probe);
        assertEquals(503, full.status);
        assertTrue(full.body, full.body.contains("\"transport memory budget full: 100 of 100 bytes held\""));

        transport.status = new TransportStatus(100, 90, "pressure", 2, 1, 0, 0, List.of(), List.of(), List.of());
        assertEquals(200, get(probe).status);
        assertTrue(asked.stream().allMatch(HealthCheckExecutionOptions::isForceInstantExecution));
    }

    /** An executor running one check on each call, recording what it was asked. */
    private HealthCheckExecutor executor(String name, HealthCheck check) {
        HealthCheckMetadata metadata = new HealthCheckMetadata(reference(Map.of(HealthCheck.NAME, name,
                Constants.SERVICE_ID, 1L)));
        return new HealthCheckExecutor() {
            @Override
            public List<HealthCheckExecutionResult> execute(HealthCheckSelector selector) {
                return execute(selector, new HealthCheckExecutionOptions());
            }

            @Override
            public List<HealthCheckExecutionResult> execute(HealthCheckSelector selector,
                    HealthCheckExecutionOptions options) {
                asked.add(options);
                Result result = check.execute();
                return List.of(new HealthCheckExecutionResult() {
                    @Override
                    public Result getHealthCheckResult() {
                        return result;
                    }

                    @Override
                    public long getElapsedTimeInMs() {
                        return 0;
                    }

                    @Override
                    public Date getFinishedAt() {
                        return new Date();
                    }

                    @Override
                    public boolean hasTimedOut() {
                        return false;
                    }

                    @Override
                    public HealthCheckMetadata getHealthCheckMetadata() {
                        return metadata;
                    }
                });
            }
        };
    }

    private static ServiceReference<?> reference(Map<String, Object> properties) {
        return (ServiceReference<?>) Proxy.newProxyInstance(HealthProbeTest.class.getClassLoader(),
                new Class<?>[] {ServiceReference.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getProperty" -> properties.get((String) args[0]);
                    case "getPropertyKeys" -> properties.keySet().toArray(new String[0]);
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> null;
                });
    }

    private record Answer(int status, String body) {
    }

    private static Answer get(HealthProbe probe) throws Exception {
        int[] status = {0};
        StringWriter body = new StringWriter();
        PrintWriter writer = new PrintWriter(body);
        HttpServletResponse response = (HttpServletResponse) Proxy.newProxyInstance(HealthProbeTest.class.getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "setStatus" -> status[0] = (Integer) args[0];
                        case "getWriter" -> {
                            return writer;
                        }
                        default -> {
                            // Headers and content type: not what is tested here.
                        }
                    }
                    return null;
                });
        HttpServletRequest request = (HttpServletRequest) Proxy.newProxyInstance(HealthProbeTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> null);
        probe.doGet(request, response);
        writer.flush();
        return new Answer(status[0], body.toString());
    }
}
