package dev.patchbay.tls.internal;

import java.util.Arrays;
import java.util.List;

/**
 * Which protocols and cipher suites a profile may offer: TLS 1.3 and 1.2 only, and only
 * suites with forward secrecy (ephemeral key exchange) and authenticated encryption (AEAD).
 * What clients can get from Patchbay is decided here, whatever a configuration asks for.
 */
final class CipherSuitePolicy {

    static final List<String> ALLOWED_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
    static final List<String> DEFAULT_PROTOCOLS = ALLOWED_PROTOCOLS;
    /** Named in refusals, so that the message says what was wrong with them. */
    static final List<String> OBSOLETE_PROTOCOLS = List.of("TLSv1.1", "TLSv1", "TLSv1.0", "SSLv3", "SSLv2Hello", "SSLv2");

    private CipherSuitePolicy() {
    }

    /** Why a suite is refused, or {@code null} if the policy allows it. */
    static String refusal(String suite) {
        if (suite.equals("TLS_EMPTY_RENEGOTIATION_INFO_SCSV") || suite.equals("TLS_FALLBACK_SCSV")) {
            return "a signalling value, not a cipher suite";
        }
        if (isTls13(suite)) {
            return null;
        }
        if (!suite.startsWith("TLS_ECDHE_") && !suite.startsWith("TLS_DHE_")) {
            return "no forward secrecy (the key exchange is not ECDHE or DHE)";
        }
        if (suite.contains("_anon_") || suite.contains("_NULL_")) {
            return "no authentication or no encryption";
        }
        if (!suite.contains("_GCM_") && !suite.contains("_CHACHA20_POLY1305_")) {
            return "not authenticated encryption (only GCM and CHACHA20_POLY1305 suites are accepted)";
        }
        return null;
    }

    /** TLS 1.3 suites name no key exchange: it is always ephemeral, and every cipher is AEAD. */
    static boolean isTls13(String suite) {
        return suite.equals("TLS_AES_128_GCM_SHA256") || suite.equals("TLS_AES_256_GCM_SHA384")
                || suite.equals("TLS_CHACHA20_POLY1305_SHA256") || suite.equals("TLS_AES_128_CCM_SHA256");
    }

    /** The policy's suites among {@code supported}, in the JDK's order of preference. */
    static List<String> defaultSuites(String[] supported) {
        return Arrays.stream(supported).filter(s -> refusal(s) == null).toList();
    }
}
