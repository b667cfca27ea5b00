package dev.patchbay.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.List;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.VersionRange;

import dev.patchbay.testkit.PatchbaySupport;

/**
 * Who may run which {@code patchbay:*} command: the distribution's
 * {@code etc/org.apache.karaf.command.acl.patchbay.cfg}, with users holding the roles of
 * Karaf's groups, and failing commands that fail (what makes {@code bin/client} exit non-zero).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ConsolePermissionsIT extends PatchbaySupport {

    private static final String ACL_PID = "org.apache.karaf.command.acl.patchbay";

    /** The roles of Karaf's admingroup, and of a viewer group as the README adds it. */
    private static final List<String> ADMIN = List.of("admin", "manager", "viewer", "systembundles", "ssh");
    private static final List<String> VIEWER = List.of("viewer", "ssh");

    /** The commands that change state; the arguments name nothing, so a wrong ACL harms nothing. */
    private static final List<String> STATE_CHANGING = List.of(
            "patchbay:swap no-such-endpoint echo",
            "patchbay:drain no-such-endpoint",
            "patchbay:session-close 987654321",
            "patchbay:unblock 192.0.2.1");

    private static final List<String> READ_ONLY = List.of(
            "patchbay:endpoint-list",
            "patchbay:session-list",
            "patchbay:handler-list",
            "patchbay:blocked-list",
            "patchbay:ratelimit-show " + LIMITED_ECHO_ENDPOINT,
            "patchbay:tls-list",
            "patchbay:stats",
            "patchbay:audit-tail -n 1",
            "patchbay:audit-status",
            "patchbay:audit-verify");

    @Before
    public void aclLoaded() {
        await("the shipped " + ACL_PID + ".cfg in ConfigAdmin").until(() ->
                configurationAdmin.listConfigurations("(service.pid=" + ACL_PID + ")") != null);
    }

    @Test
    public void viewerCannotSwapAndNothingChanges() throws Exception {
        int port = freePort();
        writeEndpointFile("acl-viewer", echoEndpoint(port));
        awaitEcho(port);
        String pid = awaitPidOfEndpointFile("acl-viewer");

        Exception refused = assertThrows(Exception.class,
                () -> executeCommandsAs("viewer1", VIEWER, "patchbay:swap acl-viewer echo \"[0.0,100.0)\""));

        assertInsufficientCredentials("patchbay:swap", refused);
        assertNull("the viewer's swap left the configuration alone",
                configurationAdmin.getConfiguration(pid, null).getProperties().get("handler.version"));
        awaitEcho(port);
    }

    @Test
    public void viewerCannotRunAnyStateChangingCommand() {
        for (String command : STATE_CHANGING) {
            Exception refused = assertThrows(command, Exception.class,
                    () -> executeCommandsAs("viewer1", VIEWER, command));
            assertInsufficientCredentials(command, refused);
        }
    }

    @Test
    public void viewerCanListEndpoints() throws Exception {
        int port = echoPort();
        awaitEcho(port);

        String listing = executeCommandsAs("viewer1", VIEWER, "patchbay:endpoint-list");

        assertTrue("the viewer sees the echo endpoint: " + listing,
                listing.lines().anyMatch(l -> l.contains(loopback(port)) && l.contains(ECHO_ENDPOINT)));
    }

    @Test
    public void viewerCanRunEveryReadOnlyCommand() throws Exception {
        for (String command : READ_ONLY) {
            executeCommandsAs("viewer1", VIEWER, command);
        }
    }

    @Test
    public void adminCanSwap() throws Exception {
        int port = freePort();
        writeEndpointFile("acl-admin", echoEndpoint(port));
        awaitEcho(port);
        String pid = awaitPidOfEndpointFile("acl-admin");

        String swapped = executeCommandsAs("admin1", ADMIN, "patchbay:swap acl-admin echo \"[0.0,100.0)\"");

        assertTrue("swap reports the handler now serving: " + swapped, swapped.contains("new sessions go to echo"));
        assertEquals(new VersionRange("[0.0,100.0)").toString(),
                configurationAdmin.getConfiguration(pid, null).getProperties().get("handler.version"));
        awaitEcho(port);
    }

    /** A user with no console role does not even see the commands: nothing is open by default. */
    @Test
    public void userWithoutConsoleRoleCannotListEndpoints() {
        Exception refused = assertThrows(Exception.class,
                () -> executeCommandsAs("nobody1", List.of("ssh"), "patchbay:endpoint-list"));
        assertTrue("refused as an unknown command: " + refused,
                String.valueOf(refused.getMessage()).contains("patchbay:endpoint-list"));
    }

    /** Failures throw, so that the console prints "Error executing command" and bin/client exits 1. */
    @Test
    public void failingCommandsThrowWithTheReason() {
        assertFailure("patchbay:swap no-such-endpoint echo", "No endpoint no-such-endpoint");
        assertFailure("patchbay:swap " + ECHO_ENDPOINT + " no-such-handler", "No installed handler no-such-handler");
        assertFailure("patchbay:drain no-such-endpoint", "No endpoint no-such-endpoint");
        assertFailure("patchbay:session-close 987654321", "No open session with id 987654321");
        assertFailure("patchbay:unblock 192.0.2.1", "No block for 192.0.2.1");
        assertFailure("patchbay:unblock not-an-address", "not-an-address");
        assertFailure("patchbay:ratelimit-show no-such-endpoint", "No endpoint no-such-endpoint");
        assertFailure("patchbay:stats no-such-endpoint", "No endpoint no-such-endpoint");
        assertFailure("patchbay:audit-verify no-such-file.json", "No such file");
    }

    private void assertFailure(String command, String reason) {
        Exception failed = assertThrows(command, Exception.class, () -> executeCommandsAs("admin1", ADMIN, command));
        assertTrue(command + " fails naming '" + reason + "': " + failed,
                String.valueOf(failed.getMessage()).contains(reason));
    }

    private static void assertInsufficientCredentials(String command, Exception refused) {
        assertTrue(command + " refused for insufficient credentials: " + refused,
                refused instanceof SecurityException
                        && String.valueOf(refused.getMessage()).contains("Insufficient credentials"));
    }
}
