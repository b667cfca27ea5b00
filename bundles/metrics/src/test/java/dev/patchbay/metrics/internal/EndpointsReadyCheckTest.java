package dev.patchbay.metrics.internal;

import static org.junit.Assert.assertEquals;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;

import org.apache.felix.hc.api.Result;
import org.apache.felix.hc.api.ResultLog;
import org.junit.Test;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import dev.patchbay.api.runtime.EndpointInfo;
import dev.patchbay.api.runtime.EndpointState;

/** At boot the transport may run before it was given every endpoint configuration ConfigAdmin holds. */
public class EndpointsReadyCheckTest {

    private final StubTransportRuntime transport = new StubTransportRuntime();
    private final List<Configuration> configured = new ArrayList<>();

    @Test
    public void aConfiguredEndpointTheTransportHasNotStartedIsNotReady() throws Exception {
        configured.add(configuration("dev.patchbay.endpoint~echo", "file:/opt/patchbay/etc/dev.patchbay.endpoint-echo.cfg"));
        transport.endpoints = List.of();
        Result result = check().execute();
        assertEquals(Result.Status.CRITICAL, result.getStatus());
        assertEquals(List.of("file:/opt/patchbay/etc/dev.patchbay.endpoint-echo.cfg: configured, not started yet"),
                messages(result));

        transport.endpoints = List.of(EndpointInfo.builder("echo").pid("dev.patchbay.endpoint~echo")
                .state(EndpointState.LISTENING).build());
        result = check().execute();
        assertEquals(Result.Status.OK, result.getStatus());
        assertEquals(List.of("1 endpoint(s) listening"), messages(result));
    }

    @Test
    public void noEndpointConfiguredIsReady() throws Exception {
        transport.endpoints = List.of();
        assertEquals(Result.Status.OK, check().execute().getStatus());
    }

    private EndpointsReadyCheck check() throws Exception {
        EndpointsReadyCheck check = new EndpointsReadyCheck();
        PrometheusExpositionTest.inject(check, "runtime", transport);
        PrometheusExpositionTest.inject(check, "configurationAdmin", configurationAdmin());
        return check;
    }

    private ConfigurationAdmin configurationAdmin() {
        return (ConfigurationAdmin) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ConfigurationAdmin.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("listConfigurations")) {
                        assertEquals("(service.factoryPid=dev.patchbay.endpoint)", args[0]);
                        return configured.isEmpty() ? null : configured.toArray(new Configuration[0]);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private static Configuration configuration(String pid, String file) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("felix.fileinstall.filename", file);
        return (Configuration) Proxy.newProxyInstance(EndpointsReadyCheckTest.class.getClassLoader(),
                new Class<?>[] {Configuration.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getPid" -> pid;
                    case "getProperties" -> properties;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
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
