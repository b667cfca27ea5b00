package dev.patchbay.audit.internal;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.CommandSessionListener;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Writes {@code console.command} for every command line run in a Karaf console (local, SSH,
 * {@code bin/client}, scripts). Karaf's shell calls {@link CommandSessionListener} services
 * before each line runs, in the thread that runs it, where the user's subject is at hand; so
 * the line is on file before the command acts (or queued, after two seconds of a stalled disk). (Karaf also posts
 * {@code org/apache/karaf/shell/console/EXECUTED} on Event Admin, but only afterwards,
 * asynchronously and without the user.) Secrets on the line are masked.
 */
// Satisfied only while Karaf's shell runs: without it there is no console to audit, and this
// class could not even be loaded (the bundle imports the shell's packages optionally, so that it
// resolves without the shell). A reference by name does not load the class; activation would.
@Component(reference = @Reference(name = "shell", service = SessionFactory.class))
public class ConsoleCommandAuditor implements CommandSessionListener {

    @Reference
    private AuditLog audit;

    @Override
    public void beforeExecute(CommandSession session, CharSequence command) {
        String line = command == null ? "" : command.toString().trim();
        if (line.isEmpty()) {
            return;
        }
        audit.recordAndWait(AuditEvent.of("console.command")
                .user(user(session))
                .detail("command", audit.redactor().redactCommandLine(line)));
    }

    @Override
    public void afterExecute(CommandSession session, CharSequence command, Exception exception) {
        // Recorded before it ran; a failure is the command's own business to report.
    }

    @Override
    public void afterExecute(CommandSession session, CharSequence command, Object result) {
    }

    private static String user(CommandSession session) {
        String user = CurrentUser.name();
        if (user == null && session != null) {
            // The local console outside doAs keeps the user as a session variable.
            Object variable = session.get("USER");
            user = variable == null ? null : variable.toString();
        }
        return user;
    }
}
