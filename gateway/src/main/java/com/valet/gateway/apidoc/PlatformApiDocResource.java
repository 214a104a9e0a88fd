package com.valet.gateway.apidoc;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.util.concurrent.CompletionStage;

/** The whole public API in one OpenAPI document: what Swagger UI at {@code /q/swagger-ui} shows first. */
@Path(PlatformApiDocResource.PATH)
public class PlatformApiDocResource {
    public static final String PATH = "/api/openapi";

    private final PlatformApiDoc doc;

    PlatformApiDocResource(PlatformApiDoc doc) {
        this.doc = doc;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The platform's public API (all services, through the gateway), as OpenAPI 3.1")
    public CompletionStage<ObjectNode> get() {
        return doc.document();
    }
}
