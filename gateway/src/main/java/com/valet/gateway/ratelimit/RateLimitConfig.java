package com.valet.gateway.ratelimit;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * {@code valet.gateway.rate-limit.per-user.rate=20} (requests a second, sustained) and
 * {@code ...per-user.burst=40} (requests at once after a quiet spell); the same for {@code per-ip}.
 */
@ConfigMapping(prefix = "valet.gateway.rate-limit")
public interface RateLimitConfig {
    @WithDefault("true")
    boolean enabled();

    Limit perUser();

    Limit perIp();

    /** How often buckets of idle keys are dropped. */
    @WithDefault("1m")
    Duration evictEvery();

    interface Limit {
        double rate();

        int burst();
    }
}
