package com.valet.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * What has been verified about a token, kept in memory under the SHA-256 of the token: never past the
 * expiry given with it, at most {@code maxSize} entries (the least recently used goes first), and emptied by
 * {@link #invalidateAll()}. A value stored while the cache was being emptied (a verification that started
 * before) is not kept: {@link #put} takes the {@link #generation()} read before the verification began.
 * <p>
 * Thread-safe; every operation holds one lock for O(1) work and never blocks otherwise, so it is fine on the
 * event loop. Refusals are never stored.
 */
public final class VerifiedTokenCache<V> {
    private record Entry<V>(V value, long expiresAtMillis, long generation) {
    }

    private final int maxSize;
    private final LongSupplier clock;
    private final LinkedHashMap<String, Entry<V>> entries;
    private long generation;

    /** @param clock milliseconds, as {@link System#currentTimeMillis()} */
    public VerifiedTokenCache(int maxSize, LongSupplier clock) {
        this.maxSize = Math.max(0, maxSize);
        this.clock = clock;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry<V>> eldest) {
                return size() > VerifiedTokenCache.this.maxSize;
            }
        };
    }

    /** The cache key of a raw token: its SHA-256, so the cache never holds a usable token. */
    public static String key(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    public boolean enabled() {
        return maxSize > 0;
    }

    /** The value stored under {@code key}, or null when there is none, it has expired, or the cache was emptied since. */
    public synchronized V get(String key) {
        Entry<V> entry = entries.get(key);
        if (entry == null) {
            return null;
        }
        if (entry.generation != generation || clock.getAsLong() >= entry.expiresAtMillis) {
            entries.remove(key);
            return null;
        }
        return entry.value;
    }

    /** Read before a verification starts, and handed to {@link #put} with its result. */
    public synchronized long generation() {
        return generation;
    }

    /**
     * Keeps {@code value} until {@code expiresAtMillis} (exclusive), unless the cache was emptied after
     * {@code generationAtStart} was read or the value has already expired. Returns whether it was kept.
     */
    public synchronized boolean put(String key, V value, long expiresAtMillis, long generationAtStart) {
        if (maxSize == 0 || generationAtStart != generation || clock.getAsLong() >= expiresAtMillis) {
            return false;
        }
        entries.put(key, new Entry<>(value, expiresAtMillis, generation));
        return true;
    }

    /** Forgets everything, including what verifications in flight will try to store. */
    public synchronized void invalidateAll() {
        generation++;
        entries.clear();
    }

    public synchronized int size() {
        return entries.size();
    }
}
