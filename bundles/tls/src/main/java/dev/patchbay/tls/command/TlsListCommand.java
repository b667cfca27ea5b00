package dev.patchbay.tls.command;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import dev.patchbay.api.runtime.EndpointInfo;
import dev.patchbay.api.runtime.TransportRuntime;
import dev.patchbay.tls.internal.ProfileStatus;
import dev.patchbay.tls.internal.TlsRegistry;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Service
@Command(scope = "patchbay", name = "tls-list",
        description = "Lists the TLS profiles: state (loaded; refused and why; or waiting when an endpoint names a profile "
                + "with no etc/dev.patchbay.tls-<profile>.cfg), the certificate served (subject, issuer, expiry, days left), "
                + "client authentication, protocols, and the endpoints using each profile (tls=<profile>). "
                + "A profile that refused a change keeps serving its previous certificate: the state says so. "
                + "Replace the certificate and key files to renew; they are picked up within two seconds.")
public class TlsListCommand implements Action {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    @Reference
    private TlsRegistry registry;

    @Reference(optional = true)
    private TransportRuntime runtime;

    @Option(name = "--no-format", description = "Plain output without table borders, for scripts")
    private boolean noFormat;

    @Override
    public Object execute() {
        Map<String, List<String>> endpointsByProfile = new LinkedHashMap<>();
        if (runtime != null) {
            for (EndpointInfo e : runtime.endpoints()) {
                if (e.tls() != null) {
                    endpointsByProfile.computeIfAbsent(e.tls(), k -> new ArrayList<>()).add(e.name());
                }
            }
        }
        ShellTable table = new ShellTable();
        table.column("Profile");
        table.column("State");
        table.column("Subject");
        table.column("Issuer");
        table.column("Not after");
        table.column("Days left").alignRight();
        table.column("Client auth");
        table.column("Protocols");
        table.column("Endpoints");
        Instant now = Instant.now();
        TreeSet<String> unconfigured = new TreeSet<>(endpointsByProfile.keySet());
        for (ProfileStatus p : registry.profiles()) {
            unconfigured.remove(p.profile());
            table.addRow().addContent(p.profile(), state(p), dash(p.subject()), dash(p.issuer()),
                    p.notAfter() == null ? "-" : TIME.format(p.notAfter()),
                    p.notAfter() == null ? "-" : Duration.between(now, p.notAfter()).toDays(),
                    dash(p.clientAuth()), p.protocols().isEmpty() ? "-" : String.join(",", p.protocols()),
                    String.join(",", endpointsByProfile.getOrDefault(p.profile(), List.of())));
        }
        for (String missing : unconfigured) {
            table.addRow().addContent(missing, "waiting: no etc/dev.patchbay.tls-" + missing + ".cfg", "-", "-", "-", "-", "-",
                    "-", String.join(",", endpointsByProfile.get(missing)));
        }
        table.print(System.out, !noFormat);
        return null;
    }

    private static String state(ProfileStatus p) {
        if (ProfileStatus.LOADED.equals(p.state())) {
            return p.refusal() == null ? "loaded" : "loaded; last change refused: " + p.refusal();
        }
        return p.refusal() == null ? "waiting: loading" : "refused: " + p.refusal();
    }

    private static String dash(String s) {
        return s == null ? "-" : s;
    }
}
