package dev.patchbay.audit.internal;

import java.io.IOException;
import java.lang.reflect.Array;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.SynchronousConfigurationListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes {@code config.changed} for every ConfigAdmin change: the PID, and each key added,
 * removed or changed with its old and new value (secrets masked). ConfigAdmin tells only that
 * a PID changed, so a snapshot of every PID's properties is kept to diff against. A
 * synchronous listener: the change is on file (or queued, after two seconds of a stalled disk) before
 * {@code Configuration.update()} returns to
 * the console command or FileInstall that made it, and the console user is known.
 */
@Component(service = SynchronousConfigurationListener.class)
public class ConfigChangeAuditor implements SynchronousConfigurationListener {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigChangeAuditor.class);

    /** Bookkeeping ConfigAdmin and FileInstall add; not configuration an operator changes. */
    private static final Set<String> IGNORED = Set.of("service.pid", "service.factoryPid", "service.bundleLocation",
            "felix.fileinstall.filename");

    @Reference
    private AuditLog audit;

    @Reference
    private ConfigurationAdmin configurationAdmin;

    private final Map<String, Map<String, String>> snapshots = new ConcurrentHashMap<>();

    @Activate
    void activate() {
        try {
            Configuration[] all = configurationAdmin.listConfigurations(null);
            if (all != null) {
                for (Configuration c : all) {
                    if (c.getProperties() != null) {
                        snapshots.put(c.getPid(), flatten(c.getProperties()));
                    }
                }
            }
        } catch (IOException | InvalidSyntaxException e) {
            LOG.warn("Audit: could not read the configurations to diff changes against; the first change of each PID "
                    + "will list all its keys as added: {}", e.toString());
        }
    }

    @Override
    public void configurationEvent(ConfigurationEvent event) {
        String pid = event.getPid();
        switch (event.getType()) {
            case ConfigurationEvent.CM_UPDATED -> updated(pid, event.getFactoryPid());
            case ConfigurationEvent.CM_DELETED -> deleted(pid, event.getFactoryPid());
            default -> {
                // A location change moves nothing an operator configured.
            }
        }
    }

    private void updated(String pid, String factoryPid) {
        Dictionary<String, Object> properties = read(pid);
        if (properties == null) {
            return;
        }
        Map<String, String> now = flatten(properties);
        Map<String, String> before = snapshots.put(pid, now);
        Map<String, Object> changes = diff(before == null ? Map.of() : before, now, audit.redactor());
        if (changes.isEmpty()) {
            // Saved again with the same values (FileInstall writes back what the console changed).
            return;
        }
        audit.recordAndWait(AuditEvent.of("config.changed")
                .user(CurrentUser.name())
                .pid(pid)
                .detail("factory.pid", factoryPid)
                .detail("file", string(properties.get("felix.fileinstall.filename")))
                .detail("created", before == null ? Boolean.TRUE : null)
                .detail("changes", changes));
    }

    private void deleted(String pid, String factoryPid) {
        Map<String, String> before = snapshots.remove(pid);
        audit.recordAndWait(AuditEvent.of("config.changed")
                .user(CurrentUser.name())
                .pid(pid)
                .detail("factory.pid", factoryPid)
                .detail("deleted", Boolean.TRUE)
                .detail("changes", before == null ? null : diff(before, Map.of(), audit.redactor())));
    }

    /**
     * Each key whose value differs, in key order, as {@code key -> {old, new}}; a key missing
     * on one side has no {@code old} or no {@code new}. Secret values are masked here, where
     * the key is known.
     */
    static Map<String, Object> diff(Map<String, String> before, Map<String, String> after, SecretRedactor redactor) {
        Set<String> keys = new TreeSet<>(before.keySet());
        keys.addAll(after.keySet());
        Map<String, Object> changes = new LinkedHashMap<>();
        for (String key : keys) {
            String old = before.get(key);
            String now = after.get(key);
            if (old != null && old.equals(now)) {
                continue;
            }
            boolean secret = redactor.isSecretKey(key) || redactor.isSecretValue(old) || redactor.isSecretValue(now);
            Map<String, Object> change = new LinkedHashMap<>();
            change.put("old", old == null ? null : secret ? SecretRedactor.MASK : old);
            change.put("new", now == null ? null : secret ? SecretRedactor.MASK : now);
            changes.put(key, change);
        }
        return changes;
    }

    private Dictionary<String, Object> read(String pid) {
        try {
            Configuration[] found = configurationAdmin.listConfigurations("(service.pid=" + escape(pid) + ")");
            return found == null || found.length == 0 ? null : found[0].getProperties();
        } catch (IOException | InvalidSyntaxException e) {
            audit.recordAndWait(AuditEvent.of("config.changed").pid(pid)
                    .detail("error", "could not read the new configuration: " + e));
            return null;
        }
    }

    static Map<String, String> flatten(Dictionary<String, ?> properties) {
        Map<String, String> m = new TreeMap<>();
        for (Enumeration<String> keys = properties.keys(); keys.hasMoreElements();) {
            String key = keys.nextElement();
            if (!IGNORED.contains(key)) {
                m.put(key, string(properties.get(key)));
            }
        }
        return m;
    }

    private static String string(Object value) {
        if (value == null) {
            return null;
        }
        if (value.getClass().isArray()) {
            StringBuilder s = new StringBuilder();
            for (int i = 0; i < Array.getLength(value); i++) {
                if (i > 0) {
                    s.append(',');
                }
                s.append(Array.get(value, i));
            }
            return s.toString();
        }
        return String.valueOf(value);
    }

    /** LDAP filter value escaping (RFC 4515), for PIDs with parentheses or stars. */
    static String escape(String value) {
        StringBuilder s = new StringBuilder(value.length());
        for (char c : value.toCharArray()) {
            if (c == '\\' || c == '*' || c == '(' || c == ')') {
                s.append('\\');
            }
            s.append(c);
        }
        return s.toString();
    }
}
