package com.valet.gateway.ratelimit;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TokenBucketTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void theBurstPassesThenTheRateRefills() {
        TokenBucket bucket = new TokenBucket(2, 3, 0);
        assertEquals(0, bucket.take(0));
        assertEquals(0, bucket.take(0));
        assertEquals(0, bucket.take(0));
        assertEquals(SECOND / 2, bucket.take(0), "one token every half second");
        assertEquals(0, bucket.take(SECOND / 2));
        assertEquals(SECOND / 2, bucket.take(SECOND / 2));
    }

    @Test
    void aQuietSpellRefillsNoMoreThanTheBurst() {
        TokenBucket bucket = new TokenBucket(10, 2, 0);
        bucket.take(0);
        bucket.take(0);
        long later = 100 * SECOND;
        assertEquals(0, bucket.take(later));
        assertEquals(0, bucket.take(later));
        assertEquals(SECOND / 10, bucket.take(later));
    }

    @Test
    void nonsenseLimitsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new RateLimiter(0, 5, System::nanoTime));
        assertThrows(IllegalArgumentException.class, () -> new RateLimiter(5, 0, System::nanoTime));
    }

    @Test
    void keysHaveTheirOwnBucketsAndFullOnesAreForgotten() {
        AtomicLong now = new AtomicLong();
        RateLimiter limiter = new RateLimiter(1, 1, now::get);
        assertEquals(0, limiter.acquire("ana"));
        assertEquals(SECOND, limiter.acquire("ana"));
        assertEquals(0, limiter.acquire("ben"));

        limiter.evictIdle();
        assertEquals(2, limiter.size(), "both still have to wait");
        now.addAndGet(SECOND);
        limiter.evictIdle();
        assertEquals(0, limiter.size());
    }

    @Test
    void retryAfterIsWholeSecondsRoundedUp() {
        assertEquals(1, RateLimiter.retryAfterSeconds(1));
        assertEquals(1, RateLimiter.retryAfterSeconds(SECOND));
        assertEquals(2, RateLimiter.retryAfterSeconds(SECOND + 1));
    }
}
