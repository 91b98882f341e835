package dev.srekg.api.incidents;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Limit;
import org.springframework.data.repository.Repository;

/**
 * Reads of incidents through Spring Data Neo4j (ADR 11): derived queries, no Cypher of its own. Read-only on purpose:
 * the recorder writes incidents with one statement per incident (IncidentStatements.SAVE), so there is one way in.
 */
interface IncidentRepository extends Repository<IncidentNode, String> {

    /** The latest incidents of {@code environment}, newest first, without their stored context. */
    List<Summary> findByEnvironmentOrderByOpenedAtDescIdAsc(String environment, Limit limit);

    /** One incident with its stored context. */
    Optional<Detail> findDetailById(String id);

    /** An incident in a list: every property but the stored context, and its breach's alert source. */
    interface Summary {
        String getId();

        String getService();

        String getEnvironment();

        String getSlo();

        String getSeverity();

        Instant getOpenedAt();

        Instant getResolvedAt();

        String getTopSuspect();

        Instant getComputedAt();

        BreachSource getBreach();

        /** The alert source of the breach. */
        interface BreachSource {
            String getGeneratorUrl();
        }
    }

    /** An incident with its stored context. */
    interface Detail extends Summary {
        String getContext();
    }
}
