package dev.patchbay.handler.resp.internal;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.patchbay.api.handler.HandlerConstants;
import dev.patchbay.api.handler.ProtocolHandler;
import dev.patchbay.api.handler.Session;
import dev.patchbay.api.keyspace.Keyspace;
import dev.patchbay.support.event.EventSink;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.EventAdmin;
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

    /** Where failed AUTHs are posted for the audit log; optional, so that the handler serves without Event Admin. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EventAdmin eventAdmin;

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
        context.events = EventSink.to(() -> eventAdmin);
    }

    private void start(String version) {
        context = new HandlerContext(keyspace, version);
        Commands.register(context);
        dispatcher = new Dispatcher(context);
        context.transactions = new Transactions(dispatcher);
        context.blocking = new Blocking(keyspace, new Blocking.Runner() {
            @Override
            public Call call() {
                return RespHandler.this.call();
            }

            @Override
            public void run(Call c, Session session, long[] state, byte[] frame) {
                runHeld(c, session, state, frame);
            }
        });
        LOG.debug("RESP handler {}: {} commands", version, context.table.all().size());
    }

    @Deactivate
    void deactivate() {
        // Waiting clients get a timeout's reply now: no wait outlives this version (see Blocking.stop).
        context.blocking.stop();
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
        long[] state = SessionState.of(session);
        if ((SessionState.flags(state) & SessionState.BLOCKED) != 0) {
            // Left waiting by a version that did not stop cleanly: nothing waits for it here any more.
            SessionState.clearFlag(state, SessionState.BLOCKED);
            Call c = call();
            java.util.ArrayDeque<byte[]> held = SessionState.held(session);
            for (byte[] frame; (frame = held.poll()) != null;) {
                runHeld(c, session, state, frame);
            }
        }
    }

    @Override
    public void received(Session session, ByteBuffer frame) {
        long[] state = SessionState.of(session);
        if ((SessionState.flags(state) & SessionState.BLOCKED) != 0 && Blocking.hold(session, state, frame)) {
            return;
        }
        Call c = call();
        serve(c, session, state, frame);
        c.blocked = false;
        if (c.hasReady()) {
            context.blocking.serveReady(c);
        }
    }

    /** Serves a frame held while its session waited, on the calling thread. */
    private void runHeld(Call c, Session session, long[] state, byte[] frame) {
        serve(c, session, state, ByteBuffer.wrap(frame));
    }

    private void serve(Call c, Session session, long[] state, ByteBuffer frame) {
        c.session = session;
        c.state = state;
        try {
            serve(c, c.load(frame));
        } finally {
            c.session = null;
            c.state = null;
            c.reply.rewind(0);
        }
    }

    /** Serves one loaded request of {@code c.session}: {@code argc} is what {@link Call#load} returned. */
    private void serve(Call c, int argc) {
        if (argc < 0) {
            // The codec found a protocol error: Redis answers it and closes the connection.
            c.reply.error("ERR " + c.protocolError());
            flush(c);
            c.session.close();
            return;
        }
        if (argc == 0) {
            return;
        }
        c.state[SessionState.LAST_COMMAND] = System.currentTimeMillis();
        dispatcher.serve(c);
        flush(c);
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
        context.blocking.forget(session);
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
