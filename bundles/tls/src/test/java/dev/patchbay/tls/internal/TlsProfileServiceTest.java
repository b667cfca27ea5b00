package dev.patchbay.tls.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.patchbay.api.event.Topics;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import dev.patchbay.support.event.EventSink;

public class TlsProfileServiceTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private Path etc;
    private final List<String> topics = new ArrayList<>();
    private final List<Map<String, Object>> events = new ArrayList<>();
    private TlsProfileService profile;

    @Before
    public void profile() {
        etc = tmp.getRoot().toPath();
        profile = new TlsProfileService("it", "etc/dev.patchbay.tls-it.cfg", etc, name -> null, (topic, props) -> {
            topics.add(topic);
            events.add(props);
        }, Clock.systemUTC());
    }

    private static Map<String, Object> config(String... extra) {
        Map<String, Object> p = new HashMap<>();
        p.put("certificate", "cert.pem");
        p.put("key", "key.pem");
        for (int i = 0; i < extra.length; i += 2) {
            p.put(extra[i], extra[i + 1]);
        }
        return p;
    }

    private void install(String subject) throws Exception {
        KeyPair keys = TestPki.ec();
        X509Certificate cert = TestPki.selfSigned(subject, keys);
        // As an operator would: new files next to the old ones, then moved over them.
        TestPki.writeKey(etc.resolve("key.new"), keys.getPrivate());
        TestPki.writeCertificates(etc.resolve("cert.new"), cert);
        Files.move(etc.resolve("key.new"), etc.resolve("key.pem"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.move(etc.resolve("cert.new"), etc.resolve("cert.pem"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    public void reloadsReplacedFilesOnceTheyAreStableAndKeepsOldEnginesUntouched() throws Exception {
        install("CN=first");
        profile.configure(config());
        assertTrue(profile.hasMaterial());
        assertEquals(Topics.TLS_LOADED, topics.get(0));
        assertEquals("CN=first", events.get(0).get("subject"));
        LoadedMaterial before = profile.material();

        install("CN=second");
        profile.poll();
        assertEquals("a change is read once it held still for one poll", "CN=first", profile.material().subject());
        profile.poll();
        assertEquals("CN=second", profile.material().subject());
        assertEquals(ProfileStatus.LOADED, profile.status().state());
        assertNull(profile.status().refusal());
        assertNotSame("a new context for new engines; engines made before keep the old one", before.context(), profile.material().context());
        profile.poll();
        assertEquals("no change, no reload", 2, topics.size());
    }

    @Test
    public void certificateNotAfterIsTheEarliestEndOfTheChainPresented() throws Exception {
        assertEquals(java.util.Optional.empty(), profile.certificateNotAfter());
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        KeyPair caKeys = TestPki.ec();
        KeyPair serverKeys = TestPki.ec();
        Instant intermediateEnd = now.plus(Duration.ofDays(10));
        X509Certificate intermediate = TestPki.certificate("CN=intermediate", caKeys, "CN=intermediate", caKeys.getPrivate(), true,
                now.minus(Duration.ofDays(1)), intermediateEnd);
        X509Certificate leaf = TestPki.certificate("CN=server", serverKeys, "CN=intermediate", caKeys.getPrivate(), false,
                now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(60)));
        TestPki.writeKey(etc.resolve("key.pem"), serverKeys.getPrivate());
        TestPki.writeCertificates(etc.resolve("cert.pem"), leaf, intermediate);
        profile.configure(config());
        assertTrue(profile.status().refusal(), profile.hasMaterial());
        assertEquals("the intermediate ends first", java.util.Optional.of(intermediateEnd), profile.certificateNotAfter());
    }

    @Test
    public void aCorruptReplacementIsRefusedAndTheOldCertificateKeepsServing() throws Exception {
        install("CN=good");
        profile.configure(config());
        TestPki.write(etc.resolve("cert.pem"), "-----BEGIN CERTIFICATE-----\ngarbage\n-----END CERTIFICATE-----\n");
        profile.poll();
        profile.poll();
        assertEquals(Topics.TLS_REFUSED, topics.get(topics.size() - 1));
        assertTrue(String.valueOf(events.get(events.size() - 1).get("file")), String.valueOf(events.get(events.size() - 1).get("file")).equals("etc/cert.pem"));
        assertEquals("CN=good", profile.material().subject());
        assertTrue(profile.hasMaterial());
        ProfileStatus status = profile.status();
        assertEquals(ProfileStatus.LOADED, status.state());
        assertTrue(status.refusal(), status.refusal().startsWith("etc/cert.pem: "));
        int events = topics.size();
        profile.poll();
        profile.poll();
        assertEquals("one refusal per change, not one per poll", events, topics.size());

        install("CN=fixed");
        profile.poll();
        profile.poll();
        assertEquals("CN=fixed", profile.material().subject());
    }

    @Test
    public void aRefusedConfigurationKeepsThePreviousOne() throws Exception {
        install("CN=good");
        profile.configure(config());
        profile.configure(config("protocols", "TLSv1.3,TLSv1.1"));
        assertEquals(Topics.TLS_REFUSED, topics.get(1));
        assertEquals("protocols", events.get(1).get("key"));
        assertEquals(Topics.CONFIG_REFUSED, topics.get(2));
        assertEquals("TLSv1.1", events.get(2).get("value"));
        assertEquals(List.of("TLSv1.3", "TLSv1.2"), List.of(profile.newServerEngine(null).getEnabledProtocols()));

        profile.configure(config("protocols", "TLSv1.3"));
        assertEquals(List.of("TLSv1.3"), List.of(profile.newServerEngine(null).getEnabledProtocols()));
    }

    @Test
    public void nothingServesUntilGoodMaterialArrives() throws Exception {
        profile.configure(config());
        assertFalse(profile.hasMaterial());
        assertEquals(ProfileStatus.REFUSED, profile.status().state());
        assertTrue(profile.status().refusal(), profile.status().refusal().contains("does not exist"));
        install("CN=late");
        profile.poll();
        profile.poll();
        assertTrue(profile.hasMaterial());
    }

    @Test
    public void generatesASelfSignedLocalhostCertificateOnlyWhenAskedAndNothingIsThere() throws Exception {
        profile.configure(config("generate.self.signed", "true"));
        assertTrue(profile.hasMaterial());
        X509Certificate leaf = profile.material().leaf();
        assertTrue(leaf.getSubjectX500Principal().getName(), leaf.getSubjectX500Principal().getName().startsWith("CN=localhost"));
        assertEquals("EC", leaf.getPublicKey().getAlgorithm());
        assertNotNull(leaf.getSubjectAlternativeNames());
        assertTrue(leaf.getSubjectAlternativeNames().toString(), leaf.getSubjectAlternativeNames().toString().contains("127.0.0.1"));
        long days = java.time.Duration.between(leaf.getNotBefore().toInstant(), leaf.getNotAfter().toInstant()).toDays();
        assertEquals(90, days);
        if (Files.getFileStore(etc).supportsFileAttributeView("posix")) {
            assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(etc.resolve("key.pem"))));
        }

        // Existing files are never overwritten.
        install("CN=mine");
        TlsProfileService other = new TlsProfileService("it2", "x", etc, n -> null, EventSink.NONE, Clock.systemUTC());
        other.configure(config("generate.self.signed", "true"));
        assertEquals("CN=mine", other.material().subject());
    }
}
