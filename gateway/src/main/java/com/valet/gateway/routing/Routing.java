package com.valet.gateway.routing;

import com.valet.web.ProblemWriter;
import com.valet.gateway.edge.BodyLimit;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Puts the {@link RouteTable} on the HTTP router, one {@link Upstream} (pool + breaker) per service. */
@Singleton
public class Routing {
    private static final Logger LOG = Logger.getLogger(Routing.class);

    private final Map<String, Upstream> upstreams = new LinkedHashMap<>();
    private final List<Route> routes;
    private final BodyLimit bodyLimit;
    private final ProblemWriter problems;

    Routing(ServicesConfig services, UpstreamConfig config, Vertx vertx, BodyLimit bodyLimit, ProblemWriter problems) {
        this.routes = RouteTable.of(services.services());
        this.bodyLimit = bodyLimit;
        this.problems = problems;
        services.services().forEach((name, service) -> upstreams.put(name, new Upstream(name, service, config, vertx)));
    }

    void register(@Observes Router router) {
        for (Route route : routes) {
            Upstream upstream = upstreams.get(route.service());
            // before Quarkus REST (ROUTE_ORDER_DEFAULT), which would answer 404 for these paths
            router.route(route.vertxPattern()).order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT)
                    .handler(new ProxyHandler(route, upstream, bodyLimit, problems));
            LOG.infof("Route %s%s -> %s %s", route.path(), route.prefix() ? "/**" : "", route.service(),
                    route.prefix() ? upstream.origin() + "/**" : upstream.origin() + route.target());
        }
    }

    List<Route> routes() {
        return routes;
    }

    @PreDestroy
    void close() {
        upstreams.values().forEach(Upstream::close);
    }
}
