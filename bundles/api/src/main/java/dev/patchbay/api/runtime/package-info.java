/**
 * Read-only view of the running transport for consoles, metrics and health checks.
 *
 * <p>2.0.0: {@link dev.patchbay.api.runtime.EndpointInfo} and
 * {@link dev.patchbay.api.runtime.SessionInfo} became final classes with builders (they were
 * records), and the endpoint view carries the limits in force. Readers compile unchanged (the
 * accessors kept their names); code that called the records' constructors does not, which is
 * why this is a major version. From here a new field is a minor version: the classes are final
 * and only the transport builds them. The build's baseline check (bundles/api/pom.xml) holds
 * the package to that.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("2.0.0")
package dev.patchbay.api.runtime;
