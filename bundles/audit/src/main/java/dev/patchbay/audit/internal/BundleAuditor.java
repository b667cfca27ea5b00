package dev.patchbay.audit.internal;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * Writes {@code bundle.installed}, {@code bundle.updated} and {@code bundle.uninstalled}. A
 * synchronous listener: the framework calls it inside the install, update or uninstall, so
 * the line is on file before the operation returns to whoever asked for it (or, with a stalled
 * disk, two seconds have passed: the line is queued and written once the disk is back).
 */
@Component(service = {})
public class BundleAuditor implements SynchronousBundleListener {

    @Reference
    private AuditLog audit;

    private BundleContext context;

    @Activate
    void activate(BundleContext bundleContext) {
        context = bundleContext;
        context.addBundleListener(this);
    }

    @Deactivate
    void deactivate() {
        context.removeBundleListener(this);
    }

    @Override
    public void bundleChanged(BundleEvent event) {
        String name = switch (event.getType()) {
            case BundleEvent.INSTALLED -> "bundle.installed";
            case BundleEvent.UPDATED -> "bundle.updated";
            case BundleEvent.UNINSTALLED -> "bundle.uninstalled";
            default -> null;
        };
        if (name == null) {
            return;
        }
        Bundle b = event.getBundle();
        Bundle origin = event.getOrigin();
        audit.recordAndWait(AuditEvent.of(name)
                .user(CurrentUser.name())
                .bundle(b.getSymbolicName())
                .detail("id", b.getBundleId())
                .detail("version", String.valueOf(b.getVersion()))
                .detail("location", b.getLocation())
                .detail("by.bundle", origin != null && origin != b ? origin.getSymbolicName() : null));
    }
}
