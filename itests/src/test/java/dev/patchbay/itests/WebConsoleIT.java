package dev.patchbay.itests;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.maven;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.features;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Base64;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.Configuration;

import dev.patchbay.api.event.Topics;
import dev.patchbay.api.runtime.EndpointInfo;
import dev.patchbay.api.runtime.EndpointState;
import dev.patchbay.testkit.KitSettings;
import dev.patchbay.testkit.LineClient;
import dev.patchbay.testkit.PatchbaySupport;

/**
 * The WebConsole as the README offers it: Karaf's {@code webconsole} feature (not booted by
 * default, installed here), on the loopback only, for users with the {@code admin} role. A
 * headless Chromium, logged in as an admin, creates an endpoint through the configuration page's
 * form, then enters a port out of range; the form accepts anything (ConfigAdmin stores what it is
 * given), so the refusal is read where the browser shows it: the WebConsole's Events page lists
 * Patchbay's {@code config.refused} event, while a plain socket client still echoes on the old port.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class WebConsoleIT extends PatchbaySupport {

    private static final String ADMIN = "webadmin";
    private static final String VIEWER = "webviewer";
    private static final String PASSWORD = "webconsole-it-password";

    @Override
    protected Option[] additionalOptions() {
        return new Option[] {
            features(maven("org.apache.karaf.features", "standard", KitSettings.karafVersion())
                    .classifier("features").type("xml"), "webconsole"),
            // The distribution ships no users: the ones an administrator would add.
            editConfigurationFilePut("etc/users.properties", ADMIN, PASSWORD + ",admin"),
            editConfigurationFilePut("etc/users.properties", VIEWER, PASSWORD + ",viewer"),
        };
    }

    @Test
    public void onlyAdminsAreLetInAndOnlyOnTheLoopback() throws Exception {
        assertEquals("admin", 200, status(ADMIN, PASSWORD));
        assertEquals("a user without the admin role", 401, status(VIEWER, PASSWORD));
        assertEquals("a wrong password", 401, status(ADMIN, "wrong"));
        assertEquals("the HTTP service (WebConsole, /metrics) listens on the loopback only", "127.0.0.1",
                configurationAdmin.getConfiguration("org.ops4j.pax.web", null).getProperties()
                        .get("org.ops4j.pax.web.listening.addresses"));
    }

    @Test
    public void adminCreatesAnEndpointInTheFormAndSeesAnOutOfRangePortRefusedWhileItServes() throws Exception {
        int port = freePort();
        String console = "http://127.0.0.1:" + httpPort() + "/system/console";
        String pid = null;
        try (HeadlessChromium browser = HeadlessChromium.start()) {
            try {
                browser.logIn(ADMIN, PASSWORD);

                // Configuration page: the "+" of the endpoint factory opens an empty form.
                open(browser, console + "/configMgr");
                page(browser, "$('tr.fpid').filter((i, r) => $(r).find('td:eq(1)').text().trim() === 'Patchbay endpoint')"
                        + ".find('li:eq(0)').click().length === 1");
                awaitPage(browser, "the endpoint form", "$('#editorForm [name=port]').length === 1");
                page(browser, "$('#editorForm [name=port]').val('" + port + "').length"
                        + " + $('#editorForm [name=handler]').val('echo').length === 2");
                save(browser, console + "/configMgr");

                // The listing names it by its hint; the endpoint serves.
                String hint = "on 127.0.0.1:" + port;
                awaitPage(browser, "the new endpoint listed", "$('span[title^=\"dev.patchbay.endpoint.\"]')"
                        + ".filter((i, e) => e.innerText.endsWith('" + hint + "')).length === 1");
                pid = browser.evaluate("$('span[title^=\"dev.patchbay.endpoint.\"]')"
                        + ".filter((i, e) => e.innerText.endsWith('" + hint + "')).attr('title')");
                awaitEcho(port);

                try (LineClient client = LineClient.connect(port)) {
                    assertEquals("before", client.echo("before"));

                    // Its form again, port out of range.
                    page(browser, "$('span[title=\"" + pid + "\"]').parent().click().length === 1");
                    awaitPage(browser, "the endpoint's form", "$('#editorForm [name=port]').val() === '" + port + "'");
                    page(browser, "$('#editorForm [name=port]').val('70000').length === 1");
                    save(browser, console + "/configMgr");

                    // The Events page shows Patchbay's refusal of that very configuration.
                    open(browser, console + "/events");
                    String refusal = "$('#eventsTable tbody tr').filter((i, r) => r.innerText.includes('"
                            + Topics.CONFIG_REFUSED + "') && r.innerText.includes('" + pid + "'))";
                    awaitPage(browser, "the refusal on the Events page", refusal + ".length >= 1");
                    String shown = browser.evaluate(refusal + ".first().text()");
                    assertTrue("the Events page names key, value and range: " + shown,
                            shown.contains("port=70000 (accepted: an integer from 1 to 65535)"));

                    // The endpoint keeps serving on its old port: the open session and a new one.
                    assertEquals("after", client.echo("after"));
                }
                awaitEcho(port);
                EndpointInfo served = endpointInfo(pid.substring((ENDPOINT_FACTORY_PID + ".").length()));
                assertEquals(EndpointState.LISTENING, served.state());
                assertEquals(loopback(port), served.address());
            } catch (Throwable failure) {
                screenshot(browser);
                throw failure;
            }
        } finally {
            if (pid != null) {
                Configuration[] made = configurationAdmin.listConfigurations("(service.pid=" + pid + ")");
                if (made != null) {
                    made[0].delete();
                }
            }
        }
    }

    private static void open(HeadlessChromium browser, String url) {
        browser.navigate(url);
        await("page " + url).until(() -> browser.loaded(url));
    }

    /** Presses the form's Save button; the console then reloads {@code listing}. */
    private static void save(HeadlessChromium browser, String listing) {
        page(browser, "(window.beforeSave = true) && $('.ui-dialog-buttonpane button')"
                + ".filter((i, b) => $(b).text() === 'Save').click().length === 1");
        await("the form saved and " + listing + " reloaded").until(() ->
                browser.loaded(listing) && "true".equals(browser.evaluate("String(window.beforeSave === undefined)")));
    }

    /** Runs a page action that must report true. */
    private static void page(HeadlessChromium browser, String action) {
        assertEquals(action, "true", browser.evaluate("String(" + action + ")"));
    }

    private static void awaitPage(HeadlessChromium browser, String what, String condition) {
        await(what).until(() -> browser.evaluate("String(" + condition + ")"), "true"::equals);
    }

    private static int status(String user, String password) throws IOException {
        HttpURLConnection c = (HttpURLConnection) new URL("http://127.0.0.1:" + httpPort()
                + "/system/console/configMgr").openConnection();
        c.setRequestProperty("Authorization", "Basic "
                + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(UTF_8)));
        c.setConnectTimeout(5000);
        c.setReadTimeout(10000);
        try {
            return c.getResponseCode();
        } finally {
            c.disconnect();
        }
    }

    private static void screenshot(HeadlessChromium browser) {
        String logs = System.getProperty("patchbay.itests.failure.logs");
        try {
            Path png = Paths.get(logs == null ? "." : logs, "WebConsoleIT.png");
            Files.createDirectories(png.getParent());
            browser.screenshot(png);
            System.err.println("The browser's page when the test failed: " + png);
        } catch (Exception e) {
            System.err.println("No screenshot: " + e);
        }
    }
}
