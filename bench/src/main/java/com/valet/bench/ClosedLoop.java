package com.valet.bench;

import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A closed loop at fixed concurrency: each thread sends its next request as soon as the previous one is
 * answered. All threads warm up first (JIT, connection pools, caches, PostgreSQL plans); only the requests
 * after that are measured.
 */
final class ClosedLoop {
    private final int concurrency;
    private final long seed;

    ClosedLoop(int concurrency, long seed) {
        this.concurrency = concurrency;
        this.seed = seed;
    }

    Result run(Workload workload, int warmup, int requests) throws Exception {
        return run(workload, warmup, requests, () -> {
        });
    }

    /** {@code atMeasureStart} runs once, when every thread has warmed up and before the first measured request. */
    Result run(Workload workload, int warmup, int requests, Runnable atMeasureStart) throws Exception {
        AtomicInteger warmupTickets = new AtomicInteger(warmup);
        AtomicInteger tickets = new AtomicInteger(requests);
        AtomicLong measureStart = new AtomicLong();
        CyclicBarrier warmedUp = new CyclicBarrier(concurrency, () -> {
            atMeasureStart.run();
            measureStart.set(System.nanoTime());
        });
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicLong rows = new AtomicLong();
        Histogram all = new Histogram(3);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < concurrency; t++) {
            // Same seed per thread index for every workload: the full-text and ILIKE runs ask for the same
            // customers and keywords in the same order.
            SplittableRandom random = new SplittableRandom(seed + t);
            Thread thread = new Thread(() -> {
                Histogram mine = new Histogram(3);
                long myRows = 0;
                try (Workload.Session session = workload.open()) {
                    while (warmupTickets.getAndDecrement() > 0 && failure.get() == null) {
                        session.run(random);
                    }
                    warmedUp.await();
                    while (tickets.getAndDecrement() > 0 && failure.get() == null) {
                        long start = System.nanoTime();
                        myRows += session.run(random);
                        mine.recordValue((System.nanoTime() - start) / 1000);
                    }
                } catch (BrokenBarrierException e) {
                    // another thread failed; its failure is the one reported
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                    warmedUp.reset(); // releases threads waiting at the barrier
                }
                synchronized (all) {
                    all.add(mine);
                }
                rows.addAndGet(myRows);
            }, "load-" + t);
            thread.setDaemon(true); // Ctrl-C must not wait for a slow query
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        double seconds = (System.nanoTime() - measureStart.get()) / 1e9;
        if (failure.get() != null) {
            throw new IllegalStateException(workload.name() + " failed: " + failure.get().getMessage(), failure.get());
        }
        return new Result(workload.name(), all, seconds, rows.get());
    }
}
