package com.valet.devstack;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.HashMap;
import java.util.Map;

/**
 * Points a {@code @QuarkusTest} at the shared real PostgreSQL + Kafka of this test JVM. Use with
 * {@code @QuarkusTestResource(value = DevStackTestResource.class, initArgs = @ResourceArg(name = "service",
 * value = "inventory"), restrictToAnnotatedClass = false)}; the gateway passes no service argument.
 */
public class DevStackTestResource implements QuarkusTestResourceLifecycleManager {
    private String service;

    @Override
    public void init(Map<String, String> initArgs) {
        this.service = initArgs.get("service");
    }

    @Override
    public Map<String, String> start() {
        DevStack stack = DevStack.sharedForTests();
        Map<String, String> config = new HashMap<>(service == null
                ? stack.commonConfig()
                : stack.serviceConfig(ServiceSchema.of(service)));
        config.put("quarkus.devservices.enabled", "false");
        return config;
    }

    @Override
    public void stop() {
        // The stack outlives the app: it is stopped by its JVM shutdown hook.
    }
}
