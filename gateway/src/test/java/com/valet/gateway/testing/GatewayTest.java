package com.valet.gateway.testing;

import com.valet.devstack.SupabaseAuthStub;
import com.valet.devstack.SupabaseAuthTestResource;
import io.restassured.RestAssured;
import io.restassured.response.ValidatableResponse;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/** Shared by the gateway's HTTP tests: tokens and problem+json assertions. */
public final class GatewayTest {
    private GatewayTest() {
    }

    public static SupabaseAuthStub auth() {
        return SupabaseAuthTestResource.auth();
    }

    /** A token of a new customer: each test has its own user, so per-user limits do not carry over. */
    public static String freshToken() {
        return auth().customerToken(UUID.randomUUID(), "someone@example.com", Duration.ofMinutes(5));
    }

    /**
     * A request through java.net.http, for what RestAssured would tidy up: a path sent exactly as written
     * (dot segments), a body of unknown length (sent chunked).
     */
    public static HttpResponse<String> raw(String method, String rawPath, HttpRequest.BodyPublisher body, String... headers) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(RestAssured.baseURI + ":" + RestAssured.port + rawPath))
                    .method(method, body)
                    .timeout(Duration.ofSeconds(10));
            if (headers.length > 0) {
                request.headers(headers);
            }
            return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                    .send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    public static ValidatableResponse assertProblem(ValidatableResponse response, int status) {
        return response.statusCode(status)
                .contentType(startsWith("application/problem+json"))
                .body("status", equalTo(status));
    }
}
