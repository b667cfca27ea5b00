package dev.patchbay.itests;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.net.ssl.SSLSocket;

import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.util.io.pem.PemWriter;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.patchbay.testkit.LineClient;
import dev.patchbay.testkit.TestCertificates;
import dev.patchbay.testkit.TrustAnyCertificate;
import dev.patchbay.testkit.UnpackedDistribution;

/**
 * The container image of {@code ops/container/Dockerfile}, reproduced on the local file system (no
 * container engine runs here): the distribution laid out by the image's own {@code layout.sh}
 * (installation read-only, state and configuration as the only writable places), the configuration
 * directory in the layout Kubernetes gives a mounted ConfigMap ({@code ..<timestamp>/},
 * {@code ..data -> it}, {@code x.cfg -> ..data/x.cfg}), the Dockerfile's {@code ENV},
 * {@code WORKDIR}, {@code USER} (uid 10001 through {@code setpriv} when the test runs as root; as
 * the current user otherwise) and {@code ENTRYPOINT} ({@code bin/karaf daemon}), stopped with SIGTERM
 * as {@code docker stop} does. One server for the whole class, its steps in name order:
 *
 * <ol>
 * <li>it serves echo and answers the image's HEALTHCHECK probe script, live and ready, as a
 * non-root user, and writes nothing into the installation;</li>
 * <li>an endpoint's port given by environment variable ({@code DEV_PATCHBAY_ENDPOINT_ECHO_PORT})
 * wins over its {@code .cfg}; {@code ${env:NAME}} in a {@code .cfg} is replaced;</li>
 * <li>a TLS profile of the ConfigMap, its material in a Secret-like directory, opens its encrypted
 * key with a password from the environment;</li>
 * <li>a ConfigMap update ({@code ..data} swapped atomically) is in force within two seconds; the
 * same update brings a refused {@code .cfg}, and a connection over {@code max.connections} is
 * refused;</li>
 * <li>after the stop, every line of {@code karaf.log} is JSON, the refusal line carries
 * {@code endpoint} and {@code remote}, and the key password is in no file the server wrote.</li>
 * </ol>
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class ContainerLayoutIT {

    private static final int ECHO_PORT_FROM_ENV = 7107;
    private static final int ECHO_PORT_IN_CFG = 7007;
    private static final int SITE_TLS_PORT = 7444;
    private static final int CM_PORT_BEFORE = 7201;
    private static final int CM_PORT_AFTER = 7202;
    private static final String KEY_PASSWORD = "kP-" + Long.toHexString(Double.doubleToLongBits(Math.random()));
    private static final Duration BOOT_LIMIT = Duration.ofSeconds(180);

    private static UnpackedDistribution dist;
    private static Path install;
    private static Path state;
    private static Path config;
    private static Path secret;
    private static Process server;
    private static long startedAtMillis;
    private static int runAsUid = -1;

    @BeforeClass
    public static void layOutAndStart() throws Exception {
        UnpackedDistribution.requireFixedPortsFree();
        Path ops = Paths.get(System.getProperty("patchbay.itests.basedir", ".")).toAbsolutePath().resolve("../ops/container").normalize();
        String dockerfile = Files.readString(ops.resolve("Dockerfile"));

        dist = UnpackedDistribution.unpack("container");
        install = dist.home();
        Path root = install.getParent();
        state = root.resolve("var-lib-patchbay");
        config = root.resolve("etc-patchbay");
        secret = root.resolve("secret-tls");

        boolean root0 = "0".equals(run(List.of("id", "-u")).trim());
        String uid = "-";
        if (root0) {
            Matcher m = Pattern.compile("ARG PATCHBAY_UID=(\\d+)").matcher(dockerfile);
            assertTrue("the Dockerfile names its user's uid", m.find());
            uid = m.group(1);
            runAsUid = Integer.parseInt(uid);
            // The user needs to reach the installation below target/.
            for (Path p = root; p != null; p = p.getParent()) {
                run(List.of("chmod", "o+x", p.toString()));
            }
        }
        run(List.of(ops.resolve("layout.sh").toString(), install.toString(), state.toString(), config.toString(), uid, uid,
                ops.toString()));

        // The configuration volume as Kubernetes mounts a ConfigMap; the TLS material as a Secret.
        Files.createDirectories(secret);
        writeEncryptedKeyAndCertificate(secret.resolve("tls.key"), secret.resolve("tls.crt"));
        Map<String, String> files = new LinkedHashMap<>();
        try (Stream<Path> cfgs = Files.list(config)) {
            for (Path f : (Iterable<Path>) cfgs::iterator) {
                files.put(f.getFileName().toString(), Files.readString(f));
                Files.delete(f);
            }
        }
        files.put("dev.patchbay.tls-site.cfg", "certificate = " + secret.resolve("tls.crt") + "\nkey = " + secret.resolve("tls.key")
                + "\nkey.password.env = PATCHBAY_TLS_KEY_PASSWORD\n");
        files.put("dev.patchbay.endpoint-site-tls.cfg", "host = 127.0.0.1\nport = " + SITE_TLS_PORT + "\nhandler = echo\ntls = site\n");
        // ${env:NAME} in a .cfg: replaced when the file is read.
        files.put("dev.patchbay.endpoint-cm.cfg", "host = 127.0.0.1\nport = ${env:PATCHBAY_CM_PORT}\nhandler = echo\n");
        configMapUpdate("..2026_11_29_10_00_00.000000001", files);
        if (root0) {
            run(List.of("chown", "-R", uid + ":" + uid, config.toString(), secret.toString()));
        }

        List<String> command = new ArrayList<>();
        if (root0) {
            command.addAll(List.of("setpriv", "--reuid", uid, "--regid", uid, "--clear-groups"));
        }
        Matcher entry = Pattern.compile("ENTRYPOINT \\[(.*)]").matcher(dockerfile);
        assertTrue("the Dockerfile has an ENTRYPOINT", entry.find());
        for (String arg : entry.group(1).split(",")) {
            command.add(container(arg.trim().replace("\"", "")));
        }
        ProcessBuilder pb = new ProcessBuilder(command).directory(state.toFile());
        Map<String, String> env = pb.environment();
        env.clear();
        env.put("PATH", System.getenv("PATH"));
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.putAll(dockerfileEnv(dockerfile));
        env.put("DEV_PATCHBAY_ENDPOINT_ECHO_PORT", Integer.toString(ECHO_PORT_FROM_ENV));
        env.put("PATCHBAY_TLS_KEY_PASSWORD", KEY_PASSWORD);
        env.put("PATCHBAY_CM_PORT", Integer.toString(CM_PORT_BEFORE));
        // Loopback is enough here; the image opens /health and /metrics to the pod network.
        env.put("ORG_OPS4J_PAX_WEB_ORG_OPS4J_PAX_WEB_LISTENING_ADDRESSES", "127.0.0.1");
        pb.redirectErrorStream(true).redirectOutput(root.resolve("stdout.log").toFile());
        startedAtMillis = System.currentTimeMillis();
        server = pb.start();
        try {
            dist.awaitReady(BOOT_LIMIT);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n--- stdout (tail):\n" + tail(root.resolve("stdout.log"), 4000)
                    + "\n--- karaf.log (tail):\n" + tail(state.resolve("data/log/karaf.log"), 6000), e);
        }
    }

    @AfterClass
    public static void stopAndRemove() throws Exception {
        if (server != null && server.isAlive()) {
            server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        if (install != null) {
            run(List.of("chmod", "-R", "u+w", install.toString()));
        }
        if (dist != null) {
            dist.close();
        }
    }

    @Test
    public void a_servesEchoAndAnswersProbesAsNonRootWithTheInstallationReadOnly() throws Exception {
        assertEquals("echo", echo(ECHO_PORT_FROM_ENV, "echo"));
        for (String probe : List.of("live", "ready")) {
            Process p = new ProcessBuilder(install.resolve("bin/patchbay-probe").toString(), probe).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), UTF_8);
            assertTrue(p.waitFor(10, TimeUnit.SECONDS));
            assertEquals("the image's HEALTHCHECK script, /health/" + probe + ": " + out, 0, p.exitValue());
        }
        String status = Files.readString(Paths.get("/proc", Long.toString(server.pid()), "status"));
        Matcher uid = Pattern.compile("(?m)^Uid:\\s+(\\d+)").matcher(status);
        assertTrue(uid.find());
        int expected = runAsUid >= 0 ? runAsUid : Integer.parseInt(run(List.of("id", "-u")).trim());
        assertEquals("the server's JVM (PID 1 in the container) runs as the image's user", expected, Integer.parseInt(uid.group(1)));
        assertTrue("not as root", Integer.parseInt(uid.group(1)) != 0);

        try (Stream<Path> all = Files.walk(install)) {
            List<Path> written = all.filter(p -> p.toFile().lastModified() >= startedAtMillis || Files.isWritable(p) && runAsUid < 0)
                    .collect(Collectors.toList());
            assertEquals("nothing in the installation written or writable", List.of(), written);
        }
        assertTrue("karaf.pid in the state volume (KARAF_BASE)", Files.isRegularFile(state.resolve("karaf.pid")));
        assertTrue("logs in the state volume", Files.isRegularFile(state.resolve("data/log/karaf.log")));
    }

    @Test
    public void b_anEndpointsPortFromTheEnvironmentWinsOverItsCfg() throws Exception {
        assertEquals("from-env", echo(ECHO_PORT_FROM_ENV, "from-env"));
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", ECHO_PORT_IN_CFG), 2000);
            fail("the port of the .cfg must not be bound when DEV_PATCHBAY_ENDPOINT_ECHO_PORT is set");
        } catch (ConnectException expected) {
            // nothing listens there
        }
    }

    @Test
    public void c_tlsKeyPasswordFromTheEnvironment() throws Exception {
        try (SSLSocket s = (SSLSocket) TrustAnyCertificate.clientContext().getSocketFactory().createSocket()) {
            s.connect(new InetSocketAddress("127.0.0.1", SITE_TLS_PORT), 5000);
            s.setSoTimeout(10_000);
            s.startHandshake();
            OutputStream out = s.getOutputStream();
            out.write("over tls\n".getBytes(UTF_8));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), UTF_8));
            assertEquals("over tls", in.readLine());
        }
    }

    @Test
    public void d_configMapSwapIsInForceWithinTwoSecondsAndRefusalsAreLogged() throws Exception {
        assertEquals("the port from ${env:PATCHBAY_CM_PORT}", "before", echo(CM_PORT_BEFORE, "before"));
        Map<String, String> files = new LinkedHashMap<>();
        try (Stream<Path> cfgs = Files.list(config.resolve("..data"))) {
            for (Path f : (Iterable<Path>) cfgs::iterator) {
                files.put(f.getFileName().toString(), Files.readString(f));
            }
        }
        files.put("dev.patchbay.endpoint-cm.cfg", "host = 127.0.0.1\nport = " + CM_PORT_AFTER + "\nhandler = echo\nmax.connections = 1\n");
        files.put("dev.patchbay.endpoint-bad.cfg", "host = 127.0.0.1\nport = 99999\nhandler = echo\n");

        long t0 = System.nanoTime();
        configMapUpdate("..2026_11_29_10_05_00.000000002", files);
        await("the swapped ConfigMap in force").atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(20))
                .ignoreExceptions().until(() -> "after".equals(echo(CM_PORT_AFTER, "after")));
        System.out.printf("ConfigMap swap in force after %d ms%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));

        // max.connections = 1: a second connection is closed at accept.
        try (LineClient first = LineClient.connect(CM_PORT_AFTER)) {
            first.send("one");
            assertEquals("one", first.readLine());
            try (LineClient second = LineClient.connect(CM_PORT_AFTER)) {
                second.send("two");
                String answer;
                try {
                    answer = second.readLine();
                } catch (IOException reset) {
                    answer = null;
                }
                assertNull("the connection over max.connections is closed", answer);
            }
        }
        await("the refusal and the refused .cfg in karaf.log").atMost(Duration.ofSeconds(10)).until(() -> {
            String log = Files.readString(state.resolve("data/log/karaf.log"));
            return log.contains("refused connection from") && log.contains("99999");
        });
    }

    @Test
    public void e_afterTheStopEveryLineOfKarafLogIsJsonAndNoSecretWasWritten() throws Exception {
        server.destroy(); // SIGTERM, as docker stop and the kubelet send it
        assertTrue("the JVM exits after SIGTERM", server.waitFor(60, TimeUnit.SECONDS));

        ObjectMapper json = new ObjectMapper();
        List<String> lines = Files.readAllLines(state.resolve("data/log/karaf.log"), UTF_8);
        assertTrue("karaf.log has lines", lines.size() > 50);
        JsonNode refusal = null;
        boolean stopped = false;
        for (String line : lines) {
            JsonNode n;
            try {
                n = json.readTree(line);
            } catch (IOException e) {
                throw new AssertionError("not a JSON line in karaf.log: " + line, e);
            }
            assertTrue("an object: " + line, n.isObject());
            for (String field : List.of("time", "level", "logger", "thread", "message")) {
                assertNotNull(field + " in " + line, n.get(field));
            }
            assertTrue("UTC, milliseconds: " + line, n.get("time").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"));
            if (n.get("message").asText().contains("refused connection from")) {
                refusal = n;
            }
            stopped |= n.get("message").asText().contains("stopped (");
        }
        assertNotNull("a refusal line", refusal);
        System.out.println("the refusal in karaf.log: " + refusal);
        assertEquals(refusal.toString(), "cm", refusal.path("endpoint").asText());
        assertTrue(refusal.toString(), refusal.path("remote").asText().contains("127.0.0.1"));
        assertTrue("the stop is logged too", stopped);

        List<Path> written = new ArrayList<>();
        try (Stream<Path> all = Files.walk(state)) {
            all.filter(Files::isRegularFile).filter(p -> !p.startsWith(state.resolve("data/cache"))).forEach(written::add);
        }
        written.add(install.getParent().resolve("stdout.log"));
        assertTrue(written.contains(state.resolve("data/log/patchbay-audit.json")));
        for (Path f : written) {
            assertFalse("the key password in " + f, new String(Files.readAllBytes(f), UTF_8).contains(KEY_PASSWORD));
        }
    }

    // ------------------------------------------------------------------ helpers

    private static String echo(int port, String line) throws IOException {
        try (LineClient c = LineClient.connect(port)) {
            c.send(line);
            return c.readLine();
        }
    }

    /** What the kubelet does on a ConfigMap update: a new timestamped directory, ..data swapped to it by rename, x.cfg links. */
    private static void configMapUpdate(String timestamped, Map<String, String> files) throws IOException, InterruptedException {
        Path dir = config.resolve(timestamped);
        Files.createDirectory(dir);
        for (Map.Entry<String, String> f : files.entrySet()) {
            Files.writeString(dir.resolve(f.getKey()), f.getValue());
        }
        Path tmp = config.resolve("..data_tmp");
        Files.createSymbolicLink(tmp, Paths.get(timestamped));
        Files.move(tmp, config.resolve("..data"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        for (String name : files.keySet()) {
            Path link = config.resolve(name);
            if (!Files.isSymbolicLink(link)) {
                Files.createSymbolicLink(link, Paths.get("..data", name));
            }
        }
        if (runAsUid >= 0) {
            run(List.of("chown", "-R", "-h", runAsUid + ":" + runAsUid, config.toString()));
        }
    }

    /** The Dockerfile's ENV instruction, its paths mapped to this test's directories. */
    private static Map<String, String> dockerfileEnv(String dockerfile) {
        Matcher m = Pattern.compile("(?m)^ENV ((?:.*\\\\\\n)*.*)$").matcher(dockerfile);
        assertTrue("the Dockerfile has an ENV", m.find());
        Map<String, String> env = new LinkedHashMap<>();
        Matcher kv = Pattern.compile("([A-Z_][A-Z0-9_]*)=(\"[^\"]*\"|\\S+)").matcher(m.group(1).replace("\\\n", " "));
        while (kv.find()) {
            env.put(kv.group(1), container(kv.group(2).replace("\"", "")));
        }
        assertEquals("json", env.get("PATCHBAY_LOG_FORMAT"));
        return env;
    }

    /** An image path on this machine. */
    private static String container(String value) {
        return value.replace("/opt/patchbay", install.toString()).replace("/var/lib/patchbay", state.toString())
                .replace("/etc/patchbay", config.toString());
    }

    /** A self-signed certificate and its key, encrypted (PKCS#8, AES-256-CBC) with {@link #KEY_PASSWORD}. */
    private static void writeEncryptedKeyAndCertificate(Path keyFile, Path certificateFile) throws Exception {
        TestCertificates ca = new TestCertificates("CN=container test CA");
        TestCertificates.Issued server = ca.issue("CN=localhost");
        StringWriter pem = new StringWriter();
        try (PemWriter w = new PemWriter(pem)) {
            w.writeObject(new JcaPKCS8Generator(server.keys().getPrivate(),
                    new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.AES_256_CBC).setProvider(new BouncyCastleProvider())
                            .setPassword(KEY_PASSWORD.toCharArray()).build()));
        }
        Files.writeString(keyFile, pem.toString());
        Files.writeString(certificateFile, TestCertificates.pem("CERTIFICATE", server.certificate().getEncoded()));
    }

    private static String tail(Path file, int chars) throws IOException {
        if (!Files.isRegularFile(file)) {
            return "(none)";
        }
        String text = Files.readString(file);
        return text.length() <= chars ? text : "..." + text.substring(text.length() - chars);
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError(command + " failed: " + out);
        }
        return out;
    }
}
