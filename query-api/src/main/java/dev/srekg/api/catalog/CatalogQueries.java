package dev.srekg.api.catalog;

import dev.srekg.graph.catalog.CatalogEntity;
import dev.srekg.graph.catalog.CatalogReads;
import dev.srekg.graph.time.Times;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;
import org.neo4j.driver.TransactionContext;
import org.neo4j.driver.Value;
import org.springframework.stereotype.Component;

/** Reads of the catalog: ownership of services and drift between declared and observed dependencies. */
@Component
public class CatalogQueries {

    private final Driver driver;

    CatalogQueries(Driver driver) {
        this.driver = driver;
    }

    /**
     * The ownership of each named service of {@code env} the catalog describes as of {@code at}, known by
     * {@code knownAt}.
     */
    public Map<String, Ownership> ownership(String env, Collection<String> services, Instant at, Instant knownAt) {
        try (Session session = driver.session()) {
            return session.executeRead(tx -> ownership(tx, env, services, at, knownAt));
        }
    }

    /** As {@link #ownership(String, Collection, Instant, Instant)}, within a read transaction of the caller's. */
    public static Map<String, Ownership> ownership(
            TransactionContext tx, String env, Collection<String> services, Instant at, Instant knownAt) {
        Map<String, Ownership> owners = new LinkedHashMap<>();
        if (services.isEmpty()) {
            return owners;
        }
        Map<String, Object> params =
                Map.of("env", env, "names", List.copyOf(services), "at", Times.utc(at), "knownAt", Times.utc(knownAt));
        tx.run(CatalogReads.OWNERSHIP, params)
                .forEachRemaining(r -> owners.put(r.get("service").asString(), ownership(r)));
        return owners;
    }

    /** Declared against observed dependencies of every described service of {@code env} as of {@code at}. */
    public Drift drift(String env, Instant at, Instant knownAt) {
        Map<String, Object> params = Map.of("env", env, "at", Times.utc(at), "knownAt", Times.utc(knownAt));
        try (Session session = driver.session()) {
            List<Drift.Row> rows = session.executeRead(tx -> tx.run(CatalogReads.DRIFT, params)
                    .list(r -> new Drift.Row(
                            r.get("service").asString(),
                            r.get("owner").asString(""),
                            sorted(r.get("declaredOnly")),
                            sorted(r.get("observedOnly")),
                            sorted(r.get("confirmed")))));
            return new Drift(
                    env,
                    at,
                    rows,
                    rows.stream().mapToInt(r -> r.declaredOnly().size()).sum(),
                    rows.stream().mapToInt(r -> r.observedOnly().size()).sum());
        }
    }

    private static List<String> sorted(Value list) {
        return list.asList(Value::asString).stream().sorted().toList();
    }

    private static Ownership ownership(Record r) {
        List<String> urls = r.get("linkUrls").asList(Value::asString);
        List<String> titles = r.get("linkTitles").asList(Value::asString);
        List<String> types = r.get("linkTypes").asList(Value::asString);
        List<Ownership.Link> runbooks = new ArrayList<>();
        List<Ownership.Link> links = new ArrayList<>();
        for (int i = 0; i < urls.size(); i++) {
            Ownership.Link link = new Ownership.Link(urls.get(i), titles.get(i), types.get(i));
            boolean runbook = new CatalogEntity.Link(link.url(), link.title(), link.type()).runbook();
            (runbook ? runbooks : links).add(link);
        }
        return new Ownership(
                r.get("service").asString(),
                r.get("ref").asString(),
                r.get("title").asString(""),
                r.get("owner").asString(""),
                r.get("ownerTitle").asString(""),
                r.get("system").asString(""),
                r.get("lifecycle").asString(""),
                r.get("tier").asString(""),
                r.get("environment").asString(""),
                r.get("slackChannel").asString(""),
                r.get("pagerDutyService").asString(""),
                List.copyOf(runbooks),
                List.copyOf(links));
    }
}
