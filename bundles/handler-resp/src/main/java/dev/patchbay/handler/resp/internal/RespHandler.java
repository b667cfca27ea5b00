package dev.patchbay.handler.resp.internal;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.patchbay.api.handler.HandlerConstants;
import dev.patchbay.api.handler.ProtocolHandler;
import dev.patchbay.api.handler.Session;
import dev.patchbay.api.keyspace.Keyspace;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Redis protocol handler: answers RESP requests (frames of the {@code resp} codec) as
 * Redis 7.0 does, over the {@link Keyspace} service. It keeps nothing but per-thread buffers and
 * the list of its clients: the data is the keyspace's and each session's state is in its
 * attributes, so updating this bundle keeps both.
 */
@Component(property = HandlerConstants.HANDLER_NAME + "=resp")
public class RespHandler implements ProtocolHandler {

    private static final Logger LOG = LoggerFactory.getLogger(RespHandler.class);

    @Reference
    private Keyspace keyspace;

    private HandlerContext context;
    private Dispatcher dispatcher;
    /** One call per thread that serves sessions, dropped with this instance (a ThreadLocal would outlive an update). */
    private final Map<Thread, Call> calls = new ConcurrentHashMap<>();

    public RespHandler() {
    }

    /** For tests: a handler over {@code keyspace}, outside OSGi. */
    RespHandler(Keyspace keyspace) {
        this.keyspace = keyspace;
        start("test");
    }

    @Activate
    void activate(BundleContext bundle) {
        start(bundle.getBundle().getVersion().toString());
    }

    private void start(String version) {
        context = new HandlerContext(keyspace, version);
        Commands.register(context);
        dispatcher = new Dispatcher(context);
        context.transactions = new Transactions(dispatcher);
        LOG.debug("RESP handler {}: {} commands", version, context.table.all().size());
    }

    @Deactivate
    void deactivate() {
        calls.clear();
        context.calls.clear();
    }

    HandlerContext context() {
        return context;
    }

    @Override
    public void opened(Session session) {
        context.connectionsReceived.increment();
        context.clients.put(session.id(), session);
        SessionState.open(session, HandlerContext.password(session) == null);
    }

    @Override
    public void handedOver(Session session, String previousVersion) {
        context.clients.put(session.id(), session);
        SessionState.of(session);
    }

    @Override
    public void received(Session session, ByteBuffer frame) {
        Call c = call();
        c.session = session;
        long[] state = c.state = SessionState.of(session);
        try {
            if (c.load(frame) < 0) {
                // The codec found a protocol error: Redis answers it and closes the connection.
                c.reply.error("ERR " + c.protocolError());
                flush(c);
                session.close();
                return;
            }
            if (c.argc() == 0) {
                return;
            }
            state[SessionState.LAST_COMMAND] = System.currentTimeMillis();
            dispatcher.serve(c);
            flush(c);
        } finally {
            c.session = null;
            c.state = null;
            c.reply.rewind(0);
        }
    }

    private static void flush(Call c) {
        if (!c.reply.isEmpty()) {
            c.session.write(c.reply.drain());
            c.reply.trim();
        }
    }

    @Override
    public void closed(Session session) {
        context.clients.remove(session.id());
        Transactions.unwatchAll(context, session);
        PubSubCommands.unsubscribeAll(context.keyspace().channels(), session);
    }

    private Call call() {
        Thread t = Thread.currentThread();
        Call c = calls.get(t);
        if (c == null) {
            c = new Call(context);
            calls.put(t, c);
            context.calls.add(c);
        }
        return c;
    }

    /** For tests and INFO: the number of commands registered. */
    List<Command> commands() {
        return context.table.all();
    }
}
