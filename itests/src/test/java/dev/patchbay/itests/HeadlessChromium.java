package dev.patchbay.itests;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A headless Chromium (Debian package {@code chromium}, installed by {@code .ci/run}) driven over
 * the Chrome DevTools Protocol with the JDK's WebSocket client, so that a test can use a web page
 * as a person would: open it, type into its fields, press its buttons, read what it shows. No
 * WebDriver and no extra dependency: the few CDP commands used are {@code Page.navigate},
 * {@code Runtime.evaluate}, {@code Network.setExtraHTTPHeaders} and {@code Page.captureScreenshot}.
 */
final class HeadlessChromium implements AutoCloseable {

    private static final Pattern DEVTOOLS_URL = Pattern.compile("DevTools listening on (ws://\\S+)");
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final Path profile;
    private final Deque<String> output;
    private final WebSocket page;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<Map<String, Object>>> pending = new ConcurrentHashMap<>();

    private HeadlessChromium(Process process, Path profile, Deque<String> output, String pageUrl) {
        this.process = process;
        this.profile = profile;
        this.output = output;
        this.page = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .buildAsync(URI.create(pageUrl), new Replies()).join();
    }

    /** Starts Chromium with a fresh profile; fails when no {@code chromium} is on the PATH. */
    static HeadlessChromium start() throws IOException, InterruptedException {
        String binary = binary();
        Path profile = Files.createTempDirectory("patchbay-chromium");
        Process process = new ProcessBuilder(binary, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check", "--disable-extensions",
                "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
                "--user-data-dir=" + profile, "--window-size=1280,1024", "about:blank")
                .redirectErrorStream(true).start();
        Deque<String> output = new ArrayDeque<>();
        CompletableFuture<String> browserUrl = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    synchronized (output) {
                        output.addLast(line);
                        if (output.size() > 50) {
                            output.removeFirst();
                        }
                    }
                    Matcher m = DEVTOOLS_URL.matcher(line);
                    if (m.find()) {
                        browserUrl.complete(m.group(1));
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
            browserUrl.completeExceptionally(new IllegalStateException("Chromium ended before it listened"));
        }, "chromium-output");
        reader.setDaemon(true);
        reader.start();
        try {
            URI browser = URI.create(browserUrl.get(30, TimeUnit.SECONDS));
            // The page Chromium opened at start: its own DevTools socket.
            String list = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://" + browser.getAuthority() + "/json/list")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            String pageUrl = null;
            for (Object target : (List<?>) Json.parse(list)) {
                Map<?, ?> t = (Map<?, ?>) target;
                if ("page".equals(t.get("type"))) {
                    pageUrl = (String) t.get("webSocketDebuggerUrl");
                }
            }
            if (pageUrl == null) {
                throw new IllegalStateException("Chromium has no page: " + list);
            }
            return new HeadlessChromium(process, profile, output, pageUrl);
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IllegalStateException("Could not start " + binary + " headless: " + e + "; it printed: "
                    + String.join("\n", output), e);
        }
    }

    private static String binary() {
        for (String name : new String[] {"chromium", "chromium-browser", "google-chrome"}) {
            for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
                Path candidate = Paths.get(dir, name);
                if (Files.isExecutable(candidate)) {
                    return candidate.toString();
                }
            }
        }
        throw new IllegalStateException("No Chromium on the PATH: install the Debian package chromium"
                + " (.ci/run does: apt-get install chromium)");
    }

    /** Sends HTTP Basic credentials with every request, as the browser does once its login dialog was answered. */
    void logIn(String user, String password) {
        String token = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(UTF_8));
        call("Network.enable", Map.of());
        call("Network.setExtraHTTPHeaders", Map.of("headers", Map.of("Authorization", "Basic " + token)));
    }

    /** Opens {@code url}; the page may still be loading when this returns (see {@link #loaded}). */
    void navigate(String url) {
        call("Page.navigate", Map.of("url", url));
    }

    /**
     * Runs {@code expression} in the page (a promise is awaited) and returns its value as text;
     * an exception thrown in the page fails here with its message.
     */
    String evaluate(String expression) {
        Map<String, Object> reply = call("Runtime.evaluate",
                Map.of("expression", expression, "returnByValue", true, "awaitPromise", true));
        if (reply.containsKey("exceptionDetails")) {
            throw new IllegalStateException("the page threw on '" + expression + "': " + reply.get("exceptionDetails"));
        }
        Object value = ((Map<?, ?>) reply.get("result")).get("value");
        return value == null ? null : String.valueOf(value);
    }

    /** Whether the page at a URL starting with {@code url} finished loading. */
    boolean loaded(String url) {
        return "true".equals(evaluate("String(document.readyState === 'complete' && location.href.startsWith("
                + Json.string(url) + "))"));
    }

    /** What the page shows, as text (what a person reads). */
    String text() {
        return evaluate("document.body ? document.body.innerText : ''");
    }

    /** A PNG of what the page shows. */
    void screenshot(Path png) throws IOException {
        Map<String, Object> reply = call("Page.captureScreenshot", Map.of("format", "png"));
        Files.write(png, Base64.getDecoder().decode((String) reply.get("data")));
    }

    private Map<String, Object> call(String method, Map<String, Object> params) {
        int id = ids.incrementAndGet();
        CompletableFuture<Map<String, Object>> reply = new CompletableFuture<>();
        pending.put(id, reply);
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("id", id);
        message.put("method", method);
        message.put("params", params);
        synchronized (page) {
            page.sendText(Json.write(message), true).join();
        }
        try {
            return reply.get(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(method + " failed: " + e.getMessage(), e);
        } finally {
            pending.remove(id);
        }
    }

    @Override
    public void close() throws IOException {
        page.abort();
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    /** Collects a reply's frames and completes the command it answers; events are ignored. */
    private final class Replies implements WebSocket.Listener {
        private final StringBuilder frames = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            frames.append(data);
            if (last) {
                Map<?, ?> message = (Map<?, ?>) Json.parse(frames.toString());
                frames.setLength(0);
                Object id = message.get("id");
                CompletableFuture<Map<String, Object>> reply = id == null ? null : pending.get(((Number) id).intValue());
                if (reply != null) {
                    if (message.containsKey("error")) {
                        reply.completeExceptionally(new IllegalStateException(String.valueOf(message.get("error"))));
                    } else {
                        @SuppressWarnings("unchecked")
                        Map<String, Object> result = (Map<String, Object>) message.get("result");
                        reply.complete(result);
                    }
                }
            }
            socket.request(1);
            return null;
        }
    }

    /** The little JSON CDP needs: objects, arrays, strings, numbers, booleans, null. */
    static final class Json {
        private final String text;
        private int at;

        private Json(String text) {
            this.text = text;
        }

        static Object parse(String text) {
            return new Json(text).value();
        }

        static String string(String s) {
            StringBuilder out = new StringBuilder("\"");
            for (char c : s.toCharArray()) {
                if (c == '"' || c == '\\') {
                    out.append('\\').append(c);
                } else if (c < 0x20) {
                    out.append(String.format("\\u%04x", (int) c));
                } else {
                    out.append(c);
                }
            }
            return out.append('"').toString();
        }

        static String write(Object value) {
            if (value instanceof Map) {
                StringBuilder out = new StringBuilder("{");
                for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                    out.append(out.length() > 1 ? "," : "").append(string(String.valueOf(e.getKey()))).append(':')
                            .append(write(e.getValue()));
                }
                return out.append('}').toString();
            }
            return value instanceof String ? string((String) value) : String.valueOf(value);
        }

        private Object value() {
            skipSpace();
            char c = text.charAt(at);
            if (c == '{') {
                Map<String, Object> object = new LinkedHashMap<>();
                at++;
                skipSpace();
                if (text.charAt(at) == '}') {
                    at++;
                    return object;
                }
                do {
                    skipSpace();
                    String key = (String) value();
                    skipSpace();
                    at++; // ':'
                    object.put(key, value());
                    skipSpace();
                } while (text.charAt(at++) == ',');
                return object;
            }
            if (c == '[') {
                List<Object> array = new ArrayList<>();
                at++;
                skipSpace();
                if (text.charAt(at) == ']') {
                    at++;
                    return array;
                }
                do {
                    array.add(value());
                    skipSpace();
                } while (text.charAt(at++) == ',');
                return array;
            }
            if (c == '"') {
                StringBuilder s = new StringBuilder();
                at++;
                for (char d; (d = text.charAt(at++)) != '"'; ) {
                    if (d != '\\') {
                        s.append(d);
                        continue;
                    }
                    char e = text.charAt(at++);
                    switch (e) {
                        case 'n': s.append('\n'); break;
                        case 't': s.append('\t'); break;
                        case 'r': s.append('\r'); break;
                        case 'b': s.append('\b'); break;
                        case 'f': s.append('\f'); break;
                        case 'u': s.append((char) Integer.parseInt(text.substring(at, at + 4), 16)); at += 4; break;
                        default: s.append(e);
                    }
                }
                return s.toString();
            }
            int start = at;
            while (at < text.length() && ",]} \n\r\t".indexOf(text.charAt(at)) < 0) {
                at++;
            }
            String word = text.substring(start, at);
            switch (word) {
                case "true": return Boolean.TRUE;
                case "false": return Boolean.FALSE;
                case "null": return null;
                default: return Double.valueOf(word);
            }
        }

        private void skipSpace() {
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                at++;
            }
        }
    }
}
