package com.valet.gateway.ratelimit;

/**
 * A token bucket: holds up to {@code burst} tokens, gains {@code ratePerSecond} a second, and a request
 * takes one. Time is passed in (nanoseconds, monotonic) so the arithmetic is testable without sleeping.
 */
final class TokenBucket {
    private final double capacity;
    private final double tokensPerNano;
    private double tokens;
    private long updatedNanos;

    TokenBucket(double ratePerSecond, int burst, long nowNanos) {
        if (ratePerSecond <= 0 || burst < 1) {
            throw new IllegalArgumentException("a rate limit needs a positive rate and a burst of at least 1");
        }
        this.capacity = burst;
        this.tokensPerNano = ratePerSecond / 1_000_000_000d;
        this.tokens = burst;
        this.updatedNanos = nowNanos;
    }

    /** Takes a token: 0 if there was one, otherwise how many nanoseconds until there will be. */
    synchronized long take(long nowNanos) {
        refill(nowNanos);
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        return (long) Math.ceil((1 - tokens) / tokensPerNano);
    }

    /** Full again: forgetting the bucket changes nothing, so an idle one can be dropped. */
    synchronized boolean isFull(long nowNanos) {
        refill(nowNanos);
        return tokens >= capacity;
    }

    private void refill(long nowNanos) {
        long elapsed = nowNanos - updatedNanos;
        if (elapsed > 0) {
            tokens = Math.min(capacity, tokens + elapsed * tokensPerNano);
            updatedNanos = nowNanos;
        }
    }
}
