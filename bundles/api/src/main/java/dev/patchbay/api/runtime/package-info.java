/**
 * Read-only view of the running transport for consoles, metrics and health checks.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.3.0")
package dev.patchbay.api.runtime;
