package com.valet.web;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.runtime.OidcIdentityProvider;
import io.quarkus.oidc.runtime.OidcUtils;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * Verifies each Supabase access token once per process (architecture.md, decision 23). Ahead of quarkus-oidc's
 * identity provider: a bearer token whose SHA-256 is in the {@link VerifiedTokenCache} gets the identity
 * quarkus-oidc built for it the first time (bound to the current request); any other goes to quarkus-oidc, and
 * what it accepts is kept until the token expires exactly as quarkus-oidc would see it ({@code exp} plus
 * {@code quarkus.oidc.token.lifespan-grace}, and {@code iat} plus {@code quarkus.oidc.token.age} when set), and
 * never longer than {@code valet.auth.token-cache.max-age}. Refusals are not kept: a refused token is verified
 * again, and refused again, every time. {@link SigningKeyWatch} empties the cache when the JWKS changes.
 * <p>
 * Augmentors ({@link SignedInUsersOnly}) run after this provider, on a cached identity as on a fresh one.
 * Counted as {@code valet_token_verifications_total{result="cached|verified|refused"}}.
 */
@Singleton
public class TokenVerificationCache implements IdentityProvider<TokenAuthenticationRequest> {
    private static final Logger LOG = Logger.getLogger(TokenVerificationCache.class);
    public static final String METRIC = "valet.token.verifications";

    public enum Result { CACHED, VERIFIED, REFUSED }

    private final OidcIdentityProvider oidc;
    private final VerifiedTokenCache<SecurityIdentity> cache;
    private final long maxAgeMillis;
    private final long graceSeconds;
    private final Optional<Duration> tokenAge;
    private final LongAdder cached = new LongAdder();
    private final LongAdder verified = new LongAdder();
    private final LongAdder refused = new LongAdder();

    TokenVerificationCache(OidcIdentityProvider oidc,
                           @ConfigProperty(name = "valet.auth.token-cache.size", defaultValue = "10000") int size,
                           @ConfigProperty(name = "valet.auth.token-cache.max-age", defaultValue = "5M") Duration maxAge,
                           @ConfigProperty(name = "quarkus.oidc.token.lifespan-grace") Optional<Integer> grace,
                           @ConfigProperty(name = "quarkus.oidc.token.age") Optional<Duration> tokenAge) {
        this.oidc = oidc;
        this.cache = new VerifiedTokenCache<>(size, System::currentTimeMillis);
        this.maxAgeMillis = maxAge.toMillis();
        this.graceSeconds = grace.orElse(0);
        this.tokenAge = tokenAge;
    }

    void registerMetrics(@Observes StartupEvent event, Instance<MeterRegistry> registries) {
        if (registries.isResolvable()) {
            MeterRegistry registry = registries.get();
            counter(registry, Result.CACHED, cached);
            counter(registry, Result.VERIFIED, verified);
            counter(registry, Result.REFUSED, refused);
        }
        LOG.debugf("Verified-token cache: %s", cache.enabled() ? "on" : "off (valet.auth.token-cache.size=0)");
    }

    private static void counter(MeterRegistry registry, Result result, LongAdder adder) {
        FunctionCounter.builder(METRIC, adder, LongAdder::doubleValue)
                .description("Bearer tokens authenticated: from the cache, verified (signature and claims), or refused")
                .tag("result", result.name().toLowerCase())
                .register(registry);
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    /** Ahead of quarkus-oidc's provider, which has the default priority (SYSTEM_FIRST + 1). */
    @Override
    public int priority() {
        return SYSTEM_FIRST + 100;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        if (!(request.getToken() instanceof AccessTokenCredential credential) || !cache.enabled()) {
            return Uni.createFrom().nullItem(); // quarkus-oidc's provider, next in line, takes it as before
        }
        String key = VerifiedTokenCache.key(credential.getToken());
        SecurityIdentity known = cache.get(key);
        if (known != null) {
            cached.increment();
            return Uni.createFrom().item(forThisRequest(known, request, context));
        }
        long generation = cache.generation();
        return oidc.authenticate(request, context).onItemOrFailure().invoke((identity, failure) -> {
            if (failure != null || identity == null) {
                refused.increment();
                return;
            }
            verified.increment();
            long now = System.currentTimeMillis();
            cache.put(key, identity, expiresAt(identity, now), generation);
        });
    }

    /**
     * The first instant (ms) at which quarkus-oidc would refuse the token (jose4j: refused once
     * {@code now - grace >= exp}, in whole seconds), capped at {@code now + max-age}; 0 (not cached) when the
     * principal has no expiry.
     */
    long expiresAt(SecurityIdentity identity, long now) {
        if (!(identity.getPrincipal() instanceof JsonWebToken jwt) || jwt.getExpirationTime() <= 0
                || !OidcUtils.DEFAULT_TENANT_ID.equals(identity.getAttribute(OidcUtils.TENANT_ID_ATTRIBUTE))) {
            return 0; // the key is the token alone: with other OIDC tenants the same token could verify differently
        }
        long until = Math.min((jwt.getExpirationTime() + graceSeconds) * 1000, now + maxAgeMillis);
        if (tokenAge.isPresent() && jwt.getIssuedAtTime() > 0) {
            // quarkus-oidc refuses once now - iat > age + grace (whole seconds)
            until = Math.min(until, (jwt.getIssuedAtTime() + tokenAge.get().toSeconds() + graceSeconds + 1) * 1000);
        }
        return until;
    }

    /** The cached identity with this request's routing context and blocking-call context, as quarkus-oidc sets them. */
    private static SecurityIdentity forThisRequest(SecurityIdentity known, TokenAuthenticationRequest request,
                                                   AuthenticationRequestContext context) {
        QuarkusSecurityIdentity.Builder builder = QuarkusSecurityIdentity.builder(known);
        RoutingContext routing = HttpSecurityUtils.getRoutingContextAttribute(request);
        if (routing != null) {
            routing.put(AuthenticationRequestContext.class.getName(), context);
            builder.addAttribute(RoutingContext.class.getName(), routing);
        }
        builder.addAttribute(AuthenticationRequestContext.class.getName(), context);
        return builder.build();
    }

    /** Empties the cache: every token is verified again on its next use. */
    public void invalidateAll() {
        cache.invalidateAll();
    }

    public long count(Result result) {
        return switch (result) {
            case CACHED -> cached.sum();
            case VERIFIED -> verified.sum();
            case REFUSED -> refused.sum();
        };
    }

    public int size() {
        return cache.size();
    }
}
