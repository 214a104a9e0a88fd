package com.valet.web;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The cache's own rules, on a clock the test moves. */
class VerifiedTokenCacheTest {
    private final AtomicLong now = new AtomicLong(1_000_000);

    @Test
    void anEntryIsServedUntilJustBeforeItsExpiryAndNeverAt() {
        VerifiedTokenCache<String> cache = new VerifiedTokenCache<>(10, now::get);
        assertTrue(cache.put("k", "identity", now.get() + 2_000, cache.generation()));
        now.addAndGet(1_999);
        assertEquals("identity", cache.get("k"));
        now.addAndGet(1);
        assertNull(cache.get("k"), "at its expiry the entry is gone");
        now.addAndGet(-1_000);
        assertNull(cache.get("k"), "and it does not come back if the clock steps back");
        assertEquals(0, cache.size());
    }

    @Test
    void anAlreadyExpiredValueIsNotStored() {
        VerifiedTokenCache<String> cache = new VerifiedTokenCache<>(10, now::get);
        assertFalse(cache.put("k", "identity", now.get(), cache.generation()));
        assertNull(cache.get("k"));
    }

    @Test
    void theLeastRecentlyUsedEntryGoesWhenFull() {
        VerifiedTokenCache<String> cache = new VerifiedTokenCache<>(2, now::get);
        long until = now.get() + 60_000;
        cache.put("a", "A", until, cache.generation());
        cache.put("b", "B", until, cache.generation());
        assertEquals("A", cache.get("a")); // a is now more recent than b
        cache.put("c", "C", until, cache.generation());
        assertEquals(2, cache.size());
        assertNull(cache.get("b"));
        assertEquals("A", cache.get("a"));
        assertEquals("C", cache.get("c"));
    }

    @Test
    void invalidatingForgetsEverythingAndWhatVerificationsInFlightTryToStore() {
        VerifiedTokenCache<String> cache = new VerifiedTokenCache<>(10, now::get);
        long until = now.get() + 60_000;
        cache.put("a", "A", until, cache.generation());
        long before = cache.generation(); // a verification starts
        cache.invalidateAll();            // the keys change meanwhile
        assertNull(cache.get("a"));
        assertFalse(cache.put("b", "B", until, before), "a result verified against the old keys is not kept");
        assertNull(cache.get("b"));
        assertTrue(cache.put("b", "B", until, cache.generation()));
        assertEquals("B", cache.get("b"));
    }

    @Test
    void sizeZeroKeepsNothing() {
        VerifiedTokenCache<String> cache = new VerifiedTokenCache<>(0, now::get);
        assertFalse(cache.enabled());
        assertFalse(cache.put("a", "A", now.get() + 60_000, cache.generation()));
        assertNull(cache.get("a"));
    }

    @Test
    void theKeyIsAHashNotTheToken() {
        String key = VerifiedTokenCache.key("header.payload.signature");
        assertEquals(43, key.length()); // 32 bytes, base64url without padding
        assertFalse(key.contains("payload"));
        assertEquals(key, VerifiedTokenCache.key("header.payload.signature"));
        assertNotEquals(key, VerifiedTokenCache.key("header.payload.signaturf"));
    }
}
