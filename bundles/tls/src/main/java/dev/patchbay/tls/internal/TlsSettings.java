package dev.patchbay.tls.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.UnaryOperator;

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

    static final int DEFAULT_HANDSHAKE_TIMEOUT = 10;
    static final int MAX_HANDSHAKE_TIMEOUT = 300;
    private static final String HIDDEN = "(hidden)";
    private static final String KARAF_ETC = "${karaf.etc}";

    /** One refused key. */
    record Refusal(String key, String value, String accepted) {
        @Override
        public String toString() {
            return key + "=" + value + " (" + accepted + ")";
        }
    }

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
        List<Refusal> refusals = new ArrayList<>();
        Path certificate = path(props, CERTIFICATE, etc);
        Path key = path(props, KEY, etc);
        Path keystore = path(props, KEYSTORE, etc);
        Path trust = path(props, TRUST, etc);
        boolean generate = Boolean.parseBoolean(string(props, GENERATE_SELF_SIGNED, "false"));

        if (keystore != null && (certificate != null || key != null)) {
            refusals.add(new Refusal(KEYSTORE, keystore.toString(), "set either keystore or certificate and key, not both"));
        } else if (keystore == null && (certificate == null || key == null)) {
            String missing = certificate == null && key == null ? CERTIFICATE + " and " + KEY
                    : certificate == null ? CERTIFICATE : KEY;
            refusals.add(new Refusal(missing, "", "required: PEM files of the certificate chain and its private key "
                    + "(or keystore for a PKCS#12 file)"));
        }
        if (generate && keystore != null) {
            refusals.add(new Refusal(GENERATE_SELF_SIGNED, "true", "works with certificate and key only, not with keystore"));
        }
        Secret keyPassword = secret(props, KEY_PASSWORD, KEY_PASSWORD_ENV, env, refusals);
        Secret keystorePassword = secret(props, KEYSTORE_PASSWORD, KEYSTORE_PASSWORD_ENV, env, refusals);
        if (keystore != null && keystorePassword == null) {
            refusals.add(new Refusal(KEYSTORE_PASSWORD_ENV, "", "required with keystore: the name of an environment "
                    + "variable holding the PKCS#12 password"));
        }
        String alias = string(props, KEYSTORE_ALIAS, null);

        List<String> protocols = protocols(props, refusals);
        List<String> suites = cipherSuites(props, refusals);

        ClientAuth clientAuth = ClientAuth.NONE;
        String clientAuthValue = string(props, CLIENT_AUTH, "none");
        try {
            clientAuth = ClientAuth.parse(clientAuthValue);
        } catch (IllegalArgumentException e) {
            refusals.add(new Refusal(CLIENT_AUTH, clientAuthValue, "accepted: none, want or need"));
        }
        if (clientAuth != ClientAuth.NONE && trust == null) {
            refusals.add(new Refusal(CLIENT_AUTH, clientAuth.toString(), "needs trust: a PEM file of the CA certificates "
                    + "that sign the clients' certificates"));
        }

        int timeout = DEFAULT_HANDSHAKE_TIMEOUT;
        String timeoutValue = string(props, HANDSHAKE_TIMEOUT, Integer.toString(DEFAULT_HANDSHAKE_TIMEOUT));
        try {
            timeout = Integer.parseInt(timeoutValue.trim());
            if (timeout < 1 || timeout > MAX_HANDSHAKE_TIMEOUT) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            refusals.add(new Refusal(HANDSHAKE_TIMEOUT, timeoutValue, "accepted: seconds, an integer from 1 to " + MAX_HANDSHAKE_TIMEOUT));
        }
        if (!refusals.isEmpty()) {
            return new Parsed(null, List.copyOf(refusals));
        }
        return new Parsed(new TlsSettings(certificate, key, keyPassword, keystore, keystorePassword, alias, trust, protocols,
                suites, clientAuth, Duration.ofSeconds(timeout), generate), List.of());
    }

    private static List<String> protocols(Map<String, ?> props, List<Refusal> refusals) {
        List<String> protocols = list(props, PROTOCOLS);
        if (protocols == null) {
            return CipherSuitePolicy.DEFAULT_PROTOCOLS;
        }
        if (protocols.isEmpty()) {
            refusals.add(new Refusal(PROTOCOLS, "", "accepted: TLSv1.3, TLSv1.2 or both"));
        }
        for (String p : protocols) {
            if (CipherSuitePolicy.OBSOLETE_PROTOCOLS.contains(p)) {
                refusals.add(new Refusal(PROTOCOLS, p, "obsolete and insecure, never offered; accepted: TLSv1.3, TLSv1.2"));
            } else if (!CipherSuitePolicy.ALLOWED_PROTOCOLS.contains(p)) {
                refusals.add(new Refusal(PROTOCOLS, p, "unknown; accepted: TLSv1.3, TLSv1.2"));
            }
        }
        return protocols;
    }

    private static List<String> cipherSuites(Map<String, ?> props, List<Refusal> refusals) {
        List<String> suites = list(props, CIPHER_SUITES);
        if (suites == null) {
            return null;
        }
        if (suites.isEmpty()) {
            refusals.add(new Refusal(CIPHER_SUITES, "", "leave the key out for the default, or list suites"));
        }
        for (String s : suites) {
            String why = CipherSuitePolicy.refusal(s);
            if (why != null) {
                refusals.add(new Refusal(CIPHER_SUITES, s, "refused: " + why
                        + "; accepted: TLS 1.3 suites and TLS_ECDHE_/TLS_DHE_ suites with GCM or CHACHA20_POLY1305"));
            }
        }
        return suites;
    }

    /** A password from {@code key} (after Karaf's {@code ${env:X}} interpolation) or from the variable {@code envKey} names. */
    private static Secret secret(Map<String, ?> props, String key, String envKey, UnaryOperator<String> env,
            List<Refusal> refusals) {
        String direct = string(props, key, null);
        String variable = string(props, envKey, null);
        if (direct != null && variable != null) {
            refusals.add(new Refusal(key, HIDDEN, "set " + key + " or " + envKey + ", not both"));
            return null;
        }
        if (variable != null) {
            String value = env.apply(variable);
            if (value == null || value.isEmpty()) {
                refusals.add(new Refusal(envKey, variable, "the environment variable " + variable
                        + " is not set (or empty) in the Karaf process"));
                return null;
            }
            return new Secret("environment variable " + variable, value);
        }
        if (direct != null) {
            if (direct.startsWith("${")) {
                refusals.add(new Refusal(key, direct, "was not interpolated: is the environment variable set?"));
                return null;
            }
            return new Secret(key, direct);
        }
        return null;
    }

    /** A file path; {@code ${karaf.etc}} (if FileInstall left it) and relative paths resolve against {@code etc}. */
    static Path path(Map<String, ?> props, String key, Path etc) {
        String value = string(props, key, null);
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

    /** A trimmed value, or {@code fallback} when absent or blank. Arrays (from ConfigAdmin) are joined by commas. */
    static String string(Map<String, ?> props, String key, String fallback) {
        Object value = props.get(key);
        if (value == null) {
            return fallback;
        }
        String s;
        if (value instanceof String[] a) {
            s = String.join(",", a);
        } else if (value instanceof Collection<?> c) {
            StringJoiner j = new StringJoiner(",");
            c.forEach(o -> j.add(String.valueOf(o)));
            s = j.toString();
        } else {
            s = value.toString();
        }
        s = s.trim();
        return s.isEmpty() ? fallback : s;
    }

    /** A comma list, or {@code null} when the key is absent; present but blank is an empty list. */
    static List<String> list(Map<String, ?> props, String key) {
        if (!props.containsKey(key)) {
            return null;
        }
        String value = string(props, key, "");
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
