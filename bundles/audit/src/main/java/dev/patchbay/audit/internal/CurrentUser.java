package dev.patchbay.audit.internal;

import java.lang.reflect.Method;
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

    /**
     * {@code Subject.current()} (Java 18 and later). From Java 23 on it is the only way:
     * {@code Subject.getSubject(AccessControlContext)} throws without a security manager.
     */
    private static final Method CURRENT = currentMethod();

    private CurrentUser() {
    }

    /** The user's name, or null when the thread acts for nobody (FileInstall, the framework). */
    static String name() {
        Subject subject = subject();
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

    @SuppressWarnings("removal")
    private static Subject subject() {
        try {
            if (CURRENT != null) {
                return (Subject) CURRENT.invoke(null);
            }
            return Subject.getSubject(AccessController.getContext());
        } catch (ReflectiveOperationException | RuntimeException unsupported) {
            // No user rather than no audit.
            return null;
        }
    }

    private static Method currentMethod() {
        try {
            return Subject.class.getMethod("current");
        } catch (NoSuchMethodException java17) {
            return null;
        }
    }
}
