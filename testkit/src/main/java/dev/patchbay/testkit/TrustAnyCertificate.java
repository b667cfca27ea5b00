package dev.patchbay.testkit;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * A trust manager that accepts every certificate chain, for test clients of servers with a
 * self-signed or throw-away certificate. JDK types only, so that any test (in the container or
 * not) can use it.
 */
public final class TrustAnyCertificate implements X509TrustManager {

    private TrustAnyCertificate() {
    }

    /** A TLS client context (no client certificate) that trusts whatever certificate the server presents. */
    public static SSLContext clientContext() throws GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new TrustAnyCertificate()}, new SecureRandom());
        return context;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
