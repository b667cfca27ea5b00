package dev.patchbay.metrics.internal;

import java.io.IOException;
import java.io.Writer;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.dropwizard.DropwizardExports;
import io.prometheus.client.exporter.common.TextFormat;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code GET /metrics}: the exported registry in the Prometheus text format 0.0.4, through
 * the simpleclient Dropwizard bridge, and the latency and duration histograms through
 * {@link HistogramExports}. A private CollectorRegistry, not the static default, so
 * that a restarted bundle never finds its previous collector registered.
 */
@Component(service = Servlet.class, property = {
        "osgi.http.whiteboard.servlet.pattern=/metrics",
        "osgi.http.whiteboard.servlet.name=patchbay-metrics"})
public class PrometheusServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Reference
    private transient MetricsRoot root;

    @Reference
    private transient EndpointGauges gauges;

    private transient CollectorRegistry collectors;

    @Activate
    void activate() {
        collectors = new CollectorRegistry();
        collectors.register(new DropwizardExports(root.registry(), HistogramExports.NOT_HERE, PrometheusMapping.sampleBuilder()));
        collectors.register(new HistogramExports(root.registry(), PrometheusMapping.sampleBuilder()));
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        gauges.refresh();
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(TextFormat.CONTENT_TYPE_004);
        response.setHeader("Cache-Control", "no-store");
        try (Writer out = response.getWriter()) {
            TextFormat.write004(out, collectors.metricFamilySamples());
        }
    }
}
