/**
 * TLS profiles, as the TLS bundle offers them to the transport. An endpoint configured with
 * {@code tls=<profile>} accepts connections only while a {@link dev.patchbay.api.tls.TlsProfile}
 * of that name is registered.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package dev.patchbay.api.tls;
