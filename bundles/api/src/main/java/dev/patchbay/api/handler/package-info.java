/**
 * Protocol handlers and the session view they are given. A handler bundle depends on this package alone.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.4.0")
package dev.patchbay.api.handler;
