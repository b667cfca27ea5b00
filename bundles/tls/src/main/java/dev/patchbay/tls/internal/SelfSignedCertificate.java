package dev.patchbay.tls.internal;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A self-signed certificate for {@code localhost} (DNS:localhost, IP:127.0.0.1) on a new EC
 * P-256 key, so that the shipped TLS endpoint works out of the box. Bouncy Castle only encodes
 * the certificate: keys and signatures come from the JDK's providers (no provider is
 * registered).
 */
final class SelfSignedCertificate {

    static final Duration VALIDITY = Duration.ofDays(90);
    /** Most significant first, as X.500 orders names: shown as {@code CN=localhost,O=...} (RFC 2253 order). */
    static final String SUBJECT = "O=Patchbay self-signed for trying out,CN=localhost";

    private SelfSignedCertificate() {
    }

    /** Generates key and certificate and writes them as new PEM files. */
    static X509Certificate writeTo(Path certificate, Path key, Instant now) throws IOException, GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
        KeyPair pair = generator.generateKeyPair();
        X509Certificate cert = certificate(pair, now);
        // The key first: a certificate without its key would be refused until the key arrives.
        PemWriter.writeNew(key, PemWriter.pem("PRIVATE KEY", pair.getPrivate().getEncoded()), true);
        PemWriter.writeNew(certificate, PemWriter.pem("CERTIFICATE", cert.getEncoded()), false);
        return cert;
    }

    static X509Certificate certificate(KeyPair pair, Instant now) throws GeneralSecurityException {
        X500Name name = new X500Name(SUBJECT);
        BigInteger serial = new BigInteger(127, new SecureRandom());
        // Back-dated a little so that a client whose clock is slightly behind accepts it.
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial,
                Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(VALIDITY)), name, pair.getPublic());
        try {
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                    new GeneralName(GeneralName.dNSName, "localhost"),
                    new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            return new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
        } catch (IOException | OperatorCreationException e) {
            throw new GeneralSecurityException("cannot encode the self-signed certificate: " + e.getMessage(), e);
        }
    }
}
