package com.valet.inventory.item;

import com.valet.devstack.DevStack;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/** Requests and tokens the item tests share. */
public final class ItemFixtures {
    public static final String PROBLEM = "application/problem+json";

    private ItemFixtures() {
    }

    public static ValidatableResponse create(UUID owner, Map<String, Object> body) {
        return given().auth().oauth2(token(owner)).contentType(ContentType.JSON).body(body)
                .post("/items").then();
    }

    public static Map<String, Object> item(UUID owner, String label) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("label", label);
        item.put("description", "A " + label + " from the garage");
        item.put("category", "sport");
        item.put("photo_paths", List.of(owner + "/bike-1.jpg"));
        item.put("tags", List.of("sport", "garage"));
        item.put("weight_lbs", 22.5);
        item.put("dimensions_in", Map.of("length", 24, "width", 12, "height", 12));
        return item;
    }

    public static String staffToken(UUID staff, String role) {
        return DevStack.sharedForTests().auth().token(staff, staff + "@valet.example", List.of(role),
                Duration.ofMinutes(10));
    }

    public static String token(UUID user) {
        return DevStack.sharedForTests().auth().customerToken(user, user + "@example.com", Duration.ofMinutes(10));
    }
}
