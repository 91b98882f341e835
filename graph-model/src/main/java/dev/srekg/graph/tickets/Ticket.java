package dev.srekg.graph.tickets;

import static dev.srekg.graph.change.Rows.row;
import static dev.srekg.graph.time.Times.utc;

import dev.srekg.graph.change.ChangeEvent;
import dev.srekg.graph.change.GraphChange;
import dev.srekg.graph.change.Require;
import dev.srekg.graph.change.WriteStatement;
import dev.srekg.graph.services.ServiceId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The state of a ticket as of one update. The graph keeps the state of the newest update by {@code updatedAt}, so
 * updates may arrive in any order.
 *
 * @param key natural key: {@code jira:OPS-123}, {@code github:shop/checkout#42}, or {@code srekg:<id>}
 * @param system where the ticket lives: jira, github or srekg
 * @param title summary or title
 * @param status the system's status name, e.g. {@code In Progress}, {@code open}
 * @param priority the system's priority name, or empty
 * @param url link to the ticket, or empty
 * @param environment the environment of the services it is about ({@link ServiceId}); null or blank is
 *     {@link ServiceId#DEFAULT_ENVIRONMENT}
 * @param services services the ticket is about, possibly none
 * @param openedAt when it was opened
 * @param closedAt when it was resolved, closed or deleted; null while open
 * @param updatedAt event time of this update
 */
public record Ticket(
        String key,
        String system,
        String title,
        String status,
        String priority,
        String url,
        String environment,
        List<String> services,
        Instant openedAt,
        Instant closedAt,
        Instant updatedAt)
        implements ChangeEvent {

    public Ticket {
        key = Require.text(key, "key");
        system = Require.text(system, "system");
        title = Require.orEmpty(title);
        status = Require.orEmpty(status);
        priority = Require.orEmpty(priority);
        url = Require.orEmpty(url);
        environment = ServiceId.environmentOr(environment, ServiceId.DEFAULT_ENVIRONMENT);
        services = services.stream()
                .map(s -> Require.text(s, "service"))
                .distinct()
                .toList();
        Objects.requireNonNull(openedAt, "openedAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    @Override
    public Instant at() {
        return openedAt;
    }

    @Override
    public GraphChange change(Instant recordedAt) {
        return GraphChange.locking(
                WriteStatement.TICKET,
                services.stream()
                        .sorted()
                        .findFirst()
                        .map(s -> environment + "/" + s)
                        .orElse(""),
                key + "\u0000" + updatedAt,
                row(
                        "key", key,
                        "system", system,
                        "title", title,
                        "status", status,
                        "priority", priority,
                        "url", url,
                        "environment", environment,
                        "services", services.stream().sorted().toList(),
                        "at", utc(openedAt),
                        "closedAt", closedAt == null ? null : utc(closedAt),
                        "updatedAt", utc(updatedAt),
                        "recordedAt", utc(recordedAt)));
    }
}
