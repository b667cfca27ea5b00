package dev.patchbay.tls.internal;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Reads PEM certificates and PKCS#8 private keys with the JDK alone. Encrypted keys
 * ({@code ENCRYPTED PRIVATE KEY}) are decrypted with the algorithm their own parameters name,
 * which covers PBES2 as {@code openssl pkcs8 -topk8 -v2 aes-256-cbc} writes it.
 */
final class PemReader {

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s:,-]*?)-----END \\1-----");
    private static final String CERTIFICATE = "CERTIFICATE";
    private static final String PRIVATE_KEY = "PRIVATE KEY";
    private static final String ENCRYPTED_PRIVATE_KEY = "ENCRYPTED PRIVATE KEY";
    /** Key algorithms tried in turn: a PKCS#8 key names its algorithm only as an OID. */
    private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "RSASSA-PSS", "Ed25519", "Ed448");

    private PemReader() {
    }

    /** One PEM block: its label and its decoded bytes. */
    record Block(String label, byte[] der) {
    }

    /** The file's contents, or a refusal naming why it cannot be read. */
    static byte[] read(Path file) throws MaterialException {
        try {
            if (Files.isDirectory(file)) {
                throw new MaterialException(file.toString(), "is a directory, not a file");
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new MaterialException(file.toString(), "does not exist");
        } catch (AccessDeniedException e) {
            throw new MaterialException(file.toString(), "is not readable by the Karaf process (permission denied)");
        } catch (IOException e) {
            throw new MaterialException(file.toString(), "cannot be read: " + e);
        }
    }

    /** The PEM blocks of a text, in order. */
    static List<Block> blocks(String file, byte[] text) throws MaterialException {
        List<Block> blocks = new ArrayList<>();
        Matcher m = BLOCK.matcher(new String(text, US_ASCII));
        while (m.find()) {
            String body = m.group(2);
            if (body.contains(":")) {
                // "Proc-Type: 4,ENCRYPTED" and "DEK-Info:" headers: OpenSSL's legacy key encryption.
                throw new MaterialException(file, "holds a " + m.group(1) + " with legacy OpenSSL encryption headers; "
                        + "convert it to PKCS#8 with: openssl pkcs8 -topk8 -v2 aes-256-cbc -in old.pem -out key.pem");
            }
            try {
                blocks.add(new Block(m.group(1), Base64.getMimeDecoder().decode(body)));
            } catch (IllegalArgumentException e) {
                throw new MaterialException(file, "holds a " + m.group(1) + " block that is not valid base64");
            }
        }
        if (blocks.isEmpty()) {
            throw new MaterialException(file, "is not PEM: no -----BEGIN ...----- block found");
        }
        return blocks;
    }

    /** Every certificate of a PEM file, in file order; other blocks are ignored. */
    static List<X509Certificate> certificates(Path file) throws MaterialException {
        String name = file.toString();
        List<X509Certificate> certificates = new ArrayList<>();
        for (Block block : blocks(name, read(file))) {
            if (block.label().equals(CERTIFICATE)) {
                certificates.add(certificate(name, block.der()));
            }
        }
        if (certificates.isEmpty()) {
            throw new MaterialException(name, "holds no -----BEGIN CERTIFICATE----- block");
        }
        return certificates;
    }

    static X509Certificate certificate(String file, byte[] der) throws MaterialException {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException e) {
            throw new MaterialException(file, "holds a CERTIFICATE block that is not a valid X.509 certificate: " + e.getMessage());
        }
    }

    /**
     * The one private key of a PEM file.
     *
     * @param password the password of an encrypted key, or {@code null}
     */
    static PrivateKey privateKey(Path file, char[] password) throws MaterialException {
        String name = file.toString();
        List<Block> keys = new ArrayList<>();
        for (Block block : blocks(name, read(file))) {
            if (block.label().endsWith(PRIVATE_KEY)) {
                keys.add(block);
            }
        }
        if (keys.isEmpty()) {
            throw new MaterialException(name, "holds no -----BEGIN PRIVATE KEY----- block");
        }
        if (keys.size() > 1) {
            throw new MaterialException(name, "holds " + keys.size() + " private keys; keep exactly one");
        }
        Block key = keys.get(0);
        switch (key.label()) {
            case PRIVATE_KEY:
                return pkcs8(name, key.der());
            case ENCRYPTED_PRIVATE_KEY:
                if (password == null) {
                    throw new MaterialException(name, "holds an encrypted key but no password is configured: "
                            + "set key.password.env to the name of an environment variable holding it");
                }
                return pkcs8(name, decrypt(name, key.der(), password));
            default:
                throw new MaterialException(name, "holds a " + key.label() + ", which is not PKCS#8; convert it with: "
                        + "openssl pkcs8 -topk8 -nocrypt -in old.pem -out key.pem (or -v2 aes-256-cbc to encrypt it)");
        }
    }

    /** Decrypts an EncryptedPrivateKeyInfo; the password array is not kept. */
    static byte[] decrypt(String file, byte[] der, char[] password) throws MaterialException {
        EncryptedPrivateKeyInfo info;
        try {
            info = new EncryptedPrivateKeyInfo(der);
        } catch (IOException e) {
            throw new MaterialException(file, "holds an ENCRYPTED PRIVATE KEY that is not valid PKCS#8: " + e.getMessage());
        }
        AlgorithmParameters parameters = info.getAlgParameters();
        // For PBES2 the parameters name the real scheme (e.g. PBEWithHmacSHA256AndAES_256);
        // the info's own name is only "PBES2", which no Cipher accepts.
        String algorithm = parameters != null ? parameters.toString() : info.getAlgName();
        PBEKeySpec spec = new PBEKeySpec(password);
        try {
            SecretKey secret = SecretKeyFactory.getInstance(algorithm).generateSecret(spec);
            Cipher cipher = Cipher.getInstance(algorithm);
            cipher.init(Cipher.DECRYPT_MODE, secret, parameters);
            return info.getKeySpec(cipher).getEncoded();
        } catch (InvalidKeySpecException e) {
            throw new MaterialException(file, "cannot be decrypted: wrong password (or a damaged key)");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new MaterialException(file, "is encrypted with " + algorithm + ", which this JDK does not support; "
                    + "re-encrypt it with: openssl pkcs8 -topk8 -v2 aes-256-cbc");
        } catch (GeneralSecurityException e) {
            throw new MaterialException(file, "cannot be decrypted (" + algorithm + "): " + e.getMessage());
        } finally {
            spec.clearPassword();
        }
    }

    static PrivateKey pkcs8(String file, byte[] der) throws MaterialException {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        try {
            for (String algorithm : KEY_ALGORITHMS) {
                try {
                    return KeyFactory.getInstance(algorithm).generatePrivate(spec);
                } catch (InvalidKeySpecException | java.security.NoSuchAlgorithmException notThisOne) {
                    // try the next algorithm
                }
            }
            throw new MaterialException(file, "holds a private key that is neither RSA, EC nor EdDSA PKCS#8, or is damaged");
        } finally {
            Arrays.fill(der, (byte) 0);
        }
    }
}
