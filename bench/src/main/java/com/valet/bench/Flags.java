package com.valet.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/** What the benchmarks share: {@code --name=value} options, and the gateway with its rate limits lifted. */
final class Flags {
    /** The gateway measured without its refusals: a benchmark measures the limits' cost, not their 429s. */
    static final Map<String, String> GATEWAY_LIMITS_OFF = Map.of(
            "valet.gateway.rate-limit.per-user.rate", "1000000", "valet.gateway.rate-limit.per-user.burst", "1000000",
            "valet.gateway.rate-limit.per-ip.rate", "1000000", "valet.gateway.rate-limit.per-ip.burst", "1000000");

    private Flags() {
    }

    /** Whole-number options {@code --name=value} over the defaults; an unknown name is refused. */
    static Map<String, Integer> parse(String[] args, Map<String, Integer> defaults) {
        Map<String, Integer> values = new LinkedHashMap<>(defaults);
        for (String arg : args) {
            String[] kv = arg.replaceFirst("^--", "").split("=", 2);
            if (!values.containsKey(kv[0]) || kv.length < 2) {
                throw new IllegalArgumentException("unknown or incomplete option " + arg + "; options: " + defaults.keySet());
            }
            values.put(kv[0], Integer.parseInt(kv[1].replace("_", "")));
        }
        return values;
    }
}
