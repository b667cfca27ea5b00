package dev.patchbay.tls.internal;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;


import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OutputEncryptor;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Keys and certificates made in the test, written as PEM files. */
final class TestPki {

    private TestPki() {
    }

    static KeyPair rsa() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
    }

    static KeyPair ec() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    /** A certificate for {@code subject}'s key, signed by {@code issuerKey} (itself for a self-signed one). */
    static X509Certificate certificate(String subject, KeyPair subjectKeys, String issuer, PrivateKey issuerKey, boolean ca,
            Instant notBefore, Instant notAfter) throws Exception {
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(new X500Name(issuer), BigInteger.valueOf(new SecureRandom().nextInt(1 << 30)),
                Date.from(notBefore), Date.from(notAfter), new X500Name(subject), subjectKeys.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        String algorithm = issuerKey.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
        return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder(algorithm).build(issuerKey)));
    }

    static X509Certificate selfSigned(String subject, KeyPair keys) throws Exception {
        Instant now = Instant.now();
        return certificate(subject, keys, subject, keys.getPrivate(), false, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(30)));
    }

    static Path writeCertificates(Path file, X509Certificate... chain) throws Exception {
        StringBuilder text = new StringBuilder();
        for (X509Certificate c : chain) {
            text.append(PemWriter.pem("CERTIFICATE", c.getEncoded()));
        }
        return write(file, text.toString());
    }

    static Path writeKey(Path file, PrivateKey key) throws IOException {
        return write(file, PemWriter.pem("PRIVATE KEY", key.getEncoded()));
    }

    /** PBES2 (PBKDF2-HmacSHA256, AES-256-CBC), as {@code openssl pkcs8 -topk8 -v2 aes-256-cbc} writes it. */
    static Path writeEncryptedKey(Path file, PrivateKey key, String password) throws Exception {
        OutputEncryptor encryptor = new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
                .setProvider(new BouncyCastleProvider()).setPRF(PKCS8Generator.PRF_HMACSHA256).setPassword(password.toCharArray()).build();
        byte[] der = new JcaPKCS8Generator(key, encryptor).generate().getContent();
        return write(file, PemWriter.pem("ENCRYPTED PRIVATE KEY", der));
    }

    static Path write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.write(file, text.getBytes(StandardCharsets.US_ASCII));
    }
}
