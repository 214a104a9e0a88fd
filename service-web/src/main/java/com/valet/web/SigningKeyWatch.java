package com.valet.web;

import io.quarkus.arc.Arc;
import io.quarkus.arc.InstanceHandle;
import io.quarkus.arc.Unremovable;
import io.quarkus.oidc.common.OidcEndpoint;
import io.quarkus.oidc.common.OidcResponseFilter;
import io.quarkus.oidc.runtime.OidcProvider;
import io.quarkus.oidc.runtime.TenantConfigBean;
import io.quarkus.oidc.runtime.TenantConfigContext;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jose4j.jwk.JsonWebKey;

import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;

/**
 * Keeps the apps' view of Supabase's signing keys current, and the verified-token cache consistent with it.
 * <ul>
 *   <li>Every JWKS response quarkus-oidc receives (at start, on an unknown {@code kid}, or on the periodic
 *   refresh below) passes this filter; when its set of keys (kid and RFC 7638 thumbprint of each) differs from
 *   the previous one, {@link TokenVerificationCache} is emptied, and emptied again a second later: a
 *   verification that read the old key set just before quarkus-oidc installed the new one could otherwise
 *   store its result after the first emptying.</li>
 *   <li>quarkus-oidc itself fetches the JWKS only at start and on an unknown {@code kid}, so a key removed from
 *   Supabase would stay trusted until a restart. Every {@code valet.auth.jwks-refresh-interval} (5 minutes) this
 *   asks quarkus-oidc's provider of the default tenant to fetch it again ({@code refreshJwksAndVerifyJwtToken},
 *   the same call its unknown-{@code kid} path makes, with a probe that fails verification): quarkus-oidc then
 *   holds exactly the published keys, and a token signed by a removed key is refused. That call is rate
 *   limited by {@code quarkus.oidc.token.forced-jwk-refresh-interval}, which must stay shorter. While the JWKS
 *   cannot be fetched, the keys already known stay in use (as quarkus-oidc does).</li>
 * </ul>
 */
@Singleton
@Unremovable
@OidcEndpoint(OidcEndpoint.Type.JWKS)
public class SigningKeyWatch implements OidcResponseFilter {
    private static final Logger LOG = Logger.getLogger(SigningKeyWatch.class);
    /** Not a JWT: quarkus-oidc refreshes the JWKS, then fails to verify this, which is expected. */
    private static final String PROBE = "valet.jwks.refresh";
    private static final long SECOND_INVALIDATION_DELAY_MS = 1_000;

    private final TokenVerificationCache tokens;
    private final Vertx vertx;
    private final Duration refreshInterval;
    private final Duration forcedRefreshInterval;
    private volatile Set<String> keys;
    private volatile Long timer;

    SigningKeyWatch(TokenVerificationCache tokens, Vertx vertx,
                    @ConfigProperty(name = "valet.auth.jwks-refresh-interval", defaultValue = "5M") Duration refreshInterval,
                    @ConfigProperty(name = "quarkus.oidc.token.forced-jwk-refresh-interval", defaultValue = "10M")
                    Duration forcedRefreshInterval) {
        this.tokens = tokens;
        this.vertx = vertx;
        this.refreshInterval = refreshInterval;
        this.forcedRefreshInterval = forcedRefreshInterval;
    }

    void start(@Observes StartupEvent event) {
        if (refreshInterval.isZero() || refreshInterval.isNegative()) {
            LOG.warn("valet.auth.jwks-refresh-interval is 0: a key removed from the JWKS stays trusted until a restart");
            return;
        }
        if (refreshInterval.compareTo(forcedRefreshInterval) <= 0) {
            LOG.warnf("valet.auth.jwks-refresh-interval (%s) is not longer than quarkus.oidc.token.forced-jwk-refresh-interval"
                    + " (%s): some periodic refreshes will be skipped", refreshInterval, forcedRefreshInterval);
        }
        timer = vertx.setPeriodic(refreshInterval.toMillis(), id -> refresh());
    }

    void stop(@Observes ShutdownEvent event) {
        Long id = timer;
        if (id != null) {
            vertx.cancelTimer(id);
        }
    }

    /** Has quarkus-oidc fetch the JWKS of the default tenant again (the filter below sees the answer). */
    void refresh() {
        try (InstanceHandle<TenantConfigBean> tenants = Arc.container().instance(TenantConfigBean.class)) {
            TenantConfigContext tenant = tenants.isAvailable() ? tenants.get().getDefaultTenant() : null;
            OidcProvider provider = tenant != null && tenant.ready() ? tenant.provider() : null;
            if (provider == null) {
                LOG.debug("JWKS refresh skipped: quarkus-oidc has not connected to Supabase Auth yet (it will on the next token)");
                return;
            }
            provider.refreshJwksAndVerifyJwtToken(PROBE, false, false, null).subscribe().with(
                    ignored -> { },
                    failure -> LOG.tracef("JWKS refresh done (the probe is refused as expected: %s)", failure.toString()));
        } catch (RuntimeException e) {
            LOG.warnf("JWKS refresh failed, the keys already known stay in use: %s", e.toString());
        }
    }

    @Override
    public Uni<Void> filter(OidcResponseFilterContext response) {
        if (response.statusCode() == 200 && response.responseBody() != null) {
            try {
                observed(fingerprint(response.responseBody().toJsonObject()));
            } catch (RuntimeException e) {
                LOG.debugf("JWKS response not understood (quarkus-oidc decides what it is worth): %s", e.toString());
            }
        }
        return Uni.createFrom().voidItem();
    }

    private void observed(Set<String> current) {
        Set<String> previous = keys;
        keys = current;
        if (previous == null || previous.equals(current)) {
            return;
        }
        LOG.infof("Supabase's signing keys changed (%d published): verified tokens are forgotten", current.size());
        tokens.invalidateAll();
        vertx.setTimer(SECOND_INVALIDATION_DELAY_MS, id -> tokens.invalidateAll());
    }

    /** kid and RFC 7638 thumbprint of each key, sorted: member order and key order do not count as a change. */
    static Set<String> fingerprint(JsonObject jwks) {
        Set<String> keys = new TreeSet<>();
        JsonArray array = jwks.getJsonArray("keys", new JsonArray());
        for (int i = 0; i < array.size(); i++) {
            JsonObject key = array.getJsonObject(i);
            String thumbprint;
            try {
                thumbprint = JsonWebKey.Factory.newJwk(key.getMap()).calculateBase64urlEncodedThumbprint("SHA-256");
            } catch (Exception e) {
                thumbprint = key.encode(); // a key jose4j cannot read: its JSON then
            }
            keys.add(key.getString("kid", "") + ":" + thumbprint);
        }
        return keys;
    }

    /** The key set last seen (kid:thumbprint), for tests and diagnostics. */
    public Set<String> keys() {
        Set<String> current = keys;
        return current == null ? Set.of() : current;
    }
}
