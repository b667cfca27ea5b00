package dev.patchbay.testkit;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;

import java.io.File;

import org.ops4j.pax.exam.Option;

/**
 * Pax Exam options for {@link PatchbaySupport#additionalOptions()}: the author's bundles, from a
 * built jar or from Maven coordinates, each started.
 */
public final class PatchbayOptions {

    private PatchbayOptions() {
    }

    /** A bundle jar, e.g. {@code new File("target/my-handler-1.0.0.jar")}; fails early if it is missing. */
    public static Option bundleJar(File jar) {
        if (!jar.isFile()) {
            throw new IllegalStateException("No bundle jar at " + jar.getAbsolutePath()
                    + " (the tests run after the package phase: mvn verify or mvn install)");
        }
        return bundle(jar.getAbsoluteFile().toURI().toString()).start();
    }

    /** A bundle from the local repository or Maven Central. */
    public static Option mavenBundleOf(String groupId, String artifactId, String version) {
        return mavenBundle(groupId, artifactId, version).start();
    }
}
