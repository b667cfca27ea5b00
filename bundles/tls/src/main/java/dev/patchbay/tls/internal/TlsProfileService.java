package dev.patchbay.tls.internal;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import javax.net.ssl.SSLEngine;

import dev.patchbay.api.event.EventProperties;
import dev.patchbay.api.event.Topics;
import dev.patchbay.api.tls.TlsProfile;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.patchbay.support.event.EventSink;
import dev.patchbay.support.config.Refusal;
import dev.patchbay.support.config.Refusals;

/**
 * One TLS profile as the transport sees it: engines from the material loaded last. Loads on
 * configuration and when its files change; a refused configuration or file leaves the material
 * that serves untouched. Engines already made keep their own context, so open sessions are
 * never affected by a reload.
 *
 * <p>Plain Java: the DS component {@link TlsProfileComponent} registers it while
 * {@link #hasMaterial()}, and drives {@link #configure} and {@link #poll}.
 */
final class TlsProfileService implements TlsProfile {

    private static final Logger LOG = LoggerFactory.getLogger(TlsProfileService.class);
    /** Certificates closer than this to expiry are loaded with a warning. */
    static final Duration EXPIRY_WARNING = Duration.ofDays(14);

    private final String name;
    private final String source;
    private final Path etc;
    private final UnaryOperator<String> env;
    private final EventSink events;
    private final Clock clock;

    /** What new handshakes use; {@code null} until something good was loaded. */
    private volatile LoadedMaterial current;
    /** Why the last configuration or load was refused, or {@code null} after a good one. */
    private volatile String refusal;

    // Guarded by this: the configuration accepted last, and the file states seen.
    private TlsSettings settings;
    private List<FileStamp> attempted;
    private List<FileStamp> candidate;

    TlsProfileService(String name, String source, Path etc, UnaryOperator<String> env, EventSink events, Clock clock) {
        this.name = name;
        this.source = source;
        this.etc = etc;
        this.env = env;
        this.events = events;
        this.clock = clock;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public SSLEngine newServerEngine(InetSocketAddress peer) {
        LoadedMaterial m = current;
        if (m == null) {
            throw new IllegalStateException("TLS profile " + name + " (" + source + ") has no valid key material");
        }
        return m.newServerEngine(peer);
    }

    @Override
    public Duration handshakeTimeout() {
        LoadedMaterial m = current;
        return m == null ? Duration.ofSeconds(TlsSettings.DEFAULT_HANDSHAKE_TIMEOUT) : m.settings().handshakeTimeout();
    }

    @Override
    public Optional<Instant> certificateNotAfter() {
        LoadedMaterial m = current;
        return m == null ? Optional.empty() : Optional.of(m.chainNotAfter());
    }

    boolean hasMaterial() {
        return current != null;
    }

    LoadedMaterial material() {
        return current;
    }

    /** Applies a new configuration: loads its material at once, or refuses it and keeps what serves. */
    synchronized void configure(Map<String, ?> props) {
        TlsSettings.Parsed parsed = TlsSettings.parse(props, etc, env);
        if (!parsed.ok()) {
            String reason = Refusals.line(parsed.refusals());
            String keys = parsed.refusals().stream().map(Refusal::key).distinct().collect(Collectors.joining(","));
            refused(source, keys, reason);
            // Like every refused .cfg edit, for the audit log; values hold no password (see TlsSettings).
            Map<String, Object> event = Refusals.event(String.valueOf(props.get("service.pid")), source, parsed.refusals());
            event.put(EventProperties.PROFILE, name);
            events.post(Topics.CONFIG_REFUSED, event);
            return;
        }
        if (parsed.settings().equals(settings)) {
            // Saved again unchanged (ConfigAdmin writes back to the file): the files' own changes are polled.
            return;
        }
        settings = parsed.settings();
        attempt();
    }

    /**
     * Reloads when the watched files changed and then stayed the same for one poll, so that a
     * certificate and key copied one after the other are read together, not half-way.
     */
    synchronized void poll() {
        if (settings == null) {
            return;
        }
        List<FileStamp> now = FileStamp.of(settings.files());
        if (now.equals(attempted)) {
            candidate = null;
            return;
        }
        if (!now.equals(candidate)) {
            candidate = now;
            return;
        }
        candidate = null;
        attempt();
    }

    private void attempt() {
        TlsSettings s = settings;
        if (s.generateSelfSigned()) {
            generateIfMissing(s);
        }
        attempted = FileStamp.of(s.files());
        candidate = null;
        LoadedMaterial m;
        try {
            m = MaterialLoader.load(s, clock.instant());
        } catch (MaterialException e) {
            refused(display(e.file()), null, e.getMessage());
            return;
        }
        LoadedMaterial previous = current;
        current = m;
        refusal = null;
        loaded(m, previous);
    }

    private void generateIfMissing(TlsSettings s) {
        if (FileStamp.exists(s.certificate()) || FileStamp.exists(s.key())) {
            return;
        }
        try {
            X509Certificate c = SelfSignedCertificate.writeTo(s.certificate(), s.key(), clock.instant());
            // One WARN per line: Karaf's log layout encodes line breaks and cuts messages at 500 characters.
            String rule = "*".repeat(90);
            LOG.warn(rule);
            LOG.warn("* TLS profile {} ({}): GENERATED A SELF-SIGNED CERTIFICATE FOR localhost, valid until {}.",
                    name, source, c.getNotAfter().toInstant());
            LOG.warn("* It is for TRYING PATCHBAY OUT ONLY: no client can verify it, and whoever reads {} can impersonate this server.",
                    display(s.key().toString()));
            LOG.warn("* For real use: put your certificate chain (PEM, server certificate first) in {}", display(s.certificate().toString()));
            LOG.warn("* and its PKCS#8 private key in {} (picked up within two seconds),", display(s.key().toString()));
            LOG.warn("* or point certificate and key in {} at them; then set generate.self.signed = false there.", source);
            LOG.warn(rule);
        } catch (IOException | GeneralSecurityException e) {
            // The load that follows refuses the missing files with one clear line.
            LOG.warn("TLS profile {} ({}): could not generate a self-signed certificate: {}", name, source, e.toString());
        }
    }

    private void loaded(LoadedMaterial m, LoadedMaterial previous) {
        Instant now = clock.instant();
        long days = m.daysLeft(now);
        String files = m.settings().files().stream().map(p -> display(p.toString())).collect(Collectors.joining(", "));
        LOG.info("TLS profile {} ({}): {} certificate {} issued by {}, valid until {} ({} days left), from {}; {}",
                name, source, previous == null ? "serving" : "reloaded, new handshakes use", m.subject(), m.issuer(),
                m.notAfter(), days, files, m.settings().summary()
                        + (m.trustAnchors() > 0 ? ", " + m.trustAnchors() + " trusted CA certificate(s) for clients" : ""));
        if (Duration.between(now, m.notAfter()).compareTo(EXPIRY_WARNING) < 0) {
            LOG.warn("TLS profile {} ({}): certificate {} expires in {} days, on {}; replace {}", name, source, m.subject(),
                    days, m.notAfter(), files);
        }
        Map<String, Object> event = new HashMap<>();
        event.put(EventProperties.PROFILE, name);
        event.put(EventProperties.SUBJECT, m.subject());
        event.put(EventProperties.ISSUER, m.issuer());
        event.put(EventProperties.NOT_AFTER, m.notAfter().toString());
        event.put(EventProperties.FILES, files);
        events.post(Topics.TLS_LOADED, event);
    }

    private void refused(String file, String key, String reason) {
        refusal = file + ": " + reason;
        LoadedMaterial m = current;
        if (m != null) {
            LOG.warn("TLS profile {} ({}): refused {}: {}; still serving certificate {} (valid until {})",
                    name, source, file, reason, m.subject(), m.notAfter());
        } else {
            LOG.warn("TLS profile {} ({}): refused {}: {}; nothing to serve: endpoints with tls={} stay closed (fail closed)",
                    name, source, file, reason, name);
        }
        Map<String, Object> event = new HashMap<>();
        event.put(EventProperties.PROFILE, name);
        event.put(EventProperties.FILE, file);
        event.put(EventProperties.REASON, reason);
        if (key != null) {
            event.put(EventProperties.KEY, key);
        }
        events.post(Topics.TLS_REFUSED, event);
    }

    ProfileStatus status() {
        LoadedMaterial m = current;
        TlsSettings s = m != null ? m.settings() : null;
        return new ProfileStatus(name, source, m != null ? ProfileStatus.LOADED : ProfileStatus.REFUSED, refusal,
                m == null ? null : m.subject(), m == null ? null : m.issuer(), m == null ? null : m.notAfter(),
                s == null ? null : s.clientAuth().toString(), s == null ? List.of() : s.protocols(),
                s == null ? List.of() : s.files().stream().map(p -> display(p.toString())).toList(),
                m == null ? null : m.loadedAt());
    }

    /** A path under etc/ as {@code etc/<file>}, the way operators know it; others as they are. */
    private String display(String file) {
        Path p = Path.of(file);
        if (p.isAbsolute() && p.startsWith(etc)) {
            return "etc/" + etc.relativize(p);
        }
        return file;
    }
}
