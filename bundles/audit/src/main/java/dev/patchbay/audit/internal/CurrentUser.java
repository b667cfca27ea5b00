package dev.patchbay.audit.internal;

import java.security.AccessController;
import java.security.Principal;

import javax.security.auth.Subject;

/**
 * The user on whose behalf the current thread acts: the console and JMX run commands inside
 * {@code Subject.doAs} with Karaf's {@code UserPrincipal}. Looked up by class name so that
 * the bundle does not import Karaf's JAAS packages.
 */
final class CurrentUser {

    private static final String KARAF_USER_PRINCIPAL = "UserPrincipal";

    private CurrentUser() {
    }

    /** The user's name, or null when the thread acts for nobody (FileInstall, the framework). */
    @SuppressWarnings("removal")
    static String name() {
        Subject subject;
        try {
            subject = Subject.getSubject(AccessController.getContext());
        } catch (RuntimeException | Error unsupported) {
            // A future JDK without the security manager API: no user rather than no audit.
            return null;
        }
        if (subject == null) {
            return null;
        }
        for (Principal p : subject.getPrincipals()) {
            if (p.getClass().getSimpleName().equals(KARAF_USER_PRINCIPAL)) {
                return p.getName();
            }
        }
        return null;
    }
}
