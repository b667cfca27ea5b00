/**
 * Event Admin topics and event property names posted by the transport.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.3.0")
package dev.patchbay.api.event;
