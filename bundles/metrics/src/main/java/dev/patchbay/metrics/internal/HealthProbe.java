package dev.patchbay.metrics.internal;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.apache.felix.hc.api.Result;
import org.apache.felix.hc.api.ResultLog;
import org.apache.felix.hc.api.execution.HealthCheckExecutionOptions;
import org.apache.felix.hc.api.execution.HealthCheckExecutionResult;
import org.apache.felix.hc.api.execution.HealthCheckExecutor;
import org.apache.felix.hc.api.execution.HealthCheckSelector;
import dev.patchbay.support.json.Json;

/**
 * A probe servlet over the Felix HC executor: runs the checks of one tag, now (not from the
 * executor's result cache, so that a probe sees a change at once), and answers 200 when the
 * worst status is OK or WARN, else 503, with a JSON body naming each check and its messages.
 * Written here rather than configuring Felix's HealthCheckExecutorServlet so that the status
 * mapping and the body are exactly what probes and operators expect, with no ConfigAdmin
 * factory configuration to ship.
 *
 * <p>Body: {@code {"status":"CRITICAL","checks":[{"name":"Patchbay endpoints","status":
 * "CRITICAL","messages":["echo: WAITING_FOR_HANDLER (…)"]}]}}.
 */
abstract class HealthProbe extends HttpServlet {

    private static final long serialVersionUID = 1L;

    abstract String tag();

    abstract HealthCheckExecutor executor();

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        HealthCheckExecutor executor = executor();
        StringBuilder json = new StringBuilder();
        Result.Status worst;
        if (executor == null) {
            worst = Result.Status.TEMPORARILY_UNAVAILABLE;
            json.append("{\"status\":\"").append(worst).append("\",\"checks\":[],\"reason\":")
                    .append(Json.string("Felix Health Check core is not running")).append('}');
        } else {
            List<HealthCheckExecutionResult> results = executor.execute(HealthCheckSelector.tags(tag()),
                    new HealthCheckExecutionOptions().setForceInstantExecution(true));
            worst = results.isEmpty() ? Result.Status.TEMPORARILY_UNAVAILABLE : Result.Status.OK;
            StringBuilder checks = new StringBuilder();
            for (HealthCheckExecutionResult r : results) {
                Result result = r.getHealthCheckResult();
                if (result.getStatus().ordinal() > worst.ordinal()) {
                    worst = result.getStatus();
                }
                if (checks.length() > 0) {
                    checks.append(',');
                }
                checks.append("{\"name\":").append(Json.string(r.getHealthCheckMetadata().getName()))
                        .append(",\"status\":\"").append(result.getStatus()).append("\",\"messages\":[");
                boolean first = true;
                for (ResultLog.Entry entry : result) {
                    if (entry.isDebug()) {
                        continue;
                    }
                    if (!first) {
                        checks.append(',');
                    }
                    first = false;
                    checks.append(Json.string(entry.getMessage()));
                }
                checks.append("]}");
            }
            json.append("{\"status\":\"").append(worst).append("\",\"checks\":[").append(checks).append("]");
            if (results.isEmpty()) {
                json.append(",\"reason\":").append(Json.string("no health check tagged " + tag() + " is registered"));
            }
            json.append('}');
        }
        boolean healthy = worst == Result.Status.OK || worst == Result.Status.WARN;
        response.setStatus(healthy ? HttpServletResponse.SC_OK : HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        try (Writer out = response.getWriter()) {
            out.write(json.toString());
            out.write('\n');
        }
    }
}
