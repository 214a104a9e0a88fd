package com.valet.billing;

import com.valet.devstack.DevStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

/**
 * Every test of this module runs against the shared real PostgreSQL + Kafka of the test JVM, and with
 * stripe-java pointed at the local {@link StripeStub}.
 */
@QuarkusTestResource(value = DevStackTestResource.class, restrictToAnnotatedClass = false,
        initArgs = @ResourceArg(name = "service", value = "billing"))
@QuarkusTestResource(value = StripeStub.class, restrictToAnnotatedClass = false)
public class BillingTestStack {
}
