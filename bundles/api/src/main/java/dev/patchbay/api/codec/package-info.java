/**
 * Wire codecs: how a byte stream is cut into frames and how replies are framed.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package dev.patchbay.api.codec;
