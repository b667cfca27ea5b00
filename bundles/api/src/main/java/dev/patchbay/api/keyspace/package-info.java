/**
 * An in-memory keyspace shared by every session of every endpoint: numbered databases of keys
 * holding strings, lists, hashes, sets and sorted sets, with expiry and a memory limit. It is
 * a service of its own bundle, so a protocol handler that serves it (the RESP handler) can be
 * updated or replaced while every key stays where it is.
 *
 * <p>Values are JDK types (and {@link dev.patchbay.api.keyspace.ScoredSet}, which the keyspace
 * creates), never a handler's classes: a handler's update must not leave its class loader
 * pinned by stored data.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package dev.patchbay.api.keyspace;
