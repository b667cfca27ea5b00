/**
 * Session filters that other bundles contribute to an endpoint's chain (access control, rate limits).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package dev.patchbay.api.filter;
