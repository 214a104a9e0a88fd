package com.valet.devstack;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The packaged apps run in the prod profile on the dev stack: every setting prod takes from the environment needs a stand-in. */
class DevSettingsTest {
    /** {@code %prod.some.key=${SOME_ENV}} without a default after a colon. */
    private static final Pattern FROM_ENV = Pattern.compile("^%prod\\.([^=\\s]+)\\s*=\\s*\\$\\{[A-Z0-9_]+}\\s*$");

    @Test
    void settingsAreHandedOnlyToTheirService() {
        Map<String, String> booking = DevStack.devSettings(ServiceSchema.BOOKING);
        assertEquals("dev-calendly-webhook-signing-key", booking.get("valet.calendly.webhook-signing-key"));
        assertTrue(DevStack.devSettings(ServiceSchema.INVENTORY).keySet().stream()
                .noneMatch(key -> key.startsWith("valet.calendly")));
    }

    @Test
    void everySettingProductionReadsFromTheEnvironmentHasADevStandIn() throws IOException {
        List<String> missing = new ArrayList<>();
        for (ServiceSchema service : ServiceSchema.values()) {
            Path properties = Path.of("..", service.serviceName(), "src/main/resources/application.properties");
            Map<String, String> settings = DevStack.devSettings(service);
            for (String line : Files.readAllLines(properties)) {
                Matcher matcher = FROM_ENV.matcher(line.strip());
                if (matcher.matches() && !settings.containsKey(matcher.group(1))) {
                    missing.add(service.schema() + "." + matcher.group(1));
                }
            }
        }
        assertEquals(List.of(), missing, "add these to dev-stack's provision/dev-settings.properties");
    }
}
