package com.valet.devstack;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * For apps that need no database or Kafka (the gateway): only the Supabase Auth stub, shared by the
 * test JVM. Tests mint tokens with {@link #auth()}.
 */
public class SupabaseAuthTestResource implements QuarkusTestResourceLifecycleManager {
    private static SupabaseAuthStub auth;

    public static synchronized SupabaseAuthStub auth() {
        if (auth == null) {
            SupabaseAuthStub stub = SupabaseAuthStub.withNewKey(Ports.free()).start();
            Runtime.getRuntime().addShutdownHook(new Thread(stub::close, "auth-stub-shutdown"));
            auth = stub;
        }
        return auth;
    }

    @Override
    public Map<String, String> start() {
        SupabaseAuthStub stub = auth();
        return Map.of(
                "quarkus.oidc.auth-server-url", stub.issuer(),
                "quarkus.oidc.token.issuer", stub.issuer(),
                "quarkus.devservices.enabled", "false");
    }

    @Override
    public void stop() {
        // shared by the test JVM; closed by its shutdown hook
    }
}
