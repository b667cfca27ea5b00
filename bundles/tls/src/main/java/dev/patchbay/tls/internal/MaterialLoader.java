package dev.patchbay.tls.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Date;
import java.util.List;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Turns a profile's settings into {@link LoadedMaterial}, refusing anything that would fail
 * handshakes later or serve insecurely: unreadable or damaged files, a key that does not match
 * the certificate, a certificate outside its validity period, suites the JDK lacks.
 */
final class MaterialLoader {

    private static final byte[] PROBE = "patchbay key/certificate match probe".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private MaterialLoader() {
    }

    static LoadedMaterial load(TlsSettings s, Instant now) throws MaterialException {
        PrivateKey key;
        List<X509Certificate> chain;
        String chainFile;
        if (s.keystore() != null) {
            chainFile = s.keystore().toString();
            KeyStore.PrivateKeyEntry entry = keystoreEntry(s);
            key = entry.getPrivateKey();
            chain = new ArrayList<>();
            for (Certificate c : entry.getCertificateChain()) {
                chain.add((X509Certificate) c);
            }
        } else {
            chainFile = s.certificate().toString();
            chain = PemReader.certificates(s.certificate());
            key = PemReader.privateKey(s.key(), s.keyPassword() == null ? null : s.keyPassword().chars());
        }
        checkValidity(chainFile, chain, now);
        checkMatch(s.keystore() != null ? chainFile : s.key().toString(), key, chain.get(0));

        List<X509Certificate> trust = s.trust() == null ? List.of() : PemReader.certificates(s.trust());
        if (s.trust() != null) {
            trust = currentlyValid(s.trust().toString(), trust, now);
        }
        SSLContext context = context(s, key, chain, trust);
        List<String> suites = suites(s, context, key, chainFile);
        return new LoadedMaterial(context, List.copyOf(chain), trust.size(), s.protocols(), suites, s, now);
    }

    private static KeyStore.PrivateKeyEntry keystoreEntry(TlsSettings s) throws MaterialException {
        String file = s.keystore().toString();
        byte[] bytes = PemReader.read(s.keystore());
        char[] password = s.keystorePassword().chars();
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(new ByteArrayInputStream(bytes), password);
            List<String> keyAliases = new ArrayList<>();
            for (String alias : Collections.list(ks.aliases())) {
                if (ks.isKeyEntry(alias)) {
                    keyAliases.add(alias);
                }
            }
            String alias = s.keystoreAlias();
            if (alias == null) {
                if (keyAliases.size() != 1) {
                    throw new MaterialException(file, "holds " + keyAliases.size() + " key entries " + keyAliases
                            + "; name one with " + TlsSettings.KEYSTORE_ALIAS);
                }
                alias = keyAliases.get(0);
            } else if (!keyAliases.contains(alias)) {
                throw new MaterialException(file, "has no key entry " + alias + " (key entries: " + keyAliases + ")");
            }
            KeyStore.Entry entry = ks.getEntry(alias, new KeyStore.PasswordProtection(password));
            if (!(entry instanceof KeyStore.PrivateKeyEntry pk)) {
                throw new MaterialException(file, "entry " + alias + " is not a private key with its certificate chain");
            }
            return pk;
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw new MaterialException(file, "cannot be opened: wrong password (" + s.keystorePassword().source() + ")");
            }
            throw new MaterialException(file, "is not a readable PKCS#12 keystore: " + e.getMessage());
        } catch (GeneralSecurityException e) {
            throw new MaterialException(file, "cannot be read as PKCS#12: " + e.getMessage());
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    static void checkValidity(String file, List<X509Certificate> certificates, Instant now) throws MaterialException {
        for (X509Certificate c : certificates) {
            try {
                c.checkValidity(Date.from(now));
            } catch (CertificateExpiredException e) {
                throw new MaterialException(file, "certificate " + c.getSubjectX500Principal().getName() + " expired on "
                        + c.getNotAfter().toInstant());
            } catch (CertificateNotYetValidException e) {
                throw new MaterialException(file, "certificate " + c.getSubjectX500Principal().getName()
                        + " is not valid yet: valid from " + c.getNotBefore().toInstant());
            }
        }
    }

    /**
     * The trust file's certificates that are valid now. CA bundles often still hold an expired
     * CA; that one is left out (it could verify nothing anyway) rather than refusing the file,
     * but a file with no valid CA at all would lock every client out, so it is refused.
     */
    static List<X509Certificate> currentlyValid(String file, List<X509Certificate> certificates, Instant now)
            throws MaterialException {
        List<X509Certificate> valid = new ArrayList<>();
        for (X509Certificate c : certificates) {
            try {
                c.checkValidity(Date.from(now));
                valid.add(c);
            } catch (CertificateExpiredException | CertificateNotYetValidException outOfDate) {
                // left out, see above
            }
        }
        if (valid.isEmpty()) {
            checkValidity(file, certificates, now);
        }
        return valid;
    }

    /** Signs a probe with the key and verifies it with the certificate: the one test that holds for every key type. */
    static void checkMatch(String keyFile, PrivateKey key, X509Certificate certificate) throws MaterialException {
        PublicKey publicKey = certificate.getPublicKey();
        String mismatch = "does not match the certificate " + certificate.getSubjectX500Principal().getName()
                + ": the private key belongs to another certificate";
        if (!compatible(key.getAlgorithm(), publicKey.getAlgorithm())) {
            throw new MaterialException(keyFile, mismatch + " (a " + key.getAlgorithm() + " key, a "
                    + publicKey.getAlgorithm() + " certificate)");
        }
        try {
            Signature signer = signature(key.getAlgorithm());
            signer.initSign(key);
            signer.update(PROBE);
            byte[] signed = signer.sign();
            Signature verifier = signature(key.getAlgorithm());
            verifier.initVerify(publicKey);
            verifier.update(PROBE);
            if (!verifier.verify(signed)) {
                throw new MaterialException(keyFile, mismatch);
            }
        } catch (GeneralSecurityException e) {
            throw new MaterialException(keyFile, mismatch + " (" + e.getMessage() + ")");
        }
    }

    private static boolean compatible(String keyAlgorithm, String certificateAlgorithm) {
        return keyAlgorithm.equals(certificateAlgorithm)
                || keyAlgorithm.startsWith("Ed") && certificateAlgorithm.startsWith("Ed");
    }

    private static Signature signature(String keyAlgorithm) throws GeneralSecurityException {
        switch (keyAlgorithm) {
            case "RSA":
                return Signature.getInstance("SHA256withRSA");
            case "EC":
                return Signature.getInstance("SHA256withECDSA");
            case "RSASSA-PSS": {
                Signature s = Signature.getInstance("RSASSA-PSS");
                s.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
                return s;
            }
            default:
                return Signature.getInstance(keyAlgorithm);
        }
    }

    private static SSLContext context(TlsSettings s, PrivateKey key, List<X509Certificate> chain, List<X509Certificate> trust)
            throws MaterialException {
        try {
            // Only in memory: the key managers want a key store; this password protects nothing on disk.
            char[] transientPassword = "in-memory".toCharArray();
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("key", key, transientPassword, chain.toArray(new Certificate[0]));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, transientPassword);

            TrustManagerFactory tmf = null;
            if (!trust.isEmpty()) {
                KeyStore anchors = KeyStore.getInstance("PKCS12");
                anchors.load(null, null);
                for (int i = 0; i < trust.size(); i++) {
                    anchors.setCertificateEntry("ca-" + i, trust.get(i));
                }
                tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(anchors);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), new SecureRandom());
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new MaterialException(s.certificate() != null ? s.certificate().toString() : s.keystore().toString(),
                    "cannot make a TLS context: " + e.getMessage());
        }
    }

    /** The suites to offer: the configured ones if the JDK has them all, else the policy's default. */
    private static List<String> suites(TlsSettings s, SSLContext context, PrivateKey key, String chainFile)
            throws MaterialException {
        List<String> suites;
        if (s.cipherSuites() != null) {
            List<String> supported = Arrays.asList(context.getSupportedSSLParameters().getCipherSuites());
            for (String suite : s.cipherSuites()) {
                if (!supported.contains(suite)) {
                    throw new MaterialException(TlsSettings.CIPHER_SUITES, suite + " is not supported by this JDK");
                }
            }
            suites = s.cipherSuites();
        } else {
            suites = CipherSuitePolicy.defaultSuites(context.getDefaultSSLParameters().getCipherSuites());
        }
        boolean tls13 = s.protocols().contains("TLSv1.3") && suites.stream().anyMatch(CipherSuitePolicy::isTls13);
        // TLS 1.2 suites name the certificate's key type: an EC key with only _RSA_ suites never completes a handshake.
        String authentication = key.getAlgorithm().equals("EC") ? "_ECDSA_" : key.getAlgorithm().startsWith("RSA") ? "_RSA_" : null;
        boolean tls12 = s.protocols().contains("TLSv1.2") && suites.stream()
                .anyMatch(x -> !CipherSuitePolicy.isTls13(x) && (authentication == null || x.contains(authentication)));
        if (!tls13 && !tls12) {
            throw new MaterialException(TlsSettings.CIPHER_SUITES, "no listed suite works with protocols "
                    + String.join(",", s.protocols()) + " and the " + key.getAlgorithm() + " key of " + chainFile);
        }
        return List.copyOf(suites);
    }
}
