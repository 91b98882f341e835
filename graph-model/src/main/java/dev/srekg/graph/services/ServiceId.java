package dev.srekg.graph.services;

import dev.srekg.graph.change.Require;

/**
 * The identity of a service: its environment and its name. The same name in two environments is two services, with
 * their own deploys, traffic, breaches and incidents; a call from one environment into another is an edge between
 * two identities. {@code service.namespace} is kept on the service as an attribute (for grouping), not in its
 * identity: deploys, alerts and tickets do not carry it. A Kubernetes cluster never splits an identity either.
 *
 * <p>Rendered as {@code environment/name} ({@link #render()}): the form hour-node and SLO keys use. An environment
 * never holds a {@code /}; a name may.
 *
 * @param environment e.g. {@code prod}, {@code staging}; producers that name none get the configured default
 * @param name the service's name
 */
public record ServiceId(String environment, String name) {

    /** The environment of services whose producers name none, unless {@code srekg.default-environment} says otherwise. */
    public static final String DEFAULT_ENVIRONMENT = "prod";

    public ServiceId {
        environment = environment(environment);
        name = Require.text(name, "name");
    }

    /** A checked environment name: not blank, no {@code /}, stripped. */
    public static String environment(String environment) {
        String e = Require.text(environment, "environment");
        if (e.contains("/")) {
            throw new IllegalArgumentException("an environment must not contain '/': " + e);
        }
        return e;
    }

    /** The environment given, or {@code fallback} when it is null or blank. */
    public static String environmentOr(String environment, String fallback) {
        return environment == null || environment.isBlank() ? environment(fallback) : environment(environment);
    }

    /** How a read within {@code env} shows it: its name there, else {@link #render()} ({@code prod/payment}). */
    public String shown(String env) {
        return environment.equals(env) ? name : render();
    }

    /** {@code environment/name}. */
    public String render() {
        return environment + "/" + name;
    }

    @Override
    public String toString() {
        return render();
    }
}
