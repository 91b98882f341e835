package dev.srekg.graph.catalog;

import java.util.Locale;
import java.util.Optional;

/** The Backstage catalog entity kinds srekg keeps. */
public enum CatalogKind {
    /** A piece of software: a service srekg sees in traces, deploys and alerts. */
    COMPONENT,
    /** An interface a component provides and others consume. */
    API,
    /** Infrastructure a component needs at run time (a database, a bucket); may be a virtual peer in traces. */
    RESOURCE,
    /** A group of components, APIs and resources. */
    SYSTEM,
    /** A team: owns components. */
    GROUP,
    /** A person, member of groups. */
    USER;

    /** The kind of a {@code kind:} field, matched ignoring case. */
    public static Optional<CatalogKind> of(String kind) {
        if (kind == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(kind.strip().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Whether an entity of this kind describes a service (a Service node of the graph). */
    public boolean describesService() {
        return this == COMPONENT || this == RESOURCE;
    }

    /** The lower-case name used in entity references ({@code component:default/checkout}). */
    public String refName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
