package dev.patchbay.transport.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.After;
import org.junit.Test;

public class WorkerLaneTest {

    private static final TaskRunner DIRECT = Runnable::run;

    private final List<ExecutorService> pools = new ArrayList<>();

    private ExecutorService pool(int threads) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        pools.add(pool);
        return pool;
    }

    @After
    public void stopPools() throws InterruptedException {
        for (ExecutorService pool : pools) {
            pool.shutdownNow();
            pool.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /** Fields no task may see changed by another task running at the same time: plain, not atomic. */
    private static final class LaneState {
        boolean inProgress;
        int overlaps;
        final List<Integer> ran = new ArrayList<>();
    }

    @Test
    public void oneProducersTasksRunInOrder() throws Exception {
        WorkerLane lane = new WorkerLane(pool(8), DIRECT);
        LaneState state = new LaneState();
        int n = 10_000;
        CountDownLatch done = new CountDownLatch(n);
        for (int i = 0; i < n; i++) {
            int seq = i;
            lane.execute(() -> {
                state.ran.add(seq);
                done.countDown();
            });
        }
        assertTrue(done.await(30, TimeUnit.SECONDS));
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            expected.add(i);
        }
        assertEquals(expected, state.ran);
    }

    @Test
    public void tasksFromSeveralProducersNeverOverlapAndKeepEachProducersOrder() throws Exception {
        WorkerLane lane = new WorkerLane(pool(8), DIRECT);
        LaneState state = new LaneState();
        int producers = 4;
        int perProducer = 2_500;
        CountDownLatch done = new CountDownLatch(producers * perProducer);
        CyclicBarrier start = new CyclicBarrier(producers);
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int producer = p;
            Thread t = new Thread(() -> {
                try {
                    start.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                for (int i = 0; i < perProducer; i++) {
                    int id = producer * perProducer + i;
                    lane.execute(() -> {
                        if (state.inProgress) {
                            state.overlaps++;
                        }
                        state.inProgress = true;
                        if (id % 97 == 0) {
                            Thread.yield();
                        }
                        state.ran.add(id);
                        state.inProgress = false;
                        done.countDown();
                    });
                }
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertTrue(done.await(30, TimeUnit.SECONDS));
        assertEquals(0, state.overlaps);
        assertEquals(producers * perProducer, state.ran.size());
        int[] last = new int[producers];
        java.util.Arrays.fill(last, -1);
        for (int id : state.ran) {
            int producer = id / perProducer;
            assertTrue("producer " + producer + " task " + id + " after " + last[producer], id > last[producer]);
            last[producer] = id;
        }
    }

    @Test
    public void aBlockedLaneDoesNotStopAnotherLaneOnTheSamePool() throws Exception {
        ExecutorService pool = pool(2);
        WorkerLane blocked = new WorkerLane(pool, DIRECT);
        WorkerLane free = new WorkerLane(pool, DIRECT);
        CountDownLatch blocking = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger blockedLaneLater = new AtomicInteger();
        blocked.execute(() -> {
            blocking.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        blocked.execute(blockedLaneLater::incrementAndGet);
        assertTrue(blocking.await(10, TimeUnit.SECONDS));

        CountDownLatch freeDone = new CountDownLatch(100);
        for (int i = 0; i < 100; i++) {
            free.execute(freeDone::countDown);
        }
        assertTrue("the other lane's tasks ran while one lane was blocked", freeDone.await(10, TimeUnit.SECONDS));
        assertEquals("a task queued behind the blocked one waits for it", 0, blockedLaneLater.get());

        release.countDown();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (blockedLaneLater.get() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(1, blockedLaneLater.get());
    }

    @Test
    public void isCurrentOnlyInsideTheLanesOwnTask() throws Exception {
        ExecutorService pool = pool(1); // one thread: both lanes run on the same worker
        WorkerLane a = new WorkerLane(pool, DIRECT);
        WorkerLane b = new WorkerLane(pool, DIRECT);
        AtomicReference<String> seen = new AtomicReference<>("");
        CountDownLatch done = new CountDownLatch(2);
        a.execute(() -> {
            seen.updateAndGet(s -> s + "a:" + a.isCurrent() + "/" + b.isCurrent() + " ");
            done.countDown();
        });
        b.execute(() -> {
            seen.updateAndGet(s -> s + "b:" + a.isCurrent() + "/" + b.isCurrent());
            done.countDown();
        });
        assertTrue(done.await(10, TimeUnit.SECONDS));
        assertEquals("a:true/false b:false/true", seen.get());
        assertFalse(a.isCurrent());
        // The same worker thread, no longer running a's task.
        AtomicReference<Boolean> afterwards = new AtomicReference<>();
        pool.submit(() -> afterwards.set(a.isCurrent() || b.isCurrent())).get(10, TimeUnit.SECONDS);
        assertEquals(Boolean.FALSE, afterwards.get());
        assertTrue(a.onWorker());
    }

    @Test
    public void everyTaskGoesThroughTheRunner() throws Exception {
        AtomicInteger failures = new AtomicInteger();
        TaskRunner guarded = task -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                failures.incrementAndGet();
            }
        };
        WorkerLane lane = new WorkerLane(pool(2), guarded);
        CountDownLatch done = new CountDownLatch(1);
        lane.execute(() -> {
            throw new IllegalStateException("handler bug");
        });
        lane.execute(done::countDown);
        assertTrue("a task after a failing one still runs", done.await(10, TimeUnit.SECONDS));
        assertEquals(1, failures.get());
    }

    @Test
    public void aPoolThatRefusesRunsTheTaskOnTheCaller() {
        WorkerLane lane = new WorkerLane(command -> {
            throw new RejectedExecutionException("shut down");
        }, DIRECT);
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        AtomicReference<Boolean> current = new AtomicReference<>();
        lane.execute(() -> {
            ranOn.set(Thread.currentThread());
            current.set(lane.isCurrent());
        });
        assertSame(Thread.currentThread(), ranOn.get());
        assertEquals(Boolean.TRUE, current.get());
        assertFalse(lane.isCurrent());
        // Still usable afterwards: the lane is not left marked as scheduled.
        AtomicInteger again = new AtomicInteger();
        lane.execute(again::incrementAndGet);
        assertEquals(1, again.get());
    }
}
