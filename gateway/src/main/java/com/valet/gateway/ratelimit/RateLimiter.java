package com.valet.gateway.ratelimit;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

/**
 * One token bucket per key (a user id, a client address), in memory. Each gateway instance limits on
 * its own: with n instances behind a balancer a client gets up to n times the rate, which is fine for
 * abuse protection (the purpose here) but not for quotas.
 */
public final class RateLimiter {
    private final double ratePerSecond;
    private final int burst;
    private final LongSupplier nanoClock;
    private final ConcurrentMap<String, TokenBucket> buckets = new ConcurrentHashMap<>();

    public RateLimiter(double ratePerSecond, int burst, LongSupplier nanoClock) {
        new TokenBucket(ratePerSecond, burst, 0); // validates the numbers at start, not on the first request
        this.ratePerSecond = ratePerSecond;
        this.burst = burst;
        this.nanoClock = nanoClock;
    }

    /** 0 if {@code key} may go on, otherwise the nanoseconds until it may. */
    public long acquire(String key) {
        long now = nanoClock.getAsLong();
        return buckets.computeIfAbsent(key, k -> new TokenBucket(ratePerSecond, burst, now)).take(now);
    }

    /** Drops full buckets (idle keys); called periodically so the map does not grow without bound. */
    public void evictIdle() {
        long now = nanoClock.getAsLong();
        buckets.values().removeIf(bucket -> bucket.isFull(now));
    }

    int size() {
        return buckets.size();
    }

    /** The Retry-After value (whole seconds, at least 1) for a wait of {@code nanos}. */
    public static long retryAfterSeconds(long nanos) {
        return Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L);
    }
}
