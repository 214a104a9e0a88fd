package com.valet.bench;

import org.HdrHistogram.Histogram;

/** What one workload measured; latencies in microseconds. */
record Result(String name, Histogram latencies, double seconds, long rows) {

    long requests() {
        return latencies.getTotalCount();
    }

    double p50Millis() {
        return latencies.getValueAtPercentile(50) / 1000.0;
    }

    double p99Millis() {
        return latencies.getValueAtPercentile(99) / 1000.0;
    }

    double throughput() {
        return requests() / seconds;
    }

    double rowsPerRequest() {
        return (double) rows / requests();
    }
}
