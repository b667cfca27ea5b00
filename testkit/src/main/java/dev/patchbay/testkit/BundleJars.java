package dev.patchbay.testkit;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Enumeration;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;

/**
 * Second versions of a bundle built inside a test: the jar of an installed bundle, and a copy of
 * a jar with another {@code Bundle-Version} (or any other manifest header), to install beside
 * it or to {@code bundle:update} it with.
 */
public final class BundleJars {

    private BundleJars() {
    }

    /** The bundle's jar, read through its location (mvn: URLs work in Karaf), else rebuilt from its entries. */
    public static byte[] jarOf(Bundle bundle) throws IOException {
        try (InputStream in = new URL(bundle.getLocation()).openStream()) {
            return in.readAllBytes();
        } catch (IOException | RuntimeException e) {
            System.err.println("Reading " + bundle.getLocation() + " failed (" + e + "); rebuilding the jar from the bundle's entries");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        URL manifestUrl = bundle.getEntry("META-INF/MANIFEST.MF");
        Manifest manifest;
        try (InputStream in = manifestUrl.openStream()) {
            manifest = new Manifest(in);
        }
        try (JarOutputStream out = new JarOutputStream(bytes, manifest)) {
            Enumeration<URL> entries = bundle.findEntries("/", "*", true);
            while (entries != null && entries.hasMoreElements()) {
                URL url = entries.nextElement();
                String path = url.getPath().startsWith("/") ? url.getPath().substring(1) : url.getPath();
                if (path.isEmpty() || path.equals("META-INF/") || path.equals("META-INF/MANIFEST.MF")) {
                    continue;
                }
                out.putNextEntry(new JarEntry(path));
                if (!path.endsWith("/")) {
                    try (InputStream in = url.openStream()) {
                        in.transferTo(out);
                    }
                }
                out.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    /** A copy of {@code jar} whose manifest says {@code Bundle-Version: version}. */
    public static byte[] withBundleVersion(byte[] jar, String version) throws IOException {
        return withManifestHeader(jar, Constants.BUNDLE_VERSION, version);
    }

    /** A copy of {@code jar} with one main manifest header set. */
    public static byte[] withManifestHeader(byte[] jar, String header, String value) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar))) {
            Manifest manifest = in.getManifest();
            if (manifest == null) {
                throw new IOException("the jar has no manifest");
            }
            manifest.getMainAttributes().put(new Attributes.Name(header), value);
            try (JarOutputStream out = new JarOutputStream(bytes, manifest)) {
                for (JarEntry entry = in.getNextJarEntry(); entry != null; entry = in.getNextJarEntry()) {
                    if (entry.getName().equals("META-INF/") || entry.getName().equalsIgnoreCase("META-INF/MANIFEST.MF")) {
                        continue;
                    }
                    out.putNextEntry(new JarEntry(entry.getName()));
                    in.transferTo(out);
                    out.closeEntry();
                }
            }
        }
        return bytes.toByteArray();
    }
}
