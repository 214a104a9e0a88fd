package com.valet.outbox;

import com.valet.events.EventCodec;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** One codec per service: the contract's mapper, not Quarkus's, so every service writes events alike. */
public class EventCodecProducer {
    @Produces
    @Singleton
    EventCodec eventCodec() {
        return new EventCodec();
    }
}
