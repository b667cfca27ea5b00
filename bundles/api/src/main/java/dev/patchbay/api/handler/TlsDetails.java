package dev.patchbay.api.handler;

/**
 * What a TLS session negotiated.
 *
 * @param protocol    the protocol, such as {@code TLSv1.3}
 * @param cipherSuite the cipher suite, such as {@code TLS_AES_128_GCM_SHA256}
 * @param peerSubject the subject of the client certificate the profile's trust material
 *                    verified, as an RFC 2253 name, or {@code null} when the client sent none
 * @param profile     the name of the TLS profile that served the handshake
 */
public record TlsDetails(String protocol, String cipherSuite, String peerSubject, String profile) {
}
