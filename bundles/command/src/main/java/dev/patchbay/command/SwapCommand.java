package dev.patchbay.command;

import java.util.Dictionary;

import dev.patchbay.api.runtime.EndpointInfo;
import dev.patchbay.api.runtime.HandlerInfo;
import dev.patchbay.api.runtime.TransportRuntime;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;
import org.osgi.framework.Version;
import org.osgi.framework.VersionRange;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

@Service
@Command(scope = "patchbay", name = "swap",
        description = "Makes an endpoint serve another handler, or another version range of its handler. "
                + "The change is saved in the endpoint's configuration (and so in its .cfg file); "
                + "the port stays bound, new sessions go to the new handler at once, and open sessions "
                + "follow the endpoint's swap.policy (handover or drain).")
public class SwapCommand implements Action {

    @Reference
    private TransportRuntime runtime;

    @Reference
    private ConfigurationAdmin configAdmin;

    @Argument(index = 0, name = "endpoint", description = "Endpoint name", required = true)
    @Completion(EndpointNameCompleter.class)
    private String endpoint;

    @Argument(index = 1, name = "handler", description = "Handler name", required = true)
    @Completion(HandlerNameCompleter.class)
    private String handler;

    @Argument(index = 2, name = "version-range",
            description = "OSGi version range, e.g. [2.0,3.0) or 1.2.0 (at least 1.2.0). Default: any version, the highest serves")
    private String versionRange;

    @Override
    public Object execute() throws Exception {
        EndpointInfo info = runtime.endpoints().stream().filter(e -> e.name().equals(endpoint)).findFirst().orElse(null);
        if (info == null) {
            throw Failures.noEndpoint(endpoint);
        }
        VersionRange range = null;
        if (versionRange != null) {
            try {
                range = VersionRange.valueOf(versionRange);
            } catch (IllegalArgumentException e) {
                throw new CommandException("Not an OSGi version range: " + versionRange + " (e.g. [2.0,3.0) or 1.2.0)");
            }
        }
        VersionRange wanted = range;
        boolean installed = runtime.handlers().stream().anyMatch(h -> h.name().equals(handler)
                && (wanted == null || wanted.includes(Version.parseVersion(h.version()))));
        if (!installed) {
            throw new CommandException("No installed handler " + handler + (range == null ? "" : " in " + range)
                    + "; nothing changed (see patchbay:handler-list)");
        }
        Configuration cfg = configAdmin.getConfiguration(info.pid(), null);
        Dictionary<String, Object> props = cfg.getProperties();
        if (props == null) {
            throw new CommandException("Endpoint " + endpoint + " has no configuration " + info.pid() + "; nothing changed");
        }
        props.put("handler", handler);
        if (range == null) {
            props.remove("handler.version");
        } else {
            props.put("handler.version", range.toString());
        }
        cfg.update(props);
        String serving = runtime.handlers().stream().filter(h -> h.name().equals(handler)
                && (wanted == null || wanted.includes(Version.parseVersion(h.version()))))
                .map(HandlerInfo::version).max((a, b) -> Version.parseVersion(a).compareTo(Version.parseVersion(b))).orElse("?");
        System.out.println("Endpoint " + endpoint + ": new sessions go to " + handler + " " + serving
                + "; open sessions follow swap.policy=" + info.swapPolicy());
        return null;
    }
}
