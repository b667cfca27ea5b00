package dev.patchbay.handler.resp.internal;

import static org.junit.Assert.assertEquals;

import org.junit.Rule;
import org.junit.Test;

public class PubSubTest {

    @Rule
    public final RespFixture f = new RespFixture();
    private final MemorySession subscriber = f.open();
    private final MemorySession publisher = f.open();

    @Test
    public void messagesReachChannelAndPatternSubscribers() {
        assertEquals("*3\r\n$9\r\nsubscribe\r\n$4\r\nnews\r\n:1\r\n*3\r\n$9\r\nsubscribe\r\n$5\r\nsport\r\n:2\r\n",
                f.send(subscriber, "SUBSCRIBE", "news", "sport"));
        assertEquals("*3\r\n$10\r\npsubscribe\r\n$2\r\nn*\r\n:3\r\n", f.send(subscriber, "PSUBSCRIBE", "n*"));
        assertEquals(":2\r\n", f.send(publisher, "PUBLISH", "news", "hello"));
        assertEquals("*3\r\n$7\r\nmessage\r\n$4\r\nnews\r\n$5\r\nhello\r\n"
                + "*4\r\n$8\r\npmessage\r\n$2\r\nn*\r\n$4\r\nnews\r\n$5\r\nhello\r\n", subscriber.take());
        assertEquals(":0\r\n", f.send(publisher, "PUBLISH", "other", "x"));
        assertEquals("*2\r\n$4\r\nnews\r\n:1\r\n", f.send(publisher, "PUBSUB", "NUMSUB", "news"));
        assertEquals(":1\r\n", f.send(publisher, "PUBSUB", "NUMPAT"));
    }

    @Test
    public void aSubscriberMayOnlySubscribePingAndQuit() {
        f.send(subscriber, "SUBSCRIBE", "c");
        assertEquals("-ERR Can't execute 'get': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are "
                + "allowed in this context\r\n", f.send(subscriber, "GET", "k"));
        assertEquals("*2\r\n$4\r\npong\r\n$0\r\n\r\n", f.send(subscriber, "PING"));
        assertEquals("*3\r\n$11\r\nunsubscribe\r\n$1\r\nc\r\n:0\r\n", f.send(subscriber, "UNSUBSCRIBE"));
        assertEquals("$-1\r\n", f.send(subscriber, "GET", "k"));
        assertEquals("*3\r\n$11\r\nunsubscribe\r\n$-1\r\n:0\r\n", f.send(subscriber, "UNSUBSCRIBE"));
    }

    @Test
    public void resetEndsSubscriptionsTransactionsAndTheSelectedDatabase() {
        f.send(subscriber, "SUBSCRIBE", "c");
        assertEquals("+RESET\r\n", f.send(subscriber, "RESET"));
        assertEquals(":0\r\n", f.send(publisher, "PUBLISH", "c", "x"));
        f.send(subscriber, "SELECT", "2");
        f.send(subscriber, "MULTI");
        assertEquals("+RESET\r\n", f.send(subscriber, "RESET"));
        assertEquals("-ERR EXEC without MULTI\r\n", f.send(subscriber, "EXEC"));
        f.send(publisher, "SET", "db0", "yes");
        assertEquals("$3\r\nyes\r\n", f.send(subscriber, "GET", "db0"));
    }

    @Test
    public void aClosedSubscriberIsForgotten() {
        f.send(subscriber, "SUBSCRIBE", "c");
        f.handler.closed(subscriber);
        assertEquals(":0\r\n", f.send(publisher, "PUBLISH", "c", "x"));
    }

    @Test
    public void subscriptionsSurviveAHandlerUpdate() {
        f.send(subscriber, "SUBSCRIBE", "c");
        RespHandler newer = new RespHandler(f.keyspace);
        newer.handedOver(subscriber, "0.9");
        newer.received(publisher, RespFixture.frame("PUBLISH", "c", "after"));
        assertEquals(":1\r\n", publisher.take());
        assertEquals("*3\r\n$7\r\nmessage\r\n$1\r\nc\r\n$5\r\nafter\r\n", subscriber.take());
        newer.received(subscriber, RespFixture.frame("GET", "k"));
        assertEquals("-ERR Can't execute 'get': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are "
                + "allowed in this context\r\n", subscriber.take());
    }
}
