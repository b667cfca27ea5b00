/**
 * Observers of every session of every endpoint, for metrics and audit bundles. Observers are
 * called synchronously on the session's I/O thread: once when a session opens and once when
 * it closes, and through the {@link dev.patchbay.api.observe.TrafficProbe} an observer returns,
 * once per read and once per write, never per byte.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package dev.patchbay.api.observe;
