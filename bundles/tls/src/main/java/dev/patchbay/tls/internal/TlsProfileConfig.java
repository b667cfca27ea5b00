package dev.patchbay.tls.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * The one declaration of a TLS profile's settings: key, type, default, range, options and
 * description. bnd turns it into the metatype operators and tools read; {@link TlsSettings}
 * validates the raw properties against that same metatype, so that a bad value is refused with
 * its key, value and what is accepted instead of failing a type conversion.
 */
@ObjectClassDefinition(
        name = "Patchbay TLS profile",
        description = "Key, certificate and rules of one TLS profile: one file per profile, etc/dev.patchbay.tls-<profile>.cfg. "
                + "An endpoint with tls=<profile> is bound only while the profile has valid material, never in plaintext. "
                + "Files are watched: a replaced certificate or key is used by the next handshakes within two seconds; "
                + "a bad one is refused and the previous material keeps serving. Relative paths are under etc/.")
@interface TlsProfileConfig {

    @AttributeDefinition(required = false,
            description = "PEM file of the certificate chain, the server's certificate first, then intermediates.")
    String certificate();

    @AttributeDefinition(required = false,
            description = "PEM file of the private key, PKCS#8 (BEGIN PRIVATE KEY or BEGIN ENCRYPTED PRIVATE KEY), RSA, EC or EdDSA.")
    String key();

    @AttributeDefinition(name = "key.password", required = false, type = AttributeType.PASSWORD,
            description = "Password of an encrypted key, best as ${env:NAME} so that the file holds no secret; "
                    + "never logged. Set this or key.password.env, not both.")
    String key_password();

    @AttributeDefinition(name = "key.password.env", required = false,
            description = "Name of an environment variable of the Karaf process holding the password of an encrypted key. "
                    + "Never write the password itself here; key.password = ${env:NAME} works too.")
    String key_password_env();

    @AttributeDefinition(required = false,
            description = "PKCS#12 file holding key and chain, instead of certificate and key.")
    String keystore();

    @AttributeDefinition(name = "keystore.password", required = false, type = AttributeType.PASSWORD,
            description = "Password of the keystore, best as ${env:NAME}; never logged. Set this or keystore.password.env, not both.")
    String keystore_password();

    @AttributeDefinition(name = "keystore.password.env", required = false,
            description = "Name of an environment variable holding the keystore's password.")
    String keystore_password_env();

    @AttributeDefinition(name = "keystore.alias", required = false,
            description = "The keystore's key entry to use; needed only when it holds several.")
    String keystore_alias();

    @AttributeDefinition(required = false,
            description = "PEM file of the CA certificates that verify client certificates; needed with client.auth want or need.")
    String trust();

    @AttributeDefinition(description = "Protocols offered, comma separated: TLSv1.3, TLSv1.2. Older ones are refused.")
    String protocols() default "TLSv1.3,TLSv1.2";

    @AttributeDefinition(name = "cipher.suites", required = false,
            description = "Cipher suites offered, comma separated, in order of preference. Default: every TLS 1.3 suite and the "
                    + "TLS 1.2 ECDHE/DHE suites with GCM or CHACHA20_POLY1305 the JDK enables. Others are refused.")
    String cipher_suites();

    @AttributeDefinition(name = "client.auth", options = {
            @Option(value = "none", label = "none: clients send no certificate"),
            @Option(value = "want", label = "want: asked for, checked if sent"),
            @Option(value = "need", label = "need: required and checked against trust")},
            description = "none: clients send no certificate; want: asked for, checked if sent; need: required and checked against trust.")
    String client_auth() default "none";

    @AttributeDefinition(name = "handshake.timeout", min = "1", max = "300",
            description = "Seconds a client may take over its handshake before it is closed. 1 to 300.")
    int handshake_timeout() default 10;

    @AttributeDefinition(name = "generate.self.signed",
            description = "When neither certificate nor key exists, write a self-signed certificate for localhost there "
                    + "(EC P-256, 90 days). For trying Patchbay out only.")
    boolean generate_self_signed() default false;

    /** Felix WebConsole names each profile in its configuration list from this template; no component reads it. */
    @AttributeDefinition(name = "Name hint", description = "How the WebConsole names a TLS profile in its list of configurations.")
    String webconsole_configurationFactory_nameHint() default "TLS {certificate}{keystore}, client.auth {client.auth}";
}
