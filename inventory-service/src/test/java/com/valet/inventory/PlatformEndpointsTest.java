package com.valet.inventory;

import com.valet.devstack.testing.PlatformEndpointsContract;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class PlatformEndpointsTest extends PlatformEndpointsContract {
    @Override
    protected String openApiTitle() {
        return "Valet inventory-service";
    }
}
