package dev.patchbay.transport.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import dev.patchbay.api.runtime.TransportStatus.IoThreadStatus;

import org.junit.Test;

public class IoThreadsTest {

    private static final long STALL = 10_000;

    // --- problems, from a status list ---

    @Test
    public void healthyThreadsAreNoProblem() {
        List<IoThreadStatus> status = List.of(new IoThreadStatus("io-1", true, 0, null),
                new IoThreadStatus("io-2", true, STALL, null));
        assertEquals(List.of(), IoThreads.problems(status, STALL));
    }

    @Test
    public void aDeadThreadIsAProblem() {
        List<String> problems = IoThreads.problems(
                List.of(new IoThreadStatus("io-1", false, 0, "java.lang.OutOfMemoryError: Java heap space")), STALL);
        assertEquals(List.of("I/O thread io-1 died: java.lang.OutOfMemoryError: Java heap space"), problems);
    }

    @Test
    public void aThreadStuckPastTheStallTimeIsAProblem() {
        List<String> problems = IoThreads.problems(List.of(new IoThreadStatus("io-1", true, STALL + 1, null)), STALL);
        assertEquals(1, problems.size());
        assertTrue(problems.get(0), problems.get(0).startsWith("I/O thread io-1 stuck in one plug-in call for 10001 ms"));
        assertTrue(problems.get(0), problems.get(0).contains("io.stall.timeout 10000 ms"));
    }

    @Test
    public void aThreadThatEndedNormallyIsNoProblem() {
        assertEquals(List.of(), IoThreads.problems(List.of(new IoThreadStatus("io-1", false, 0, "ended")), STALL));
    }

    @Test
    public void everyProblemIsListedInOrder() {
        List<String> problems = IoThreads.problems(List.of(new IoThreadStatus("io-1", false, 0, "java.lang.Error: x"),
                new IoThreadStatus("io-2", true, 5, null), new IoThreadStatus("io-3", true, STALL * 2, null)), STALL);
        assertEquals(2, problems.size());
        assertTrue(problems.get(0).startsWith("I/O thread io-1 died"));
        assertTrue(problems.get(1).startsWith("I/O thread io-3 stuck"));
    }

    // --- real threads ---

    @Test
    public void aThreadThatEndsNormallyIsForgotten() throws Exception {
        IoThreads threads = new IoThreads("t");
        Thread t = threads.newThread(() -> { });
        assertTrue(t instanceof IoThreads.IoThread);
        assertTrue(t.isDaemon());
        assertEquals("t-1", t.getName());
        t.start();
        t.join(10_000);
        assertEquals(List.of(), threads.status());
        assertEquals(List.of(), IoThreads.problems(threads.status(), STALL));
    }

    @Test
    public void aThreadThatDiesIsReported() throws Exception {
        IoThreads threads = new IoThreads("t");
        Thread t = threads.newThread(() -> {
            throw new IllegalStateException("boom");
        });
        t.setUncaughtExceptionHandler((thread, e) -> { }); // expected; keep the test output clean
        t.start();
        t.join(10_000);
        List<IoThreadStatus> status = threads.status();
        assertEquals(1, status.size());
        assertFalse(status.get(0).alive());
        assertEquals("java.lang.IllegalStateException: boom", status.get(0).failure());
        assertEquals(List.of("I/O thread t-1 died: java.lang.IllegalStateException: boom"),
                IoThreads.problems(status, STALL));
    }

    @Test
    public void aThreadBusyInOneCallIsSeenStuck() throws Exception {
        IoThreads threads = new IoThreads("t");
        CountDownLatch busy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread t = threads.newThread(() -> {
            boolean marked = IoThreads.busy();
            busy.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                IoThreads.idle(marked);
            }
        });
        t.start();
        try {
            assertTrue(busy.await(10, TimeUnit.SECONDS));
            Thread.sleep(60);
            List<IoThreadStatus> status = threads.status();
            assertEquals(1, status.size());
            assertTrue(status.get(0).alive());
            assertTrue("busy " + status.get(0).busyMillis(), status.get(0).busyMillis() >= 50);
            List<String> problems = IoThreads.problems(status, 20);
            assertEquals(1, problems.size());
            assertTrue(problems.get(0).startsWith("I/O thread t-1 stuck"));
            assertEquals(List.of(), IoThreads.problems(status, STALL));
        } finally {
            release.countDown();
            t.join(10_000);
        }
    }

    // --- busy/idle ---

    @Test
    public void busyNestsOnAnIoThread() throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new IoThreads("t").newThread(() -> {
            try {
                IoThreads.IoThread self = (IoThreads.IoThread) Thread.currentThread();
                assertEquals(0, self.busySince);
                boolean outer = IoThreads.busy();
                assertTrue(outer);
                long since = self.busySince;
                assertTrue(since != 0);
                boolean inner = IoThreads.busy();
                assertFalse("a nested call does not mark again", inner);
                assertEquals("a nested call keeps the outer start", since, self.busySince);
                IoThreads.idle(inner);
                assertEquals("the inner end leaves the thread busy", since, self.busySince);
                IoThreads.idle(outer);
                assertEquals(0, self.busySince);
                assertTrue("busy again after idle", IoThreads.busy());
                IoThreads.idle(true);
                assertEquals(0, self.busySince);
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        t.start();
        t.join(10_000);
        assertFalse(t.isAlive());
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
    }

    @Test
    public void busyIsANoOpOnOtherThreads() {
        assertFalse(IoThreads.busy());
        IoThreads.idle(false); // must not assume an I/O thread
        assertFalse(IoThreads.busy());
    }
}
