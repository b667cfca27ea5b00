package dev.patchbay.itests.countingfilter;

import java.util.Dictionary;
import java.util.Hashtable;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

import dev.patchbay.api.filter.FilterConstants;
import dev.patchbay.api.filter.SessionFilter;

/**
 * Registers a {@link CountingFilter} named {@code counting} while its bundle is active; the
 * framework unregisters it when the bundle stops.
 */
public final class CountingFilterActivator implements BundleActivator {

    public static final String FILTER_NAME = "counting";

    @Override
    public void start(BundleContext context) {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(FilterConstants.FILTER_NAME, FILTER_NAME);
        context.registerService(SessionFilter.class, new CountingFilter(), props);
    }

    @Override
    public void stop(BundleContext context) {
        // The framework unregisters the service.
    }
}
