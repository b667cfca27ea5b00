package dev.patchbay.testkit;

import static org.ops4j.pax.exam.CoreOptions.bundle;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.ops4j.pax.exam.Option;

/**
 * Where the kit finds what it boots, read in the JVM that Maven forked for the tests: system
 * properties the build sets, else the versions the kit was built with and the local Maven
 * repository.
 *
 * <ul>
 * <li>{@value #DISTRIBUTION_PROPERTY}: the distribution archive; by default
 * {@code patchbay-distribution-<kit version>.tar.gz} in the local repository (declare it as a
 * test dependency of type {@code tar.gz} so that Maven fetches it).</li>
 * <li>{@value #BUNDLES_PROPERTY}: the author's bundles, comma separated: jar files, or
 * {@code mvn:group/artifact/version} URLs.</li>
 * <li>{@code maven.repo.local}: the local repository the container resolves from (default
 * {@code ~/.m2/repository}); pass {@code ${settings.localRepository}}.</li>
 * <li>{@code patchbay.itests.builddir}: where the container is unpacked and logs of failed
 * tests are kept (default {@code target}).</li>
 * </ul>
 */
public final class KitSettings {

    /** The distribution archive to boot. */
    public static final String DISTRIBUTION_PROPERTY = "patchbay.itests.distribution";
    /** The bundles to install into the container, comma separated: files or mvn: URLs. */
    public static final String BUNDLES_PROPERTY = "patchbay.testkit.bundles";

    private static final Properties BUILT_WITH = load();

    private KitSettings() {
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = KitSettings.class.getResourceAsStream("testkit.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    /** A version the kit was built with: {@code patchbay.version}, {@code karaf.version}, .... */
    public static String version(String key) {
        String v = BUILT_WITH.getProperty(key);
        if (v == null || v.startsWith("${")) {
            throw new IllegalStateException("the test kit was built without " + key);
        }
        return v;
    }

    /** The Patchbay version to boot: the kit's own. */
    public static String patchbayVersion() {
        return System.getProperty("patchbay.itests.version", version("patchbay.version"));
    }

    public static String karafVersion() {
        return System.getProperty("patchbay.itests.karaf.version", version("karaf.version"));
    }

    public static String localRepository() {
        return System.getProperty("maven.repo.local",
                System.getProperty("user.home") + "/.m2/repository");
    }

    public static File buildDirectory() {
        String dir = System.getProperty("patchbay.itests.builddir");
        if (dir != null) {
            return new File(dir).getAbsoluteFile();
        }
        return new File(System.getProperty("patchbay.itests.basedir", "."), "target").getAbsoluteFile();
    }

    /** The distribution archive; fails with what to do when there is none. */
    public static File distributionArchive() {
        String version = patchbayVersion();
        String configured = System.getProperty(DISTRIBUTION_PROPERTY);
        File archive = configured != null ? new File(configured)
                : new File(localRepository(), "dev/patchbay/patchbay-distribution/" + version
                        + "/patchbay-distribution-" + version + ".tar.gz");
        if (!archive.isFile()) {
            throw new IllegalStateException("No Patchbay distribution archive at " + archive
                    + (configured != null ? " (system property " + DISTRIBUTION_PROPERTY + ")"
                            : ": declare dev.patchbay:patchbay-distribution:" + version
                                    + ":tar.gz as a test dependency, or set " + DISTRIBUTION_PROPERTY));
        }
        return archive.getAbsoluteFile();
    }

    /** The bundles named by {@value #BUNDLES_PROPERTY}, each started. */
    public static List<Option> authorBundles() {
        List<Option> options = new ArrayList<>();
        String list = System.getProperty(BUNDLES_PROPERTY, "").trim();
        if (list.isEmpty()) {
            return options;
        }
        for (String item : list.split(",")) {
            String entry = item.trim();
            if (entry.isEmpty()) {
                continue;
            }
            if (entry.startsWith("mvn:")) {
                options.add(bundle(entry).start());
            } else {
                options.add(PatchbayOptions.bundleJar(new File(entry)));
            }
        }
        return options;
    }

    /**
     * The kit as a bundle for the container: its jar, or, when the kit's classes come from a
     * directory (a reactor build that has not packaged it), a jar made of that directory.
     */
    static Option kitBundle(File buildDir) {
        File location;
        try {
            location = new File(KitSettings.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        if (location.isFile()) {
            return bundle(location.toURI().toString()).start();
        }
        Path jar = buildDir.toPath().resolve("patchbay-testkit-bundle.jar");
        try {
            jarDirectory(location.toPath(), jar);
        } catch (IOException e) {
            throw new UncheckedIOException("packing the test kit's classes " + location, e);
        }
        return bundle(jar.toUri().toString()).start();
    }

    private static void jarDirectory(Path dir, Path jar) throws IOException {
        Path manifestFile = dir.resolve("META-INF/MANIFEST.MF");
        if (!Files.isRegularFile(manifestFile)) {
            throw new IllegalStateException("no OSGi manifest at " + manifestFile + ": build the test kit with Maven");
        }
        Files.createDirectories(jar.getParent());
        Manifest manifest;
        try (InputStream in = Files.newInputStream(manifestFile)) {
            manifest = new Manifest(in);
        }
        List<Path> files;
        try (Stream<Path> all = Files.walk(dir)) {
            files = all.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
        }
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out, manifest)) {
            for (Path f : files) {
                String name = dir.relativize(f).toString().replace(File.separatorChar, '/');
                if (name.equals("META-INF/MANIFEST.MF")) {
                    continue;
                }
                jarOut.putNextEntry(new JarEntry(name));
                Files.copy(f, jarOut);
                jarOut.closeEntry();
            }
        }
    }
}
