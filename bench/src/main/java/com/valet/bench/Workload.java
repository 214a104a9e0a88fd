package com.valet.bench;

import java.util.SplittableRandom;

/** One kind of request under load. Each load thread opens its own session (its JDBC connection, say). */
interface Workload {
    String name();

    Session open() throws Exception;

    /** One load thread's view of the workload. */
    interface Session extends AutoCloseable {
        /**
         * Sends one request, with a customer and keyword drawn from {@code random}.
         *
         * @return the rows it answered, to show the workloads find comparable amounts
         */
        int run(SplittableRandom random) throws Exception;

        @Override
        default void close() throws Exception {
        }
    }
}
