package dev.patchbay.tls.internal;

import java.time.Instant;
import java.util.List;

/**
 * What one TLS profile is doing, for the console.
 *
 * @param profile     the profile's name
 * @param source      its configuration file
 * @param state       {@code loaded}, or {@code refused} while it has no good material
 * @param refusal     why its last configuration or material was refused (it may still serve
 *                    earlier material), or {@code null}
 * @param subject     subject of the certificate it serves, or {@code null}
 * @param issuer      issuer of that certificate, or {@code null}
 * @param notAfter    when that certificate expires, or {@code null}
 * @param clientAuth  none, want or need
 * @param protocols   protocols offered
 * @param files       the files it watches
 * @param loadedAt    when its material was loaded, or {@code null}
 */
public record ProfileStatus(String profile, String source, String state, String refusal, String subject, String issuer,
        Instant notAfter, String clientAuth, List<String> protocols, List<String> files, Instant loadedAt) {

    public static final String LOADED = "loaded";
    public static final String REFUSED = "refused";
}
