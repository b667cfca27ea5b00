package dev.patchbay.audit.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.Test;
import dev.patchbay.support.json.Json;

public class SecretRedactorTest {

    private final SecretRedactor redactor = SecretRedactor.builtIn();

    @Test
    public void secretLookingKeys() {
        for (String key : List.of("password", "keystore.password", "PASSWD", "db.pwd", "client.secret", "api.token",
                "tls.key.passphrase", "private.key", "privateKey", "api-key", "key.contents", "key.pem", "credentials",
                "requirepass", "masterauth")) {
            assertTrue(key, redactor.isSecretKey(key));
        }
        for (String key : List.of("port", "host", "key", "keys", "handler", "max.frame.size", "monkey", "keystore.file", "cert.file")) {
            assertFalse(key, redactor.isSecretKey(key));
        }
    }

    @Test
    public void operatorPatternsAddToTheBuiltInOnes() {
        SecretRedactor r = SecretRedactor.withPatterns("^salt$", " pin\\b ");
        assertTrue(r.isSecretKey("salt"));
        assertTrue(r.isSecretKey("card.PIN"));
        assertFalse(r.isSecretKey("salty"));
        assertTrue(r.isSecretKey("password"));
    }

    @Test(expected = IllegalArgumentException.class)
    public void aBadPatternIsRefused() {
        SecretRedactor.withPatterns("(unclosed");
    }

    @Test
    public void masksDetailsAtAnyDepthKeepingTheShapeOfChanges() {
        Map<String, Object> change = new LinkedHashMap<>();
        change.put("old", "hunter2");
        change.put("new", "correct horse");
        Map<String, Object> changes = new LinkedHashMap<>();
        changes.put("password", change);
        changes.put("port", Map.of("old", "1", "new", "2"));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("changes", changes);
        details.put("token", "abc");
        details.put("pem", "-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----");
        details.put("list", List.of(Map.of("secret", "s")));

        Map<String, Object> out = redactor.redact(details);
        String json = Json.toJson(out);
        assertEquals("{\"changes\":{\"password\":{\"old\":\"***\",\"new\":\"***\"},\"port\":" + Json.toJson(changes.get("port"))
                + "},\"token\":\"***\",\"pem\":\"***\",\"list\":[{\"secret\":\"***\"}]}", json);
        assertFalse(json.contains("hunter2"));
    }

    @Test
    public void masksTheValueOfARefusedSecretKey() {
        Map<String, Object> refused = new LinkedHashMap<>();
        refused.put("key", "port,tls.key.passphrase");
        refused.put("value", "99999,letmein");
        refused.put("reason", "bad");
        assertEquals("{\"key\":\"port,tls.key.passphrase\",\"value\":\"***\",\"reason\":\"bad\"}",
                Json.toJson(redactor.redact(refused)));
    }

    @Test
    public void masksSecretsInCommandLines() {
        assertEquals("config:property-set -p dev.patchbay.x password ***",
                redactor.redactCommandLine("config:property-set -p dev.patchbay.x password xyz"));
        assertEquals("config:property-set -p dev.patchbay.x \"db.password\" ***",
                redactor.redactCommandLine("config:property-set -p dev.patchbay.x \"db.password\" \"two words\""));
        assertEquals("config:property-set port 7007", redactor.redactCommandLine("config:property-set port 7007"));
        assertEquals("ssh:ssh --password *** -l karaf host",
                redactor.redactCommandLine("ssh:ssh --password s3cret -l karaf host"));
        assertEquals("foo token=*** other=1", redactor.redactCommandLine("foo token=abc other=1"));
        assertEquals("jaas:user-add alice ***", redactor.redactCommandLine("jaas:user-add alice wonderland"));
        assertEquals("jaas:useradd alice *** ; echo hi", redactor.redactCommandLine("jaas:useradd alice wonderland ; echo hi"));
        assertEquals("echo ***", redactor.redactCommandLine(
                "echo -----BEGIN PRIVATE KEY-----abc-----END PRIVATE KEY-----"));
    }
}
