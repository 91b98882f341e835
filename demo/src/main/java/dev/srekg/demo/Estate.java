package dev.srekg.demo;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The services of a simulated estate and who calls whom.
 *
 * @param services instrumented services, by name
 * @param calls every call path; a call to an uninstrumented peer (a database, a queue) has no callee service
 * @param entryPoints services that receive user traffic
 * @param sloServices services with SLOs, whose alerts fire when their error rate climbs
 */
public record Estate(
        Map<String, Service> services, List<Call> calls, List<String> entryPoints, Set<String> sloServices) {

    /**
     * An instrumented service.
     *
     * @param name {@code service.name}
     * @param namespace {@code service.namespace} and Kubernetes namespace
     * @param team owning team, as alert labels name it
     * @param latencyMillis its own median processing time
     */
    public record Service(String name, String namespace, String team, int latencyMillis) {}

    /** How a call travels. */
    public enum Protocol {
        /** CLIENT span in the caller, SERVER span in the callee. */
        RPC,
        /** CLIENT span naming a database ({@code db.system}, {@code db.name}); the database is not instrumented. */
        DATABASE,
        /** PRODUCER span in the caller, CONSUMER span in the callee, through a messaging destination. */
        MESSAGING
    }

    /**
     * One call path.
     *
     * @param from calling service
     * @param to called service, or the peer's name for a database
     * @param protocol how it travels
     * @param probability chance that a request handled by {@code from} makes this call
     * @param detail the database system for {@link Protocol#DATABASE}, the destination for {@link Protocol#MESSAGING}
     */
    public record Call(String from, String to, Protocol protocol, double probability, String detail) {}

    /**
     * Services and SLO services keep the order they are given in: the demo world draws from them, and {@code Map.copyOf}
     * would iterate in an order that changes from one JVM to the next, so the same seed would not make the same world.
     */
    public Estate {
        services = Collections.unmodifiableMap(new LinkedHashMap<>(services));
        calls = List.copyOf(calls);
        entryPoints = List.copyOf(entryPoints);
        sloServices = Collections.unmodifiableSet(new LinkedHashSet<>(sloServices));
    }

    /** The calls {@code service} makes. */
    public List<Call> callsFrom(String service) {
        return calls.stream().filter(c -> c.from().equals(service)).toList();
    }

    /**
     * The shop of the OpenTelemetry demo, about twenty services and peers: a proxy and a frontend, checkout with its
     * payment, shipping, currency and email, cart on Valkey, a product catalog, recommendations and ads, and orders
     * through Kafka to accounting (on Postgres) and fraud detection.
     */
    public static Estate shop() {
        Map<String, Service> services = new LinkedHashMap<>();
        for (Service s : List.of(
                new Service("frontend-proxy", "edge", "platform", 2),
                new Service("image-provider", "edge", "platform", 3),
                new Service("frontend", "web", "web", 12),
                new Service("ad", "marketing", "growth", 6),
                new Service("recommendation", "marketing", "growth", 9),
                new Service("product-catalog", "catalog", "catalog", 5),
                new Service("cart", "checkout", "payments", 4),
                new Service("checkout", "checkout", "payments", 15),
                new Service("payment", "checkout", "payments", 25),
                new Service("currency", "checkout", "payments", 2),
                new Service("shipping", "fulfilment", "fulfilment", 8),
                new Service("quote", "fulfilment", "fulfilment", 3),
                new Service("email", "fulfilment", "fulfilment", 20),
                new Service("accounting", "finance", "finance", 10),
                new Service("fraud-detection", "finance", "finance", 14),
                new Service("flagd", "platform", "platform", 1))) {
            services.put(s.name(), s);
        }
        List<Call> calls = List.of(
                rpc("frontend-proxy", "frontend", 0.9),
                rpc("frontend-proxy", "image-provider", 0.3),
                rpc("frontend", "product-catalog", 0.8),
                rpc("frontend", "currency", 0.7),
                rpc("frontend", "ad", 0.5),
                rpc("frontend", "recommendation", 0.5),
                rpc("frontend", "cart", 0.4),
                rpc("frontend", "checkout", 0.15),
                rpc("frontend", "shipping", 0.1),
                rpc("recommendation", "product-catalog", 1.0),
                rpc("recommendation", "flagd", 0.5),
                rpc("ad", "flagd", 0.5),
                new Call("cart", "valkey-cart", Protocol.DATABASE, 1.0, "redis"),
                rpc("checkout", "cart", 1.0),
                rpc("checkout", "product-catalog", 1.0),
                rpc("checkout", "currency", 1.0),
                rpc("checkout", "shipping", 1.0),
                rpc("checkout", "payment", 1.0),
                rpc("checkout", "email", 1.0),
                new Call("checkout", "accounting", Protocol.MESSAGING, 1.0, "orders"),
                new Call("checkout", "fraud-detection", Protocol.MESSAGING, 1.0, "orders"),
                rpc("shipping", "quote", 1.0),
                rpc("payment", "flagd", 0.3),
                new Call("accounting", "postgres", Protocol.DATABASE, 1.0, "postgresql"));
        return new Estate(
                services,
                calls,
                List.of("frontend-proxy"),
                new LinkedHashSet<>(List.of("frontend-proxy", "frontend", "checkout", "cart", "shipping")));
    }

    /**
     * A generated estate for benchmarks: {@code size} services in layers (entry points, then each service calling
     * three to nine services of deeper layers), about five calls per service, one database in ten.
     */
    public static Estate generated(int size, long seed) {
        if (size < 10) {
            throw new IllegalArgumentException("a generated estate has at least 10 services, not " + size);
        }
        Random random = new Random(seed);
        int layers = 6;
        List<List<String>> layer = new ArrayList<>();
        Map<String, Service> services = new LinkedHashMap<>();
        String[] namespaces = {"edge", "web", "checkout", "catalog", "search", "identity", "media", "data", "billing"};
        for (int l = 0; l < layers; l++) {
            layer.add(new ArrayList<>());
        }
        for (int i = 0; i < size; i++) {
            // 2 % entry points, then equal layers.
            int l = i < Math.max(1, size / 50) ? 0 : 1 + random.nextInt(layers - 1);
            String namespace = namespaces[random.nextInt(namespaces.length)];
            String name = "%s-svc-%04d".formatted(namespace, i);
            services.put(name, new Service(name, namespace, "team-" + (i % 40), 1 + random.nextInt(20)));
            layer.get(l).add(name);
        }
        List<Call> calls = new ArrayList<>();
        for (int l = 0; l < layers - 1; l++) {
            List<String> deeper = new ArrayList<>();
            for (int d = l + 1; d < layers; d++) {
                deeper.addAll(layer.get(d));
            }
            if (deeper.isEmpty()) {
                continue;
            }
            for (String from : layer.get(l)) {
                int fanout = 3 + random.nextInt(7);
                Set<String> targets = new java.util.LinkedHashSet<>();
                for (int k = 0; k < fanout; k++) {
                    targets.add(deeper.get(random.nextInt(deeper.size())));
                }
                for (String to : targets) {
                    calls.add(rpc(from, to, 0.3 + 0.7 * random.nextDouble()));
                }
                if (random.nextInt(10) == 0) {
                    calls.add(new Call(from, from + "-db", Protocol.DATABASE, 1.0, "postgresql"));
                }
            }
        }
        Set<String> slo = new java.util.HashSet<>(layer.get(0));
        slo.addAll(layer.get(1));
        return new Estate(services, calls, layer.get(0), slo);
    }

    private static Call rpc(String from, String to, double probability) {
        return new Call(from, to, Protocol.RPC, probability, "");
    }
}
