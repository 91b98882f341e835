package dev.srekg.ingest.traces;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which instrumented service a caller's peer address names, if any. A client span whose partner never came (or comes
 * too late to pair) names its peer by {@code peer.service} or {@code server.address}; when that is the address of a
 * service that reports spans itself ({@code gate-info.shop.svc.cluster.local} for {@code gate-info}), the call belongs
 * on the edge to that service, not on a virtual twin of it.
 *
 * <p>Rules are address templates holding {@code <service>} once and {@code <namespace>} at most once, tried in order;
 * the first whose {@code <service>} is a known instrumented service wins. {@code <namespace>} stands for one DNS label
 * (the Kubernetes namespace, which need not be the service's {@code service.namespace}), {@code <service>} for one or
 * more, read both as short and as long as the rule allows ({@code <service>-<namespace>} finds {@code gate-info} in
 * {@code gate-info-prod}). Where the namespace is part of services' names ({@code srekg.ingest.identity.service-namespace=identity}),
 * {@code <namespace>.<service>} is tried first: {@code checkout.shop.svc.cluster.local} is {@code shop.checkout}. Addresses are compared without case, without a trailing dot and without a {@code :port}.
 * Pure: the known services are what it is told ({@link #instrumented}).
 */
public final class PeerResolver {

    /** Kubernetes service DNS names, in their long and short forms, and the bare service name. */
    public static final List<String> DEFAULT_RULES = List.of(
            "<service>.<namespace>.svc.cluster.local",
            "<service>.<namespace>.svc",
            "<service>.<namespace>",
            "<service>");

    private static final Pattern PLACEHOLDER = Pattern.compile("<([^<>]*)>");
    private static final Pattern PORT = Pattern.compile(":\\d{1,5}$");

    private final List<Pattern> rules;
    /** Instrumented services by their lower-case name. */
    private final Map<String, String> known = new HashMap<>();
    /** The names as given, so that a service seen on every span is looked at once. */
    private final Set<String> seen = new HashSet<>();

    /**
     * @param rules address templates, tried in order
     * @throws IllegalArgumentException if a rule lacks {@code <service>}, repeats a placeholder or names another
     */
    public PeerResolver(List<String> rules) {
        List<Pattern> compiled = new ArrayList<>();
        for (String rule : rules) {
            compiled.add(compile(rule, "+?"));
            compiled.add(compile(rule, "+"));
        }
        this.rules = List.copyOf(compiled);
    }

    /** The rule as a pattern whose {@code <service>} is as short ({@code +?}) or as long ({@code +}) as it can be. */
    private static Pattern compile(String rule, String quantifier) {
        StringBuilder regex = new StringBuilder();
        Matcher m = PLACEHOLDER.matcher(rule);
        int services = 0;
        int namespaces = 0;
        int from = 0;
        while (m.find()) {
            regex.append(Pattern.quote(rule.substring(from, m.start()).toLowerCase(Locale.ROOT)));
            switch (m.group(1)) {
                case "service" -> {
                    services++;
                    regex.append("(?<service>.").append(quantifier).append(')');
                }
                case "namespace" -> {
                    namespaces++;
                    regex.append("(?<namespace>[^.]+)");
                }
                default ->
                    throw new IllegalArgumentException("peer rule '" + rule + "' names <" + m.group(1)
                            + ">: only <service> and <namespace> are known");
            }
            from = m.end();
        }
        regex.append(Pattern.quote(rule.substring(from).toLowerCase(Locale.ROOT)));
        if (services != 1 || namespaces > 1) {
            throw new IllegalArgumentException(
                    "peer rule '" + rule + "' must hold <service> once and <namespace> at most once");
        }
        return Pattern.compile(regex.toString());
    }

    /** A service that reports spans of its own (it served a call, or its traffic is in the graph). */
    void instrumented(String service) {
        if (seen.add(service)) {
            known.putIfAbsent(service.toLowerCase(Locale.ROOT), service);
        }
    }

    void instrumented(Collection<String> services) {
        services.forEach(this::instrumented);
    }

    /** The known instrumented service the peer address names, by the first rule that finds one. */
    public Optional<String> resolve(String peer) {
        String address = peer.strip().toLowerCase(Locale.ROOT);
        address = PORT.matcher(address).replaceFirst("");
        if (address.endsWith(".")) {
            address = address.substring(0, address.length() - 1);
        }
        for (Pattern rule : rules) {
            Matcher m = rule.matcher(address);
            if (m.matches()) {
                String service = known.get(qualified(m));
                if (service == null) {
                    service = known.get(m.group("service"));
                }
                if (service != null) {
                    return Optional.of(service);
                }
            }
        }
        return Optional.empty();
    }

    /** {@code <namespace>.<service>}: the name of a service whose namespace is part of its identity. */
    private static String qualified(Matcher m) {
        try {
            String namespace = m.group("namespace");
            return namespace == null ? "" : namespace + "." + m.group("service");
        } catch (IllegalArgumentException noNamespaceInRule) {
            return "";
        }
    }
}
