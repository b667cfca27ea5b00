package dev.patchbay.testkit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.CoreOptions.systemTimeout;
import static org.ops4j.pax.exam.CoreOptions.when;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureSecurity;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.keepRuntimeFolder;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.InputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.security.PrivilegedActionException;
import java.security.PrivilegedExceptionAction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.inject.Inject;
import javax.security.auth.Subject;

import org.apache.karaf.features.BootFinished;
import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.After;
import org.junit.Rule;
import org.junit.rules.TestWatcher;
import org.junit.runner.Description;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.ProbeBuilder;
import org.ops4j.pax.exam.TestProbeBuilder;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;
import org.ops4j.pax.exam.options.extra.VMOption;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;

import dev.patchbay.api.runtime.EndpointInfo;
import dev.patchbay.api.runtime.EndpointState;
import dev.patchbay.api.runtime.SessionInfo;
import dev.patchbay.api.runtime.TransportRuntime;

/**
 * Base class of Pax Exam tests on the real Patchbay distribution, for handler projects and for
 * Patchbay's own integration tests: {@link #config()} boots the distribution of the kit's version
 * (see {@link KitSettings}) with every listening port moved to a free one, the kit itself, the
 * author's bundles (system property {@value KitSettings#BUNDLES_PROPERTY}) and
 * {@link #additionalOptions()}; the tests, which run inside the container, get endpoint files
 * ({@link #writeEndpointFile}), conditions to wait for ({@link #awaitState},
 * {@link #awaitBundleState}, {@link #await}), bundle versions built in the test
 * ({@link #installBundle}, {@link #updateBundleFromConsole}), {@link #swapHandler}, console
 * commands ({@link #executeCommands}), logs and HTTP probes. Clients: {@link LineClient},
 * {@link FrameClient}, {@link RawClient}, {@link VerifiedLoad}.
 *
 * <p>Use it with {@code @RunWith(PaxExam.class)} and {@code @ExamReactorStrategy(PerClass.class)}
 * (one container per test class). Endpoint files written by a test are deleted after it. When a
 * test fails, the container's logs are copied to {@code target/itest-logs/<class>.<method>}.
 *
 * <p>{@link #config()} runs in the JVM that Maven forked, everything else in Karaf.
 */
public abstract class PatchbaySupport {

    /** Factory PID of endpoints; files are {@code etc/<PID>-<name>.cfg}. */
    protected static final String ENDPOINT_FACTORY_PID = "dev.patchbay.endpoint";
    /** The endpoint the distribution ships. */
    protected static final String ECHO_ENDPOINT = "echo";
    protected static final String TRANSPORT_BUNDLE = "patchbay-transport";

    /** For conditions that are about correctness, not speed: generous on a 2-core machine. */
    protected static final Duration CORRECTNESS_TIMEOUT = Duration.ofSeconds(30);

    /** System properties handed from the Maven JVM to the container. */
    private static final String ECHO_PORT_PROPERTY = "patchbay.itests.echo.port";
    /** The rate-limited echo endpoint the distribution ships, and the property holding its port. */
    protected static final String LIMITED_ECHO_ENDPOINT = "echo-limited";
    protected static final String LIMITED_ECHO_PORT_PROPERTY = "patchbay.itests.echo-limited.port";
    /** The TLS echo endpoint the distribution ships, and the property holding its port. */
    protected static final String TLS_ECHO_ENDPOINT = "echo-tls";
    protected static final String TLS_ECHO_PORT_PROPERTY = "patchbay.itests.echo-tls.port";
    /** The shipped RESP endpoint; the port it got is in {@link #RESP_PORT_PROPERTY}. */
    protected static final String RESP_ENDPOINT = "resp";
    protected static final String RESP_PORT_PROPERTY = "patchbay.itests.resp.port";
    private static final String FAILURE_LOGS_PROPERTY = "patchbay.itests.failure.logs";
    /** The Pax Web (HTTP whiteboard) port: /metrics and /health/*. */
    private static final String HTTP_PORT_PROPERTY = "patchbay.itests.http.port";

    /** Ports chosen for fixed-port configuration come from below the ephemeral range, so
     *  that no client socket of the test or of the container can take them meanwhile. */
    private static final int MIN_PORT = 20000;
    private static final int MAX_PORT = 32000;
    private static final Set<Integer> PORTS_HANDED_OUT = Collections.synchronizedSet(new HashSet<>());

    @Inject
    protected BundleContext bundleContext;

    @Inject
    protected ConfigurationAdmin configurationAdmin;

    @Inject
    protected SessionFactory sessionFactory;

    /** Injected only once the boot features are installed. */
    @Inject
    protected BootFinished bootFinished;

    private ServiceTracker<TransportRuntime, TransportRuntime> runtimeTracker;
    private final List<String> endpointFilesWritten = new ArrayList<>();

    @Rule
    public final TestWatcher keepLogsOfFailures = new TestWatcher() {
        @Override
        protected void failed(Throwable e, Description description) {
            copyLogsFor(description);
        }
    };

    // ----------------------------------------------------------------------------------
    // Container configuration (runs in the Maven JVM)
    // ----------------------------------------------------------------------------------

    @Configuration
    public Option[] config() throws IOException {
        File buildDir = KitSettings.buildDirectory();
        String karafVersion = KitSettings.karafVersion();
        File archive = KitSettings.distributionArchive();
        DistributionLayout layout = DistributionLayout.of(archive);
        String localRepository = KitSettings.localRepository();

        List<Option> options = new ArrayList<>(Arrays.asList(
                karafDistributionConfiguration()
                        .frameworkUrl(archive.toURI().toURL().toString())
                        .name("Patchbay")
                        .karafVersion(karafVersion)
                        .unpackDirectory(new File(buildDir, "exam")),
                when(Boolean.getBoolean("patchbay.itests.keepRuntime")).useOptions(keepRuntimeFolder()),
                configureConsole().ignoreLocalConsole(),
                configureSecurity().disableKarafMBeanServerBuilder(),
                logLevel(LogLevel.INFO),
                // A boot takes 10-30 s here; fail a hung one well before Maven gives up.
                systemTimeout(TimeUnit.MINUTES.toMillis(3)),

                // Awaitility and the Hamcrest 2 it imports, next to the exam feature's JUnit,
                // in the versions the kit was built with; then the kit itself.
                mavenBundle("org.hamcrest", "hamcrest", KitSettings.version("hamcrest.version")),
                mavenBundle("org.awaitility", "awaitility", KitSettings.version("awaitility.version")),
                KitSettings.kitBundle(buildDir),

                // The container fetches the exam feature from Maven: the build's local
                // repository first, Maven Central for what is missing there.
                editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg",
                        "org.ops4j.pax.url.mvn.localRepository", localRepository),
                editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg",
                        "org.ops4j.pax.url.mvn.repositories",
                        "https://repo1.maven.org/maven2@id=central"),
                editConfigurationFilePut("etc/org.apache.karaf.features.cfg",
                        "updateSnapshots", "none"),

                systemProperty(FAILURE_LOGS_PROPERTY)
                        .value(new File(buildDir, "itest-logs").getAbsolutePath())));

        stageBootFeatures(layout).ifPresent(options::add);

        // Every listening port is a free one, never a fixed one.
        int echoPort = freePort();
        options.add(editConfigurationFilePut("etc/" + ENDPOINT_FACTORY_PID + "-"
                + ECHO_ENDPOINT + ".cfg", "port", Integer.toString(echoPort)));
        options.add(systemProperty(ECHO_PORT_PROPERTY).value(Integer.toString(echoPort)));
        // The rate-limited example endpoint (7008 as shipped) gets a free port as well, so does
        // the TLS example endpoint (7443), and the RESP endpoint (6380), so that a Redis or a
        // Patchbay running on this machine cannot make it fail to bind.
        movedToFreePort(layout, LIMITED_ECHO_ENDPOINT, LIMITED_ECHO_PORT_PROPERTY).ifPresent(options::addAll);
        movedToFreePort(layout, TLS_ECHO_ENDPOINT, TLS_ECHO_PORT_PROPERTY).ifPresent(options::addAll);
        movedToFreePort(layout, RESP_ENDPOINT, RESP_PORT_PROPERTY).ifPresent(options::addAll);
        options.add(editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshPort",
                Integer.toString(freePort())));
        if (layout.hasEtcFile("org.apache.karaf.management.cfg")) {
            options.add(editConfigurationFilePut("etc/org.apache.karaf.management.cfg",
                    "rmiRegistryPort", Integer.toString(freePort())));
            options.add(editConfigurationFilePut("etc/org.apache.karaf.management.cfg",
                    "rmiServerPort", Integer.toString(freePort())));
        }
        if (layout.hasEtcFile("org.ops4j.pax.web.cfg")) {
            int httpPort = freePort();
            options.add(editConfigurationFilePut("etc/org.ops4j.pax.web.cfg",
                    "org.osgi.service.http.port", Integer.toString(httpPort)));
            options.add(systemProperty(HTTP_PORT_PROPERTY).value(Integer.toString(httpPort)));
        }

        // The author's bundles: the property the build sets, then what the test class adds.
        options.addAll(KitSettings.authorBundles());
        options.addAll(Arrays.asList(additionalOptions()));

        options.addAll(jdk17Options(karafVersion));
        return options.toArray(new Option[0]);
    }

    /**
     * More Pax Exam options for the container, for a test class to override: more bundles
     * ({@link PatchbayOptions#bundleJar}, {@link PatchbayOptions#mavenBundleOf}), features,
     * configuration edits. The bundles named by the system property
     * {@value KitSettings#BUNDLES_PROPERTY} are installed without this.
     */
    protected Option[] additionalOptions() {
        return new Option[0];
    }

    /**
     * Installs the distribution's boot features as one stage, so that the features Pax
     * Exam appends (its remote bundle context among them) form a later stage. Otherwise
     * Pax Exam may install its probe while Karaf is still deploying boot features, and
     * Karaf's deployment resolver hook then refuses to resolve the probe ("Resolver hook
     * prevented resolution").
     */
    /**
     * When the distribution ships the endpoint {@code endpoint}: the options that move it to a
     * free port and publish that port as the system property {@code portProperty}.
     */
    private static Optional<List<Option>> movedToFreePort(DistributionLayout layout, String endpoint,
            String portProperty) {
        String file = ENDPOINT_FACTORY_PID + "-" + endpoint + ".cfg";
        if (!layout.hasEtcFile(file)) {
            return Optional.empty();
        }
        String port = Integer.toString(freePort());
        return Optional.of(List.of(editConfigurationFilePut("etc/" + file, "port", port),
                systemProperty(portProperty).value(port)));
    }

    private static Optional<Option> stageBootFeatures(DistributionLayout layout) throws IOException {
        Optional<Properties> featuresCfg = layout.etcProperties("org.apache.karaf.features.cfg");
        if (featuresCfg.isEmpty()) {
            return Optional.empty();
        }
        Properties properties = featuresCfg.get();
        String boot = properties.getProperty("featuresBoot", "").trim();
        if (boot.isEmpty() || boot.contains("(")) {
            return Optional.empty();
        }
        return Optional.of(editConfigurationFilePut("etc/org.apache.karaf.features.cfg",
                "featuresBoot", "(" + boot + ")"));
    }

    /**
     * What Karaf 4.4's {@code bin/karaf} passes on Java 9 and later (PAXEXAM-916): Pax Exam
     * starts Java itself and does not add these.
     */
    private static List<Option> jdk17Options(String karafVersion) {
        return Arrays.asList(
                new VMOption("--add-reads=java.xml=java.logging"),
                new VMOption("--add-exports=java.base/org.apache.karaf.specs.locator=java.xml,ALL-UNNAMED"),
                new VMOption("--patch-module"),
                new VMOption("java.base=lib/endorsed/org.apache.karaf.specs.locator-" + karafVersion + ".jar"),
                new VMOption("--patch-module"),
                new VMOption("java.xml=lib/endorsed/org.apache.karaf.specs.java.xml-" + karafVersion + ".jar"),
                new VMOption("--add-opens"),
                new VMOption("java.base/java.security=ALL-UNNAMED"),
                new VMOption("--add-opens"),
                new VMOption("java.base/java.net=ALL-UNNAMED"),
                new VMOption("--add-opens"),
                new VMOption("java.base/java.lang=ALL-UNNAMED"),
                new VMOption("--add-opens"),
                new VMOption("java.base/java.util=ALL-UNNAMED"),
                new VMOption("--add-opens"),
                new VMOption("java.naming/javax.naming.spi=ALL-UNNAMED"),
                new VMOption("--add-opens"),
                new VMOption("java.rmi/sun.rmi.transport.tcp=ALL-UNNAMED"),
                new VMOption("--add-exports=java.base/sun.net.www.protocol.file=ALL-UNNAMED"),
                new VMOption("--add-exports=java.base/sun.net.www.protocol.ftp=ALL-UNNAMED"),
                new VMOption("--add-exports=java.base/sun.net.www.protocol.http=ALL-UNNAMED"),
                new VMOption("--add-exports=java.base/sun.net.www.protocol.https=ALL-UNNAMED"),
                new VMOption("--add-exports=java.base/sun.net.www.protocol.jar=ALL-UNNAMED"),
                new VMOption("--add-exports=java.base/sun.net.www.content.text=ALL-UNNAMED"),
                new VMOption("--add-exports=jdk.xml.dom/org.w3c.dom.html=ALL-UNNAMED"),
                new VMOption("--add-exports=jdk.naming.rmi/com.sun.jndi.url.rmi=ALL-UNNAMED"),
                new VMOption("--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED"),
                new VMOption("--add-exports=java.security.sasl/com.sun.security.sasl=ALL-UNNAMED"),
                new VMOption("--add-exports=java.naming/com.sun.jndi.ldap=ALL-UNNAMED"),
                new VMOption("-classpath"),
                new VMOption("lib/jdk9plus/*" + File.pathSeparator + "lib/boot/*"));
    }

    @ProbeBuilder
    public TestProbeBuilder probeConfiguration(TestProbeBuilder probe) {
        probe.setHeader(Constants.DYNAMICIMPORT_PACKAGE, "*");
        return probe;
    }

    // ----------------------------------------------------------------------------------
    // Ports and clients
    // ----------------------------------------------------------------------------------

    /** A port nothing listens on now, below the ephemeral range, not handed out before. */
    protected static int freePort() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 1000; attempt++) {
            int port = random.nextInt(MIN_PORT, MAX_PORT);
            if (PORTS_HANDED_OUT.contains(port)) {
                continue;
            }
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            } catch (IOException inUse) {
                continue;
            }
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress(port));
            } catch (IOException inUseOnAnotherAddress) {
                continue;
            }
            PORTS_HANDED_OUT.add(port);
            return port;
        }
        throw new IllegalStateException("no free port in " + MIN_PORT + ".." + MAX_PORT);
    }

    /** The port of the shipped echo endpoint, rewritten to a free one before boot. */
    /** The port of the container's HTTP whiteboard (Pax Web). */
    protected static int httpPort() {
        String port = System.getProperty(HTTP_PORT_PROPERTY);
        assertNotNull("system property " + HTTP_PORT_PROPERTY, port);
        return Integer.parseInt(port);
    }

    protected static int echoPort() {
        String port = System.getProperty(ECHO_PORT_PROPERTY);
        assertNotNull("system property " + ECHO_PORT_PROPERTY, port);
        return Integer.parseInt(port);
    }

    protected static String loopback(int port) {
        return "127.0.0.1:" + port;
    }

    /** Whether something accepts TCP connections on {@code 127.0.0.1:port}. */
    protected static boolean isListening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            return true;
        } catch (ConnectException refused) {
            return false;
        } catch (SocketTimeoutException backlogFull) {
            return true;
        } catch (IOException other) {
            return false;
        }
    }

    /** Waits until a new connection to the port gets a line echoed back. */
    protected static void awaitEcho(int port) {
        awaitEcho(port, CORRECTNESS_TIMEOUT);
    }

    protected static void awaitEcho(int port, Duration timeout) {
        String probe = "probe-" + UUID.randomUUID();
        await("a line echoed on " + loopback(port))
                .atMost(timeout)
                .ignoreExceptionsInstanceOf(IOException.class)
                .untilAsserted(() -> {
                    try (LineClient client = LineClient.connect("127.0.0.1", port,
                            Duration.ofSeconds(2), Duration.ofSeconds(2))) {
                        assertEquals(probe, client.echo(probe));
                    }
                });
    }

    protected static void awaitNotListening(int port) {
        await("nothing listening on " + loopback(port)).until(() -> !isListening(port));
    }

    // ----------------------------------------------------------------------------------
    // Waiting
    // ----------------------------------------------------------------------------------

    /** Awaitility with this suite's defaults: poll often, allow {@link #CORRECTNESS_TIMEOUT}. */
    protected static ConditionFactory await(String what) {
        return Awaitility.await(what)
                .atMost(CORRECTNESS_TIMEOUT)
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(100));
    }

    /** Runs a blocking action with a time limit, so a hang fails the test instead. */
    protected static <T> T within(Duration timeout, String what, Callable<T> action)
            throws Exception {
        CompletableFuture<T> future = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                future.complete(action.call());
            } catch (Throwable t) {
                future.completeExceptionally(t);
            }
        }, "itest: " + what);
        thread.setDaemon(true);
        thread.start();
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            thread.interrupt();
            throw new AssertionError(what + " did not finish within " + timeout, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception) {
                throw (Exception) e.getCause();
            }
            throw new AssertionError(what + " failed", e.getCause());
        }
    }

    // ----------------------------------------------------------------------------------
    // Runtime service and bundles
    // ----------------------------------------------------------------------------------

    /** The current {@link TransportRuntime}; waits for one (it goes with the transport). */
    protected TransportRuntime runtime() {
        if (runtimeTracker == null) {
            runtimeTracker = new ServiceTracker<>(bundleContext, TransportRuntime.class, null);
            runtimeTracker.open();
        }
        try {
            TransportRuntime runtime = runtimeTracker.waitForService(CORRECTNESS_TIMEOUT.toMillis());
            assertNotNull("no TransportRuntime service within " + CORRECTNESS_TIMEOUT, runtime);
            return runtime;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    protected Optional<EndpointInfo> endpoint(String name) {
        return runtime().endpoints().stream().filter(e -> e.name().equals(name)).findFirst();
    }

    /** The session the server holds for a client, found by the client's port. */
    protected Optional<SessionInfo> sessionOf(String endpoint, LineClient client) {
        String suffix = ":" + client.localPort();
        return runtime().sessions(endpoint).stream()
                .filter(s -> s.remote() != null && s.remote().endsWith(suffix))
                .findFirst();
    }

    protected SessionInfo awaitSessionOf(String endpoint, LineClient client) {
        return await("the session of client port " + client.localPort() + " on " + endpoint)
                .until(() -> sessionOf(endpoint, client), Optional::isPresent)
                .get();
    }

    protected Bundle bundle(String symbolicName) {
        return Arrays.stream(bundleContext.getBundles())
                .filter(b -> symbolicName.equals(b.getSymbolicName()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no bundle " + symbolicName));
    }

    /** Waits until the bundle {@code symbolicName} (the first found) is in {@code state} ({@link Bundle#ACTIVE} ...). */
    protected Bundle awaitBundleState(String symbolicName, int state) {
        return await("bundle " + symbolicName + " in state " + state)
                .until(() -> Arrays.stream(bundleContext.getBundles())
                        .filter(b -> symbolicName.equals(b.getSymbolicName()) && b.getState() == state)
                        .findFirst().orElse(null), b -> b != null);
    }

    /** Installs and starts a bundle built in the test (see {@link BundleJars}); uninstall it after the test. */
    protected Bundle installBundle(String location, byte[] jar) throws Exception {
        Bundle installed = bundleContext.installBundle(location, new java.io.ByteArrayInputStream(jar));
        installed.start();
        return installed;
    }

    /**
     * {@code bundle:update <id> <file>} from the console with {@code jar} (for example
     * {@link BundleJars#withBundleVersion} of the bundle's own jar, or a second version the
     * project built), then waits until the bundle is active again. Returns what the console printed.
     */
    protected String updateBundleFromConsole(Bundle bundle, byte[] jar) throws Exception {
        Path dir = Paths.get(System.getProperty("karaf.data"), "patchbay-testkit");
        Files.createDirectories(dir);
        Path file = Files.createTempFile(dir, bundle.getSymbolicName() + "-", ".jar");
        Files.write(file, jar);
        String printed = executeCommands("bundle:update " + bundle.getBundleId() + " " + file.toUri());
        await("bundle " + bundle.getSymbolicName() + " active again after bundle:update")
                .until(() -> bundle.getState() == Bundle.ACTIVE);
        return printed;
    }

    /**
     * {@code patchbay:swap <endpoint> <handler> [range]}: the endpoint's new sessions go to that
     * handler (live ones follow its {@code swap.policy}). {@code versionRange} may be null.
     */
    protected String swapHandler(String endpoint, String handler, String versionRange) throws Exception {
        return executeCommands("patchbay:swap " + endpoint + " " + handler
                + (versionRange == null ? "" : " \"" + versionRange + "\""));
    }

    // ----------------------------------------------------------------------------------
    // Endpoints
    // ----------------------------------------------------------------------------------

    /** A line-codec endpoint on the loopback served by {@code handler}. */
    protected static Map<String, String> lineEndpoint(int port, String handler) {
        Map<String, String> cfg = echoEndpoint(port);
        cfg.put("handler", handler);
        return cfg;
    }

    /**
     * The settings of an endpoint on the loopback: {@code codec} is {@code line},
     * {@code length-prefixed}, {@code raw} or an installed codec's name. Add keys before writing.
     */
    protected static Map<String, String> endpointSettings(int port, String codec, String handler) {
        Map<String, String> cfg = echoEndpoint(port);
        cfg.put("codec", codec);
        cfg.put("handler", handler);
        return cfg;
    }

    /** Waits until the endpoint {@code name} is in {@code state} (as {@code patchbay:endpoint-list} shows it). */
    protected EndpointInfo awaitState(String name, EndpointState state) {
        return await("endpoint " + name + " in state " + state).until(() -> endpoint(name),
                e -> e.isPresent() && e.get().state() == state).get();
    }

    protected EndpointInfo endpointInfo(String name) {
        return endpoint(name).orElseThrow(() -> new AssertionError("no endpoint " + name + " in " + runtime().endpoints()));
    }

    // ----------------------------------------------------------------------------------
    // Configuration files
    // ----------------------------------------------------------------------------------

    protected static Path etc() {
        return Paths.get(System.getProperty("karaf.etc"));
    }

    protected static Path endpointFile(String name) {
        return etc().resolve(ENDPOINT_FACTORY_PID + "-" + name + ".cfg");
    }

    /** The settings of an echo endpoint on the loopback line codec, ready to change. */
    protected static Map<String, String> echoEndpoint(int port) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("host", "127.0.0.1");
        properties.put("port", Integer.toString(port));
        properties.put("codec", "line");
        properties.put("handler", "echo");
        return properties;
    }

    /**
     * Writes {@code etc/dev.patchbay.endpoint-<name>.cfg} atomically (a temporary file
     * FileInstall ignores, then a move), so FileInstall never reads half a file. The file
     * is deleted after the test.
     */
    protected Path writeEndpointFile(String name, Map<String, String> properties) throws IOException {
        Path target = endpointFile(name);
        if (Files.exists(target)) {
            // An edit: FileInstall must be done with the previous version first (see below).
            awaitConfigurationEventsDelivered();
        }
        Path temporary = etc().resolve("." + target.getFileName() + ".tmp");
        StringBuilder text = new StringBuilder("# written by a Patchbay integration test\n");
        properties.forEach((key, value) -> text.append(key).append(" = ").append(value).append('\n'));
        Files.write(temporary, text.toString().getBytes(UTF_8));
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        if (!endpointFilesWritten.contains(name)) {
            endpointFilesWritten.add(name);
        }
        return target;
    }

    /**
     * Waits until ConfigAdmin has delivered every configuration event posted so far to every
     * listener. FileInstall (with Karaf's {@code enableConfigSave}) compares a changed
     * configuration with its file when the event reaches it, and writes the configuration back
     * if they differ: a file edited before the event of its previous version reached FileInstall
     * is silently reverted. ConfigAdmin delivers events in order on one thread, so the event of a
     * configuration updated now reaches a listener of ours only after the earlier ones.
     */
    protected void awaitConfigurationEventsDelivered() {
        String pid = "testkit.configuration.barrier";
        String token = UUID.randomUUID().toString();
        CompletableFuture<Void> delivered = new CompletableFuture<>();
        org.osgi.framework.ServiceRegistration<org.osgi.service.cm.ConfigurationListener> listener =
                bundleContext.registerService(org.osgi.service.cm.ConfigurationListener.class, event -> {
                    if (pid.equals(event.getPid())) {
                        try {
                            java.util.Dictionary<String, Object> p = configurationAdmin.getConfiguration(pid, null).getProperties();
                            if (p != null && token.equals(p.get("token"))) {
                                delivered.complete(null);
                            }
                        } catch (IOException e) {
                            delivered.completeExceptionally(e);
                        }
                    }
                }, null);
        try {
            java.util.Hashtable<String, Object> p = new java.util.Hashtable<>();
            p.put("token", token);
            configurationAdmin.getConfiguration(pid, null).update(p);
            delivered.get(30, TimeUnit.SECONDS);
        } catch (IOException | ExecutionException | TimeoutException e) {
            throw new AssertionError("ConfigAdmin did not deliver its configuration events within 30 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } finally {
            listener.unregister();
        }
    }

    protected void deleteEndpointFile(String name) throws IOException {
        Files.deleteIfExists(endpointFile(name));
    }

    /** The PID ConfigAdmin gave the factory configuration read from an endpoint's file. */
    protected String awaitPidOfEndpointFile(String name) {
        String filter = "(felix.fileinstall.filename=*" + ENDPOINT_FACTORY_PID + "-" + name + ".cfg)";
        return await("a configuration from " + endpointFile(name).getFileName())
                .until(() -> {
                    org.osgi.service.cm.Configuration[] found =
                            configurationAdmin.listConfigurations(filter);
                    return found == null ? null : found[0].getPid();
                }, pid -> pid != null);
    }

    @After
    public void removeEndpointFilesAndTrackers() throws IOException {
        for (String name : endpointFilesWritten) {
            deleteEndpointFile(name);
        }
        if (!endpointFilesWritten.isEmpty() && bundle(TRANSPORT_BUNDLE).getState() == Bundle.ACTIVE) {
            await("endpoints of this test removed").until(() -> runtime().endpoints().stream()
                    .noneMatch(e -> endpointFilesWritten.contains(e.name())));
        }
        endpointFilesWritten.clear();
        if (runtimeTracker != null) {
            runtimeTracker.close();
            runtimeTracker = null;
        }
    }

    // ----------------------------------------------------------------------------------
    // Console and log
    // ----------------------------------------------------------------------------------

    /**
     * Runs console commands one after the other in one shell session (so
     * {@code config:edit} state carries over) and returns what they printed.
     */
    protected String executeCommands(String... commands) throws Exception {
        return runCommands(operator(), String.join("; ", commands), true, commands);
    }

    /**
     * Runs console commands like {@link #executeCommands}, but as {@code user} holding only
     * {@code roles}, so that the command ACLs in {@code etc/} judge them as they would judge a
     * user of {@code etc/users.properties}. A command that fails, refused by an ACL or failing
     * itself, throws its own exception (not an AssertionError), for the test to look at.
     */
    protected String executeCommandsAs(String user, Collection<String> roles, String... commands)
            throws Exception {
        Subject subject = new Subject();
        subject.getPrincipals().add(new UserPrincipal(user));
        for (String role : roles) {
            subject.getPrincipals().add(new RolePrincipal(role));
        }
        return runCommands(subject, user + ": " + String.join("; ", commands), false, commands);
    }

    /**
     * Waits for the commands, then runs them in one new shell session as {@code subject}
     * (within 60 s; {@code what} names the thread and a timeout) and returns what they printed.
     * A command that fails throws its own exception, or, if {@code failureAsAssertion}, an
     * AssertionError holding it and what was printed until then.
     */
    private String runCommands(Subject subject, String what, boolean failureAsAssertion, String... commands)
            throws Exception {
        for (String command : commands) {
            awaitCommand(command);
        }
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream console = new PrintStream(printed, true, UTF_8);
        return within(Duration.ofSeconds(60), what, () -> {
            Session session = sessionFactory.create(new ByteArrayInputStream(new byte[0]),
                    console, console);
            try {
                Subject.doAs(subject, (PrivilegedExceptionAction<Void>) () -> {
                    for (String command : commands) {
                        Object result = session.execute(command);
                        if (result != null) {
                            session.getConsole().println(result);
                        }
                    }
                    return null;
                });
            } catch (Exception e) {
                Exception failure = e instanceof PrivilegedActionException ? ((PrivilegedActionException) e).getException() : e;
                if (!failureAsAssertion) {
                    throw failure;
                }
                console.flush();
                throw new AssertionError("'" + String.join("; ", commands) + "' failed: " + failure
                        + "; printed: " + printed.toString(UTF_8), failure);
            } finally {
                session.close();
            }
            console.flush();
            return printed.toString(UTF_8);
        });
    }

    /** An operator logged in with the roles of Karaf's admin group; command ACLs check them. */
    private static Subject operator() {
        Subject subject = new Subject();
        subject.getPrincipals().add(new UserPrincipal("itest"));
        for (String role : new String[] {"admin", "manager", "viewer", "systembundles"}) {
            subject.getPrincipals().add(new RolePrincipal(role));
        }
        return subject;
    }

    /** Commands are services: wait for the one a command line names. */
    private void awaitCommand(String commandLine) {
        String command = commandLine.trim().split("\\s+", 2)[0];
        int colon = command.indexOf(':');
        String scope = colon > 0 ? command.substring(0, colon) : "*";
        String name = colon > 0 ? command.substring(colon + 1) : command;
        await("console command " + command)
                .until(() -> sessionFactory.getRegistry().getCommand(scope, name) != null);
    }

    /** Where the container writes its log files ({@code data/log}). */
    protected static Path logDirectory() {
        String log = System.getProperty("karaf.log");
        return log != null ? Paths.get(log) : Paths.get(System.getProperty("karaf.data"), "log");
    }

    /**
     * Every line of every log file in the log directory. The audit log's JSON files live there
     * too but are left out: they grow between two calls, and tests count log lines to skip.
     */
    protected static List<String> logLines() {
        try (Stream<Path> files = Files.list(logDirectory())) {
            List<String> lines = new ArrayList<>();
            for (Path file : files.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().endsWith(".json"))
                    .sorted().collect(Collectors.toList())) {
                lines.addAll(Arrays.asList(new String(Files.readAllBytes(file), UTF_8).split("\\R")));
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The default audit log, {@code data/log/patchbay-audit.json}. */
    protected static Path auditFile() {
        return Paths.get(System.getProperty("karaf.data"), "log", "patchbay-audit.json").toAbsolutePath().normalize();
    }

    /**
     * Every line of the default audit log: the operations files (rotated oldest first, then
     * the current one), then the session and refusal files ({@code patchbay-audit-sessions*.json})
     * the same way. Each class is in its own order; the two are not merged by time.
     */
    protected static List<String> auditLines() {
        List<String> lines = new ArrayList<>(auditLines(auditFile()));
        lines.addAll(auditLines(auditFile().resolveSibling("patchbay-audit-sessions.json")));
        return lines;
    }

    /** Every line of one audit class: its rotated files oldest first, then its current file. */
    protected static List<String> auditLines(Path current) {
        String name = current.getFileName().toString();
        String stem = name.substring(0, name.length() - ".json".length());
        Pattern rotated = Pattern.compile(Pattern.quote(stem) + "-\\d{8}T\\d{6}\\.\\d{3}Z(-\\d+)?\\.json");
        try (Stream<Path> files = Files.list(current.getParent())) {
            List<Path> all = files.filter(f -> rotated.matcher(f.getFileName().toString()).matches()).sorted()
                    .collect(Collectors.toList());
            all.add(current);
            List<String> lines = new ArrayList<>();
            for (Path f : all) {
                if (Files.exists(f)) {
                    lines.addAll(Files.readAllLines(f, UTF_8));
                }
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code "key":"value"} as the audit writer writes it (value JSON-escaped only for quotes and backslashes). */
    protected static String field(String key, String value) {
        return "\"" + key + "\":\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private void copyLogsFor(Description description) {
        String target = System.getProperty(FAILURE_LOGS_PROPERTY);
        if (target == null) {
            return;
        }
        Path into = Paths.get(target, description.getClassName() + "." + description.getMethodName());
        try (Stream<Path> files = Files.list(logDirectory())) {
            Files.createDirectories(into);
            for (Path file : files.filter(Files::isRegularFile).collect(Collectors.toList())) {
                Files.copy(file, into.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
            System.err.println("Container logs of the failed test copied to " + into);
        } catch (IOException e) {
            System.err.println("Could not copy the container logs to " + into + ": " + e);
        }
    }

    // ----------------------------------------------------------------------------------
    // HTTP: /metrics and /health/*
    // ----------------------------------------------------------------------------------

    /** An HTTP answer; status -1 if the connection was refused (body: the exception). */
    protected record Answer(int status, String body) {
    }

    /** GET {@code path} from the container's HTTP whiteboard. */
    protected static Answer http(String path) throws IOException {
        HttpURLConnection c = (HttpURLConnection) new URL("http://127.0.0.1:" + httpPort() + path).openConnection();
        c.setConnectTimeout(5000);
        c.setReadTimeout(10000);
        try {
            int status;
            try {
                status = c.getResponseCode();
            } catch (ConnectException e) {
                return new Answer(-1, e.toString());
            }
            InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
            String body = in == null ? "" : new String(in.readAllBytes(), UTF_8);
            return new Answer(status, body);
        } finally {
            c.disconnect();
        }
    }
}
