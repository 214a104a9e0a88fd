package com.valet.billing;

import com.valet.devstack.DevStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

/** Every test of this module runs against the shared real PostgreSQL + Kafka of the test JVM. */
@QuarkusTestResource(value = DevStackTestResource.class, restrictToAnnotatedClass = false,
        initArgs = @ResourceArg(name = "service", value = "billing"))
public class BillingTestStack {
}
