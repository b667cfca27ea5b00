package dev.patchbay.tls.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.UnaryOperator;

import dev.patchbay.support.config.ConfigReader;
import dev.patchbay.support.config.ConfigSchema;
import dev.patchbay.support.config.Refusal;

/**
 * One TLS profile's validated configuration (not yet its material: see {@link MaterialLoader}).
 * {@link #parse} checks every key and reports each bad value with what is accepted, so that a
 * refused configuration can be explained in one log line. Password values never appear in a
 * refusal.
 *
 * @param certificate        PEM certificate chain, leaf first; {@code null} with a keystore
 * @param key                PEM PKCS#8 private key; {@code null} with a keystore
 * @param keyPassword        password of an encrypted key, or {@code null}
 * @param keystore           PKCS#12 file holding key and chain, or {@code null}
 * @param keystorePassword   its password, or {@code null}
 * @param keystoreAlias      the key entry to use, or {@code null} for the only one
 * @param trust              PEM CA bundle that verifies client certificates, or {@code null}
 * @param protocols          protocols offered, in order
 * @param cipherSuites       suites offered, or {@code null} for the policy's default
 * @param clientAuth         whether clients are asked for a certificate
 * @param handshakeTimeout   how long a client may take over its handshake
 * @param generateSelfSigned whether to write a self-signed localhost certificate when neither
 *                           {@code certificate} nor {@code key} exists
 */
record TlsSettings(
        Path certificate,
        Path key,
        Secret keyPassword,
        Path keystore,
        Secret keystorePassword,
        String keystoreAlias,
        Path trust,
        List<String> protocols,
        List<String> cipherSuites,
        ClientAuth clientAuth,
        Duration handshakeTimeout,
        boolean generateSelfSigned) {

    static final String CERTIFICATE = "certificate";
    static final String KEY = "key";
    static final String KEY_PASSWORD = "key.password";
    static final String KEY_PASSWORD_ENV = "key.password.env";
    static final String KEYSTORE = "keystore";
    static final String KEYSTORE_PASSWORD = "keystore.password";
    static final String KEYSTORE_PASSWORD_ENV = "keystore.password.env";
    static final String KEYSTORE_ALIAS = "keystore.alias";
    static final String TRUST = "trust";
    static final String PROTOCOLS = "protocols";
    static final String CIPHER_SUITES = "cipher.suites";
    static final String CLIENT_AUTH = "client.auth";
    static final String HANDSHAKE_TIMEOUT = "handshake.timeout";
    static final String GENERATE_SELF_SIGNED = "generate.self.signed";

    /** The declaration of every key: defaults, ranges and options come from it, not from this class. */
    static final ConfigSchema SCHEMA = ConfigSchema.of(TlsProfileConfig.class);
    static final int DEFAULT_HANDSHAKE_TIMEOUT = Integer.parseInt(SCHEMA.attribute(HANDSHAKE_TIMEOUT).defaultValue());
    private static final String HIDDEN = "(hidden)";
    private static final String KARAF_ETC = "${karaf.etc}";

    /** The settings, or the reasons they were refused. */
    record Parsed(TlsSettings settings, List<Refusal> refusals) {
        boolean ok() {
            return refusals.isEmpty();
        }
    }

    /** The files whose changes reload the profile. */
    List<Path> files() {
        List<Path> files = new ArrayList<>();
        for (Path p : Arrays.asList(certificate, key, keystore, trust)) {
            if (p != null) {
                files.add(p);
            }
        }
        return files;
    }

    /** A one-line summary for the log, without secrets. */
    String summary() {
        StringJoiner j = new StringJoiner(", ");
        j.add(PROTOCOLS + "=" + String.join(",", protocols));
        j.add(CIPHER_SUITES + "=" + (cipherSuites == null ? "default (forward secret AEAD)" : String.join(",", cipherSuites)));
        j.add(CLIENT_AUTH + "=" + clientAuth);
        j.add(HANDSHAKE_TIMEOUT + "=" + handshakeTimeout.toSeconds() + " s");
        return j.toString();
    }

    /**
     * Parses a profile's raw configuration.
     *
     * @param props the configuration's properties, values as FileInstall or ConfigAdmin gives them
     * @param etc   the directory relative paths are resolved against (Karaf's {@code etc/})
     * @param env   looks up environment variables (a parameter so that tests need not set any)
     */
    static Parsed parse(Map<String, ?> props, Path etc, UnaryOperator<String> env) {
        ConfigReader r = new ConfigReader(SCHEMA, props);
        TlsSettings s = read(r, etc, env);
        return new Parsed(r.refusals().isEmpty() ? s : null, r.refusals());
    }

    /**
     * Reads every key through {@code r}: the metatype's ranges and options, then the rules it
     * cannot express (which keys go together, environment variables, protocol and suite policy).
     */
    static TlsSettings read(ConfigReader r, Path etc, UnaryOperator<String> env) {
        Path certificate = path(r, CERTIFICATE, etc);
        Path key = path(r, KEY, etc);
        Path keystore = path(r, KEYSTORE, etc);
        Path trust = path(r, TRUST, etc);
        boolean generate = r.bool(GENERATE_SELF_SIGNED);

        if (keystore != null && (certificate != null || key != null)) {
            r.refuseBecause(KEYSTORE, keystore.toString(), "set either keystore or certificate and key, not both");
        } else if (keystore == null && (certificate == null || key == null)) {
            String missing = certificate == null && key == null ? CERTIFICATE + " and " + KEY
                    : certificate == null ? CERTIFICATE : KEY;
            r.refuseBecause(missing, "", "required: PEM files of the certificate chain and its private key "
                    + "(or keystore for a PKCS#12 file)");
        }
        if (generate && keystore != null) {
            r.refuseBecause(GENERATE_SELF_SIGNED, "true", "works with certificate and key only, not with keystore");
        }
        Secret keyPassword = secret(r, KEY_PASSWORD, KEY_PASSWORD_ENV, env);
        Secret keystorePassword = secret(r, KEYSTORE_PASSWORD, KEYSTORE_PASSWORD_ENV, env);
        if (keystore != null && keystorePassword == null) {
            r.refuseBecause(KEYSTORE_PASSWORD_ENV, "", "required with keystore: the name of an environment "
                    + "variable holding the PKCS#12 password");
        }
        String alias = r.string(KEYSTORE_ALIAS);

        List<String> protocols = protocols(r);
        List<String> suites = cipherSuites(r);

        ClientAuth clientAuth = ClientAuth.parse(r.option(CLIENT_AUTH));
        if (clientAuth != ClientAuth.NONE && trust == null) {
            r.refuseBecause(CLIENT_AUTH, clientAuth.toString(), "needs trust: a PEM file of the CA certificates "
                    + "that sign the clients' certificates");
        }
        int timeout = (int) r.numberAccepting(HANDSHAKE_TIMEOUT, "seconds, " + r.accepted(HANDSHAKE_TIMEOUT));
        return new TlsSettings(certificate, key, keyPassword, keystore, keystorePassword, alias, trust, protocols,
                suites, clientAuth, Duration.ofSeconds(timeout), generate);
    }

    private static List<String> protocols(ConfigReader r) {
        List<String> protocols = list(r, PROTOCOLS);
        if (protocols.isEmpty()) {
            r.refuse(PROTOCOLS, "", "TLSv1.3, TLSv1.2 or both");
        }
        for (String p : protocols) {
            if (CipherSuitePolicy.OBSOLETE_PROTOCOLS.contains(p)) {
                r.refuseBecause(PROTOCOLS, p, "obsolete and insecure, never offered; accepted: TLSv1.3, TLSv1.2");
            } else if (!CipherSuitePolicy.ALLOWED_PROTOCOLS.contains(p)) {
                r.refuseBecause(PROTOCOLS, p, "unknown; accepted: TLSv1.3, TLSv1.2");
            }
        }
        return protocols;
    }

    private static List<String> cipherSuites(ConfigReader r) {
        if (!r.present(CIPHER_SUITES)) {
            return null;
        }
        List<String> suites = list(r, CIPHER_SUITES);
        if (suites.isEmpty()) {
            r.refuseBecause(CIPHER_SUITES, "", "leave the key out for the default, or list suites");
        }
        for (String s : suites) {
            String why = CipherSuitePolicy.refusal(s);
            if (why != null) {
                r.refuseBecause(CIPHER_SUITES, s, "refused: " + why
                        + "; accepted: TLS 1.3 suites and TLS_ECDHE_/TLS_DHE_ suites with GCM or CHACHA20_POLY1305");
            }
        }
        return suites;
    }

    /** A password from {@code key} (after Karaf's {@code ${env:X}} interpolation) or from the variable {@code envKey} names. */
    private static Secret secret(ConfigReader r, String key, String envKey, UnaryOperator<String> env) {
        String direct = r.string(key);
        String variable = r.string(envKey);
        if (direct != null && variable != null) {
            r.refuseBecause(key, HIDDEN, "set " + key + " or " + envKey + ", not both");
            return null;
        }
        if (variable != null) {
            String value = env.apply(variable);
            if (value == null || value.isEmpty()) {
                r.refuseBecause(envKey, variable, "the environment variable " + variable
                        + " is not set (or empty) in the Karaf process");
                return null;
            }
            return new Secret("environment variable " + variable, value);
        }
        if (direct != null) {
            if (direct.startsWith("${")) {
                // The value is an unresolved placeholder, not the secret: safe to name.
                r.refuseBecause(key, direct, "was not interpolated: is the environment variable set?");
                return null;
            }
            return new Secret(key, direct);
        }
        return null;
    }

    /** A file path; {@code ${karaf.etc}} (if FileInstall left it) and relative paths resolve against {@code etc}. */
    static Path path(ConfigReader r, String key, Path etc) {
        String value = r.string(key);
        if (value == null) {
            return null;
        }
        if (value.startsWith(KARAF_ETC)) {
            value = value.substring(KARAF_ETC.length()).replaceFirst("^[/\\\\]", "");
            return etc.resolve(value).normalize();
        }
        Path p = Path.of(value);
        return (p.isAbsolute() ? p : etc.resolve(p)).normalize();
    }

    /** A comma list: the declared default when the key is absent; present but blank is an empty list. */
    static List<String> list(ConfigReader r, String key) {
        String value = r.present(key) && r.raw(key) == null ? "" : r.string(key);
        return value == null ? List.of()
                : Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
