package dev.patchbay.testkit;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away certificate authority made at test time (Bouncy Castle encodes, the JDK signs),
 * issuing server and client certificates, written as the PEM files a TLS profile reads, and
 * client SSL contexts that trust it.
 */
public final class TestCertificates {

    /** One key pair with its certificate. */
    public record Issued(KeyPair keys, X509Certificate certificate) {

        /** Writes certificate and key through temporary files and moves, as an operator's deploy script would. */
        public void writeTo(Path certificateFile, Path keyFile) throws Exception {
            replace(keyFile, pem("PRIVATE KEY", keys.getPrivate().getEncoded()));
            replace(certificateFile, pem("CERTIFICATE", certificate.getEncoded()));
        }
    }

    private final Issued ca;

    public TestCertificates(String caName) throws Exception {
        KeyPair keys = rsa();
        ca = new Issued(keys, sign(caName, keys, caName, keys, true, Duration.ofDays(2)));
    }

    public X509Certificate caCertificate() {
        return ca.certificate();
    }

    /** An RSA certificate for {@code subject}, with DNS:localhost and IP:127.0.0.1, signed by the CA. */
    public Issued issue(String subject) throws Exception {
        return issue(subject, Duration.ofDays(1));
    }

    /** The same, valid from an hour ago until {@code validity} from now. */
    public Issued issue(String subject, Duration validity) throws Exception {
        KeyPair keys = rsa();
        return new Issued(keys, sign(subject, keys, ca.certificate().getSubjectX500Principal().getName(), ca.keys(), false,
                validity));
    }

    public void writeCaTo(Path file) throws Exception {
        replace(file, pem("CERTIFICATE", ca.certificate().getEncoded()));
    }

    /** A client context trusting this CA, presenting {@code client} if not {@code null}. */
    public SSLContext clientContext(Issued client) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", ca.certificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        KeyManagerFactory kmf = null;
        if (client != null) {
            char[] password = "test-only".toCharArray();
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("client", client.keys().getPrivate(), password,
                    new Certificate[] {client.certificate(), ca.certificate()});
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, password);
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), new SecureRandom());
        return context;
    }

    private static KeyPair rsa() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
    }

    private static X509Certificate sign(String subject, KeyPair subjectKeys, String issuer, KeyPair issuerKeys, boolean ca,
            Duration validity) throws Exception {
        Instant now = Instant.now();
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(new X500Name(issuer),
                new BigInteger(64, new SecureRandom()), Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(validity)),
                new X500Name(subject), subjectKeys.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        if (!ca) {
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                    new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
        }
        byte[] der = b.build(new JcaContentSignerBuilder("SHA256withRSA").build(issuerKeys.getPrivate())).getEncoded();
        // Through the JDK's own factory: the certificate object then has no Bouncy Castle type in it.
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
    }

    public static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    /** Writes a file through a temporary file and an atomic move: a watcher never sees half of it. */
    public static void replace(Path file, String text) throws Exception {
        Files.createDirectories(file.getParent());
        Path temporary = file.resolveSibling("." + file.getFileName() + ".tmp");
        Files.write(temporary, text.getBytes(US_ASCII));
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
