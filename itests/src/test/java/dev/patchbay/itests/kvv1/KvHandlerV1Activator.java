package dev.patchbay.itests.kvv1;

import java.util.Dictionary;
import java.util.Hashtable;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

import dev.patchbay.api.handler.HandlerConstants;
import dev.patchbay.api.handler.ProtocolHandler;

/** Registers {@link KvHandlerV1} as the handler {@code kv}; the handler's version is its bundle's. */
public final class KvHandlerV1Activator implements BundleActivator {

    @Override
    public void start(BundleContext context) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(HandlerConstants.HANDLER_NAME, "kv");
        context.registerService(ProtocolHandler.class, new KvHandlerV1(), properties);
    }

    @Override
    public void stop(BundleContext context) {
        // The framework unregisters the service.
    }
}
