package com.valet.gateway.ratelimit;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/**
 * Limits so small and so slow to refill (a token every 10 s) that a test reaches them in a few requests
 * whatever the machine's load; the other tests keep the default limits, which they never reach.
 */
public class TightRateLimits implements QuarkusTestProfile {
    static final int PER_USER_BURST = 3;
    static final int PER_IP_BURST = 8;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "valet.gateway.rate-limit.per-user.rate", "0.1",
                "valet.gateway.rate-limit.per-user.burst", Integer.toString(PER_USER_BURST),
                "valet.gateway.rate-limit.per-ip.rate", "0.1",
                "valet.gateway.rate-limit.per-ip.burst", Integer.toString(PER_IP_BURST));
    }
}
