package dev.patchbay.tls.internal;

import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * A profile's validated key and trust material with the rules it serves under. Immutable: a
 * reload makes a new one, and engines made from an old one keep their own context.
 *
 * @param context      the SSL context holding key and trust managers
 * @param chain        the certificate chain, leaf first
 * @param trustAnchors how many CA certificates verify client certificates (0 without trust)
 * @param protocols    protocols offered
 * @param cipherSuites suites offered, in order of preference
 * @param settings     the configuration this was loaded from
 * @param loadedAt     when it was loaded
 */
record LoadedMaterial(SSLContext context, List<X509Certificate> chain, int trustAnchors, List<String> protocols,
        List<String> cipherSuites, TlsSettings settings, Instant loadedAt) {

    X509Certificate leaf() {
        return chain.get(0);
    }

    String subject() {
        return leaf().getSubjectX500Principal().getName();
    }

    String issuer() {
        return leaf().getIssuerX500Principal().getName();
    }

    Instant notAfter() {
        return leaf().getNotAfter().toInstant();
    }

    /** When the chain presented stops being valid: its earliest not-after (an intermediate may expire first). */
    Instant chainNotAfter() {
        Instant earliest = notAfter();
        for (X509Certificate c : chain) {
            Instant end = c.getNotAfter().toInstant();
            if (end.isBefore(earliest)) {
                earliest = end;
            }
        }
        return earliest;
    }

    long daysLeft(Instant now) {
        return Duration.between(now, notAfter()).toDays();
    }

    /** A server engine with this material's protocols, suites and client-authentication rule. */
    SSLEngine newServerEngine(InetSocketAddress peer) {
        SSLEngine engine = peer == null ? context.createSSLEngine()
                : context.createSSLEngine(peer.getHostString(), peer.getPort());
        engine.setUseClientMode(false);
        SSLParameters parameters = new SSLParameters(cipherSuites.toArray(String[]::new), protocols.toArray(String[]::new));
        // The server's order: the policy lists the strongest suites first, a client's order may not.
        parameters.setUseCipherSuitesOrder(true);
        switch (settings.clientAuth()) {
            case NEED -> parameters.setNeedClientAuth(true);
            case WANT -> parameters.setWantClientAuth(true);
            default -> parameters.setNeedClientAuth(false);
        }
        engine.setSSLParameters(parameters);
        return engine;
    }
}
