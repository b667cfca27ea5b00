package dev.patchbay.tls.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.junit.Assume.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class PemReaderTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void readsRsaAndEcPkcs8Keys() throws Exception {
        for (KeyPair keys : new KeyPair[] {TestPki.rsa(), TestPki.ec()}) {
            Path file = TestPki.writeKey(tmp.getRoot().toPath().resolve(keys.getPrivate().getAlgorithm() + ".pem"), keys.getPrivate());
            PrivateKey read = PemReader.privateKey(file, null);
            assertEquals(keys.getPrivate().getAlgorithm(), read.getAlgorithm());
            assertArrayEquals(keys.getPrivate().getEncoded(), read.getEncoded());
        }
    }

    @Test
    public void readsAChainInFileOrder() throws Exception {
        KeyPair a = TestPki.ec();
        KeyPair b = TestPki.rsa();
        X509Certificate first = TestPki.selfSigned("CN=first", a);
        X509Certificate second = TestPki.selfSigned("CN=second", b);
        Path file = TestPki.writeCertificates(tmp.getRoot().toPath().resolve("chain.pem"), first, second);
        List<X509Certificate> chain = PemReader.certificates(file);
        assertEquals(List.of(first, second), chain);
    }

    @Test
    public void decryptsPbes2EncryptedKeys() throws Exception {
        KeyPair keys = TestPki.rsa();
        Path file = TestPki.writeEncryptedKey(tmp.getRoot().toPath().resolve("enc.pem"), keys.getPrivate(), "s3cret");
        assertArrayEquals(keys.getPrivate().getEncoded(), PemReader.privateKey(file, "s3cret".toCharArray()).getEncoded());
        try {
            PemReader.privateKey(file, "wrong".toCharArray());
            fail("wrong password accepted");
        } catch (MaterialException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("wrong password"));
            assertFalse(e.getMessage().contains("wrong\""));
        }
        try {
            PemReader.privateKey(file, null);
            fail("no password accepted");
        } catch (MaterialException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("key.password.env"));
        }
    }

    /** The exact format the README tells operators to make, when this machine has openssl. */
    @Test
    public void decryptsWhatOpensslPkcs8V2Aes256Writes() throws Exception {
        assumeTrue("openssl on the PATH", new File("/usr/bin/openssl").canExecute());
        for (KeyPair keys : new KeyPair[] {TestPki.rsa(), TestPki.ec()}) {
            Path plain = TestPki.writeKey(tmp.getRoot().toPath().resolve("plain.pem"), keys.getPrivate());
            Path encrypted = tmp.getRoot().toPath().resolve("openssl-" + keys.getPrivate().getAlgorithm() + ".pem");
            Process p = new ProcessBuilder("openssl", "pkcs8", "-topk8", "-v2", "aes-256-cbc", "-in", plain.toString(),
                    "-out", encrypted.toString(), "-passout", "pass:open sesame").redirectErrorStream(true).start();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            assertEquals(new String(p.getInputStream().readAllBytes()), 0, p.exitValue());
            assertTrue(Files.readString(encrypted).contains("ENCRYPTED PRIVATE KEY"));
            assertArrayEquals(keys.getPrivate().getEncoded(), PemReader.privateKey(encrypted, "open sesame".toCharArray()).getEncoded());
        }
    }

    @Test
    public void refusesWhatIsNotPemOrNotPkcs8() throws Exception {
        Path root = tmp.getRoot().toPath();
        assertRefused(TestPki.write(root.resolve("junk.pem"), "not a pem file\n"), "is not PEM");
        assertRefused(TestPki.write(root.resolve("rsa1.pem"),
                "-----BEGIN RSA PRIVATE KEY-----\nMIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu\n-----END RSA PRIVATE KEY-----\n"),
                "openssl pkcs8 -topk8");
        assertRefused(TestPki.write(root.resolve("badkey.pem"), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"),
                "neither RSA, EC nor EdDSA");
        assertRefused(root.resolve("missing.pem"), "does not exist");
        try {
            PemReader.certificates(TestPki.write(root.resolve("badcert.pem"),
                    "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"));
            fail();
        } catch (MaterialException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("not a valid X.509 certificate"));
        }
    }

    private static void assertRefused(Path file, String reason) {
        try {
            PemReader.privateKey(file, null);
            fail(file + " accepted");
        } catch (MaterialException e) {
            assertEquals(file.toString(), e.file());
            assertTrue(e.getMessage(), e.getMessage().contains(reason));
        }
    }
}
