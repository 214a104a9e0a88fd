package com.valet.outbox;

import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.impl.VertxInternal;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.common.TopicPartition;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Where the inbox applies the records of a partition: a fresh duplicated Vert.x context per run (its own
 * Hibernate Reactive session and transaction), on an event loop chosen per partition, so the partitions of a
 * batch are applied in parallel on different threads while each partition's records stay in order.
 */
@ApplicationScoped
class PartitionContexts {
    private final VertxInternal vertx;
    private final Map<Integer, Context> loops = new ConcurrentHashMap<>();

    PartitionContexts(Vertx vertx) {
        this.vertx = (VertxInternal) vertx;
    }

    <T> Uni<T> run(TopicPartition partition, Supplier<Uni<T>> work) {
        return Uni.createFrom().emitter(emitter -> {
            Context context = VertxContext.createNewDuplicatedContext(
                    loops.computeIfAbsent(partition.partition(), p -> vertx.createEventLoopContext()));
            VertxContextSafetyToggle.setContextSafe(context, true);
            context.runOnContext(ignored -> {
                try {
                    work.get().subscribe().with(emitter::complete, emitter::fail);
                } catch (RuntimeException e) {
                    emitter.fail(e);
                }
            });
        });
    }
}
