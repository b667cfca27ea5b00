package dev.patchbay.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.exceptions.JedisDataException;

import dev.patchbay.testkit.BundleJars;

/**
 * Operating the RESP endpoint: a newer handler dropped into {@code deploy/} while Jedis clients
 * write and read and a subscriber listens (no client error, every key kept, the subscriber
 * still subscribed, the new version serving); and what operators watch: the commands by family,
 * the keyspace's size, memory and refusals and the pub/sub figures on {@code /metrics}, and a
 * failed {@code AUTH} in the audit log, without its password.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RespOperationsIT extends RespTestSupport {

    private static final String HANDLER_BUNDLE = "patchbay-handler-resp";
    private static final String NEWER_VERSION = "0.1.1";
    private static final int LOAD_CLIENTS = 4;
    /** Requests each load client completes after the swap before the load stops. */
    private static final long AFTER_SWAP = 500;

    private final List<SetGetLoad> loads = new ArrayList<>();
    private Path deployed;

    @Test
    public void aNewerHandlerDroppedIntoDeployTakesOverUnderLoadKeepingKeysAndSubscribers() throws Exception {
        awaitResp(respPort());
        Bundle current = bundle(HANDLER_BUNDLE);
        assertTrue(current.getVersion() + " is older than " + NEWER_VERSION,
                current.getVersion().compareTo(org.osgi.framework.Version.parseVersion(NEWER_VERSION)) < 0);
        Jedis j = jedis(respPort());
        j.select(5);
        j.flushDB();
        try (Pipeline p = j.pipelined()) {
            for (int i = 0; i < 1000; i++) {
                p.set("before" + i, "value" + i);
            }
            p.sync();
        }
        List<String> received = new CopyOnWriteArrayList<>();
        JedisPubSub listener = new JedisPubSub() {
            @Override
            public void onMessage(String channel, String message) {
                received.add(message);
            }
        };
        Jedis subscriber = jedis(respPort());
        Thread listening = new Thread(() -> subscriber.subscribe(listener, "ops"), "resp-ops-subscriber");
        listening.start();
        Jedis publisher = jedis(respPort());
        await("the subscriber is subscribed").until(() -> publisher.pubsubNumSub("ops").get("ops") == 1L);
        assertEquals(1, publisher.publish("ops", "before the swap"));

        for (int i = 0; i < LOAD_CLIENTS; i++) {
            loads.add(new SetGetLoad(jedis(respPort()), i));
        }
        await("every load client running").until(() -> loads.stream().allMatch(l -> l.done.get() > 100));

        // The newer version, built here from the installed jar, dropped into deploy/ as an operator
        // would: written beside it, then moved in, so that FileInstall never reads half a jar.
        byte[] newer = BundleJars.withBundleVersion(BundleJars.jarOf(current), NEWER_VERSION);
        Path deploy = Paths.get(System.getProperty("karaf.base"), "deploy");
        Path staged = Files.createTempFile(deploy.getParent(), "handler-resp", ".part");
        Files.write(staged, newer);
        deployed = deploy.resolve(HANDLER_BUNDLE + "-" + NEWER_VERSION + ".jar");
        Files.move(staged, deployed, StandardCopyOption.ATOMIC_MOVE);

        await("the resp endpoint serving with " + NEWER_VERSION)
                .failFast("load errors", this::assertNoLoadErrors)
                .until(() -> NEWER_VERSION.equals(endpointInfo(RESP_ENDPOINT).handlerVersion()));
        long[] atSwap = loads.stream().mapToLong(l -> l.done.get()).toArray();
        await("every load client served " + AFTER_SWAP + " more requests after the swap")
                .failFast("load errors", this::assertNoLoadErrors)
                .until(() -> {
                    for (int i = 0; i < LOAD_CLIENTS; i++) {
                        if (loads.get(i).done.get() < atSwap[i] + AFTER_SWAP) {
                            return false;
                        }
                    }
                    return true;
                });
        for (SetGetLoad load : loads) {
            load.stop();
        }
        assertNoLoadErrors();

        // The live connection, handed over: the newer version answers it, its database still 5.
        assertTrue(j.info("server"), j.info("server").contains("patchbay_handler_version:" + NEWER_VERSION));
        for (int i = 0; i < 1000; i++) {
            assertEquals("value" + i, j.get("before" + i));
        }
        for (SetGetLoad load : loads) {
            load.assertEveryKeyReads(j);
        }
        assertEquals("the subscriber is still subscribed", 1L, (long) publisher.pubsubNumSub("ops").get("ops"));
        assertEquals(1, publisher.publish("ops", "after the swap"));
        await("the subscriber received what was published after the swap")
                .until(() -> received.contains("after the swap"));
        assertEquals(List.of("before the swap", "after the swap"), received);
        listener.unsubscribe();
        listening.join(CLIENT_TIMEOUT_MS);
        j.flushDB();
    }

    @Test
    public void commandsKeyspaceFiguresAndAFailedAuthAreExportedAndAudited() throws Exception {
        String endpoint = "resp-ops-auth";
        int port = freePort();
        Map<String, String> settings = respEndpoint(port, "resp");
        settings.put("requirepass", "ops-secret");
        writeEndpointFile(endpoint, settings);
        awaitResp(port);
        await("/metrics serving").until(() -> http("/metrics").status() == 200);

        Jedis guesser = jedis(port);
        assertWrongPass(() -> guesser.auth("guess-1"));
        assertWrongPass(() -> guesser.auth("intruder", "guess-2"));
        Jedis j = jedis(port);
        assertEquals("OK", j.auth("ops-secret"));
        j.select(9);
        j.flushDB();
        assertEquals("OK", j.set("a", "1"));
        assertEquals("1", j.get("a"));
        j.rpush("list", "x", "y");
        j.hset("hash", "f", "v");
        try (RawResp raw = raw(port)) {
            raw.send("AUTH ops-secret\r\nNOSUCHCOMMAND x\r\n");
            assertTrue(raw.read(5).startsWith("+OK"));
        }
        Jedis subscriberClient = jedis(port);
        assertEquals("OK", subscriberClient.auth("ops-secret"));
        JedisPubSub listener = new JedisPubSub() {
        };
        Thread listening = new Thread(() -> subscriberClient.psubscribe(listener, "ops-metrics.*"), "resp-ops-metrics");
        listening.start();
        await("the pattern subscription").until(() -> j.pubsubNumPat() == 1L);

        // Past the memory limit, a write is refused with OOM and counted.
        long refusedBefore = (long) value(http("/metrics").body(), "patchbay_keyspace_oom_refused_total");
        assertEquals("OK", j.configSet("maxmemory", "1"));
        try {
            j.set("b", "2");
            fail("a write past maxmemory must be refused");
        } catch (JedisDataException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith("OOM "));
        } finally {
            j.configSet("maxmemory", "0");
        }

        String text = http("/metrics").body();
        assertTrue(text, text.contains("# TYPE patchbay_resp_commands_total counter"));
        assertEquals(text, 3.0, commands(text, endpoint, "string"), 0.0);
        assertEquals(text, 1.0, commands(text, endpoint, "list"), 0.0);
        assertEquals(text, 1.0, commands(text, endpoint, "hash"), 0.0);
        assertEquals(text, 1.0, commands(text, endpoint, "unknown"), 0.0);
        assertTrue(text, commands(text, endpoint, "connection") >= 4);
        assertEquals(text, 3.0, value(text, "patchbay_keyspace_db_keys{db=\"9\",}"), 0.0);
        assertTrue(text, value(text, "patchbay_keyspace_keys") >= 3);
        assertTrue(text, value(text, "patchbay_keyspace_memory_used_bytes") > 0);
        // maxmemory 0 is half the heap, never "no limit": the limit in force is exported.
        double limit = Double.parseDouble(j.configGet("maxmemory").get("maxmemory"));
        assertTrue(text, limit > 0);
        assertEquals(text, limit, value(text, "patchbay_keyspace_memory_max_bytes"), 0.0);
        assertEquals(text, refusedBefore + 1, value(text, "patchbay_keyspace_oom_refused_total"), 0.0);
        assertTrue(text, text.contains("patchbay_keyspace_evicted_keys_total "));
        assertTrue(text, text.contains("patchbay_keyspace_expired_keys_total "));
        assertTrue(text, value(text, "patchbay_keyspace_pubsub_patterns") >= 1);
        assertTrue(text, value(text, "patchbay_keyspace_pubsub_subscribers") >= 1);
        assertTrue(text, text.contains("patchbay_keyspace_pubsub_channels "));

        // The failed AUTHs, in the session file, with the user given and never the password.
        String denied = field("endpoint", endpoint);
        List<String> lines = await("both failed AUTHs in the audit log").until(
                () -> auditLines().stream().filter(l -> l.contains("\"event\":\"auth.failed\"") && l.contains(denied))
                        .collect(Collectors.toList()),
                l -> l.size() == 2);
        assertTrue(lines.toString(), lines.get(0).contains(field("reason", "wrong password")));
        assertTrue(lines.toString(), lines.get(1).contains(field("user", "intruder"))
                && lines.get(1).contains(field("reason", "unknown user")));
        assertTrue(lines.toString(), lines.stream().allMatch(l -> l.contains("\"remote\":\"127.0.0.1:")
                && l.contains("\"session\":")));
        Path sessions = auditFile().resolveSibling("patchbay-audit-sessions.json");
        assertTrue("in the session file", Files.readString(sessions).contains(lines.get(0)));
        assertFalse("no password in the audit log",
                auditLines().stream().anyMatch(l -> l.contains("guess-1") || l.contains("guess-2") || l.contains("ops-secret")));

        listener.punsubscribe();
        listening.join(CLIENT_TIMEOUT_MS);
        j.flushDB();
    }

    @After
    public void stopLoadAndRemoveTheNewerHandler() throws Exception {
        for (SetGetLoad load : loads) {
            load.stop();
        }
        loads.clear();
        if (deployed != null) {
            Files.deleteIfExists(deployed);
            deployed = null;
            await("the newer handler uninstalled").until(() -> {
                for (Bundle b : bundleContext.getBundles()) {
                    if (HANDLER_BUNDLE.equals(b.getSymbolicName()) && NEWER_VERSION.equals(b.getVersion().toString())) {
                        return false;
                    }
                }
                return true;
            });
        }
    }

    private void assertNoLoadErrors() {
        for (SetGetLoad load : loads) {
            assertEquals("client " + load.client + ": " + load.firstError, 0, load.errors.get());
        }
    }

    private static void assertWrongPass(Runnable auth) {
        try {
            auth.run();
            fail("a wrong password must be refused");
        } catch (JedisDataException e) {
            assertEquals("WRONGPASS invalid username-password pair or user is disabled.", e.getMessage());
        }
    }

    private static double commands(String text, String endpoint, String family) {
        return value(text, "patchbay_resp_commands_total{endpoint=\"" + endpoint + "\",family=\"" + family + "\",}");
    }

    private static double value(String text, String series) {
        return text.lines().filter(l -> l.startsWith(series + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(series.length() + 1)))
                .findFirst().orElseThrow(() -> new AssertionError("no " + series + " in:\n" + text));
    }

    /**
     * One Jedis client writing and reading back its own keys in database 6 until stopped: every
     * reply checked, every exception an error.
     */
    private static final class SetGetLoad {

        final int client;
        final AtomicLong done = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
        volatile String firstError;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        SetGetLoad(Jedis jedis, int client) {
            this.client = client;
            this.thread = new Thread(() -> run(jedis), "resp-ops-load-" + client);
            thread.start();
        }

        private void run(Jedis jedis) {
            try {
                jedis.select(6);
                while (running.get()) {
                    long i = done.get();
                    String key = key(i);
                    String value = "v" + i;
                    if (!"OK".equals(jedis.set(key, value))) {
                        error("SET " + key + " not OK");
                    }
                    String read = jedis.get(key);
                    if (!value.equals(read)) {
                        error("GET " + key + " read " + read);
                    }
                    done.incrementAndGet();
                }
            } catch (RuntimeException e) {
                error(e.toString());
            }
        }

        private String key(long i) {
            return "load:" + client + ":" + i;
        }

        private void error(String what) {
            if (errors.getAndIncrement() == 0) {
                firstError = what;
            }
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join(CLIENT_TIMEOUT_MS);
        }

        void assertEveryKeyReads(Jedis reader) {
            reader.select(6);
            long n = done.get();
            try (Pipeline p = reader.pipelined()) {
                List<redis.clients.jedis.Response<String>> reads = new ArrayList<>();
                for (long i = 0; i < n; i++) {
                    reads.add(p.get(key(i)));
                }
                p.sync();
                for (int i = 0; i < n; i++) {
                    assertEquals(key(i), "v" + i, reads.get(i).get());
                }
            }
            reader.select(5);
        }
    }
}
