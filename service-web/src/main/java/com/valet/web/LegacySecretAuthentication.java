package com.valet.web;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.BaseAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipal;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Accepts Supabase access tokens signed with the project's legacy HS256 JWT secret, but only when
 * {@code valet.auth.legacy-jwt-secret} is set (decision 19: off by default, asymmetric keys only). It runs
 * before quarkus-oidc's mechanism and takes only bearers whose header says HS256; every other token (and
 * every HS256 token when the secret is not configured) goes on to quarkus-oidc, which refuses HS256. A bad
 * HS256 token fails here as a 401 with quarkus-oidc's Bearer challenge, like any other bad token.
 */
@Singleton
public class LegacySecretAuthentication implements HttpAuthenticationMechanism {
    private static final Logger LOG = Logger.getLogger(LegacySecretAuthentication.class);
    private static final String BEARER = "bearer ";

    private final Optional<LegacyJwtSecret> verifier;

    LegacySecretAuthentication(@ConfigProperty(name = "valet.auth.legacy-jwt-secret") Optional<String> secret,
                               @ConfigProperty(name = "quarkus.oidc.token.issuer") Optional<String> issuer,
                               @ConfigProperty(name = "quarkus.oidc.token.audience") Optional<List<String>> audience,
                               @ConfigProperty(name = "quarkus.oidc.token.lifespan-grace") Optional<Integer> leeway) {
        this.verifier = secret.filter(value -> !value.isBlank()).map(value -> new LegacyJwtSecret(value,
                issuer.orElseThrow(() -> new IllegalStateException("quarkus.oidc.token.issuer is required with a legacy JWT secret")),
                audience.map(values -> values.get(0)).orElse("authenticated"),
                leeway.orElse(0)));
        verifier.ifPresent(v -> LOG.info("Legacy HS256 Supabase tokens are accepted (valet.auth.legacy-jwt-secret is set)"));
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext ctx, IdentityProviderManager identityProviderManager) {
        if (verifier.isEmpty()) {
            return Uni.createFrom().nullItem();
        }
        String authorization = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Uni.createFrom().nullItem();
        }
        String token = authorization.substring(BEARER.length()).trim();
        if (!LegacyJwtSecret.algorithm(token).filter(AlgorithmIdentifiers.HMAC_SHA256::equals).isPresent()) {
            return Uni.createFrom().nullItem();
        }
        // through the identity provider manager, so the augmentors (SignedInUsersOnly) run as for OIDC tokens
        return identityProviderManager.authenticate(new LegacyTokenRequest(token));
    }

    /** A bearer whose header says HS256, to be checked against the legacy secret. */
    public static final class LegacyTokenRequest extends BaseAuthenticationRequest {
        final String token;

        LegacyTokenRequest(String token) {
            this.token = token;
        }
    }

    /** Verifies a {@link LegacyTokenRequest}; the identity has the shape of quarkus-oidc's. */
    @Singleton
    public static class LegacyTokenVerifier implements IdentityProvider<LegacyTokenRequest> {
        private final LegacySecretAuthentication mechanism;

        LegacyTokenVerifier(LegacySecretAuthentication mechanism) {
            this.mechanism = mechanism;
        }

        @Override
        public Class<LegacyTokenRequest> getRequestType() {
            return LegacyTokenRequest.class;
        }

        @Override
        public Uni<SecurityIdentity> authenticate(LegacyTokenRequest request, AuthenticationRequestContext context) {
            try {
                return Uni.createFrom().item(identity(request.token, mechanism.verifier.orElseThrow().verify(request.token)));
            } catch (InvalidJwtException e) {
                LOG.debugf("Legacy HS256 token refused: %s", e.getMessage());
                return Uni.createFrom().failure(new AuthenticationFailedException("The HS256 token is not valid.", e));
            }
        }

        /** A JsonWebToken principal and the roles in {@code app_metadata.roles}, as quarkus-oidc builds it. */
        private static SecurityIdentity identity(String token, JwtClaims claims) {
            QuarkusSecurityIdentity.Builder identity = QuarkusSecurityIdentity.builder();
            // read before the principal exists: its constructor turns the claim values into JSON-P types
            Object appMetadata = claims.getClaimValue("app_metadata");
            if (appMetadata instanceof Map<?, ?> metadata && metadata.get("roles") instanceof Collection<?> roles) {
                roles.stream().filter(String.class::isInstance).map(String.class::cast).forEach(identity::addRole);
            }
            return identity.setPrincipal(new DefaultJWTCallerPrincipal(token, "JWT", claims))
                    .addCredential(new AccessTokenCredential(token))
                    .build();
        }
    }

    /** No challenge of its own: quarkus-oidc's {@code WWW-Authenticate: Bearer} is the one for every token. */
    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().nullItem();
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(LegacyTokenRequest.class);
    }

    @Override
    public int getPriority() {
        return DEFAULT_PRIORITY + 100; // ahead of quarkus-oidc's bearer mechanism
    }
}
