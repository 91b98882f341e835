package dev.srekg.ingest.parse;

import dev.srekg.graph.catalog.CatalogEntity;
import dev.srekg.graph.catalog.CatalogKind;
import dev.srekg.graph.change.ChangeEvent;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.dataformat.yaml.YAMLFactory;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The catalog stream (issue 18): Backstage catalog entities, as {@code catalog-info.yaml} files (one or more YAML
 * documents) or as the catalog API's JSON (one entity, an array of entities, or a page {@code {"items": [...]}}).
 * Components and resources describe services; groups are teams; APIs, systems and users are kept as they are. Kinds
 * srekg does not know (Location, Template, Domain) are skipped, and a record holding nothing else is skipped too.
 *
 * <p>The catalog has no event time of its own: an entity is valid from its {@code srekg.dev/valid-from} annotation,
 * else from the record's {@code srekg-observed-at} header (set by the import endpoint), else from when srekg writes
 * it.
 */
public final class CatalogParser implements RecordParser {

    /** The header carrying when an import read the entities (RFC 3339). */
    public static final String OBSERVED_AT = "srekg-observed-at";

    private static final YAMLMapper YAML = YAMLMapper.builder(
                    YAMLFactory.builder().streamReadConstraints(Json.LIMITS).build())
            .build();

    @Override
    public ParseResult parse(IncomingRecord record) {
        try {
            Instant observed = record.header(OBSERVED_AT)
                    .map(v -> Json.timestamp(v.strip(), "header " + OBSERVED_AT))
                    .orElse(null);
            List<JsonNode> documents = documents(record.value());
            List<ChangeEvent> entities = new ArrayList<>();
            int index = 0;
            for (JsonNode document : documents) {
                index++;
                for (JsonNode entity : entitiesOf(document)) {
                    try {
                        entity(entity, observed).ifPresent(entities::add);
                    } catch (Json.Invalid | IllegalArgumentException | NullPointerException e) {
                        throw new Json.Invalid("catalog document " + index + ": " + e.getMessage());
                    }
                }
            }
            if (entities.isEmpty()) {
                return new ParseResult.Skipped("catalog record without a kind srekg keeps");
            }
            return new ParseResult.Parsed(entities);
        } catch (Json.Invalid e) {
            return new ParseResult.Rejected(e.getMessage());
        }
    }

    private static List<JsonNode> documents(byte[] value) {
        if (value.length == 0) {
            throw new Json.Invalid("empty value");
        }
        try {
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(value));
        } catch (CharacterCodingException e) {
            throw new Json.Invalid("catalog record is not valid UTF-8");
        }
        // JSON is YAML, so one reader takes both; multi-document YAML is read document by document.
        List<JsonNode> documents = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(value)) {
            while (it.hasNextValue()) {
                JsonNode node = it.nextValue();
                if (node != null && !node.isNull() && !node.isMissingNode()) {
                    documents.add(node);
                }
            }
        } catch (JacksonException e) {
            throw new Json.Invalid("malformed catalog YAML or JSON: " + e.getOriginalMessage());
        } catch (RuntimeException | StackOverflowError e) {
            // The YAML engine's own limits (nesting, aliases) end in its own exceptions.
            throw new Json.Invalid("malformed catalog YAML: " + e.getClass().getSimpleName());
        }
        if (documents.isEmpty()) {
            throw new Json.Invalid("no catalog entity in the record");
        }
        return documents;
    }

    private static List<JsonNode> entitiesOf(JsonNode document) {
        if (document.isArray()) {
            return listOf(document);
        }
        if (!document.isObject()) {
            throw new Json.Invalid("a catalog document must be an entity, an array of entities or {\"items\": [...]}");
        }
        if (document.path("items").isArray() && document.path("kind").isMissingNode()) {
            return listOf(document.path("items"));
        }
        return List.of(document);
    }

    private static List<JsonNode> listOf(JsonNode array) {
        List<JsonNode> nodes = new ArrayList<>();
        array.forEach(nodes::add);
        return nodes;
    }

    private static Optional<CatalogEntity> entity(JsonNode entity, Instant observed) {
        if (!entity.isObject()) {
            throw new Json.Invalid("an entity must be an object");
        }
        String apiVersion = scalar(entity.path("apiVersion"), "apiVersion");
        if (!apiVersion.startsWith("backstage.io/")) {
            throw new Json.Invalid("apiVersion " + Json.abbreviate(apiVersion) + " is not a backstage.io entity");
        }
        String kindName = scalar(entity.path("kind"), "kind");
        if (kindName.isEmpty()) {
            throw new Json.Invalid("missing required field kind");
        }
        Optional<CatalogKind> kind = CatalogKind.of(kindName);
        if (kind.isEmpty()) {
            return Optional.empty();
        }
        JsonNode metadata = entity.path("metadata");
        JsonNode spec = entity.path("spec");
        JsonNode annotations = metadata.path("annotations");
        String name = scalar(metadata.path("name"), "metadata.name");
        if (name.isEmpty()) {
            throw new Json.Invalid("missing required field metadata.name");
        }
        String validFrom = scalar(annotations.path("srekg.dev/valid-from"), "srekg.dev/valid-from");
        Instant at = validFrom.isEmpty() ? observed : Json.timestamp(validFrom, "annotation srekg.dev/valid-from");
        String tier = scalar(metadata.path("labels").path("tier"), "metadata.labels.tier");
        return Optional.of(new CatalogEntity(
                kind.get(),
                scalar(metadata.path("namespace"), "metadata.namespace"),
                name,
                scalar(annotations.path("srekg.dev/service"), "srekg.dev/service"),
                scalar(annotations.path("srekg.dev/environment"), "srekg.dev/environment"),
                first(
                        scalar(metadata.path("title"), "metadata.title"),
                        scalar(spec.path("profile").path("displayName"), "spec.profile.displayName")),
                entityName(scalar(spec.path("owner"), "spec.owner")),
                entityName(scalar(spec.path("system"), "spec.system")),
                scalar(spec.path("lifecycle"), "spec.lifecycle"),
                first(tier, scalar(spec.path("tier"), "spec.tier")),
                scalar(spec.path("type"), "spec.type"),
                first(
                        scalar(annotations.path("pagerduty.com/service-id"), "pagerduty.com/service-id"),
                        scalar(annotations.path("pagerduty.com/integration-key"), "pagerduty.com/integration-key")),
                first(
                        scalar(annotations.path("slack.com/channel"), "slack.com/channel"),
                        scalar(annotations.path("srekg.dev/slack-channel"), "srekg.dev/slack-channel")),
                links(metadata.path("links")),
                names(spec.path("dependsOn"), "spec.dependsOn"),
                names(spec.path("providesApis"), "spec.providesApis"),
                names(spec.path("consumesApis"), "spec.consumesApis"),
                at));
    }

    /** A scalar as text (YAML gives numbers and booleans for {@code tier: 1}); empty when absent or null. */
    private static String scalar(JsonNode node, String what) {
        if (node.isMissingNode() || node.isNull()) {
            return "";
        }
        if (!node.isValueNode()) {
            throw new Json.Invalid("field " + what + " must be a string");
        }
        return node.asString().strip();
    }

    private static String first(String a, String b) {
        return a.isEmpty() ? b : a;
    }

    /** The name of an entity reference: {@code group:default/payments}, {@code group:payments}, {@code payments}. */
    static String entityName(String ref) {
        String name = ref;
        int colon = name.indexOf(':');
        if (colon >= 0) {
            name = name.substring(colon + 1);
        }
        int slash = name.lastIndexOf('/');
        if (slash >= 0) {
            name = name.substring(slash + 1);
        }
        return name.strip();
    }

    private static List<String> names(JsonNode array, String what) {
        if (array.isMissingNode() || array.isNull()) {
            return List.of();
        }
        if (!array.isArray()) {
            throw new Json.Invalid("field " + what + " must be an array");
        }
        List<String> names = new ArrayList<>();
        for (JsonNode item : array) {
            String name = entityName(scalar(item, what + "[]"));
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        return names;
    }

    private static List<CatalogEntity.Link> links(JsonNode array) {
        if (array.isMissingNode() || array.isNull()) {
            return List.of();
        }
        if (!array.isArray()) {
            throw new Json.Invalid("field metadata.links must be an array");
        }
        List<CatalogEntity.Link> links = new ArrayList<>();
        for (JsonNode link : array) {
            String url = scalar(link.path("url"), "metadata.links[].url");
            if (url.isEmpty()) {
                throw new Json.Invalid("a link in metadata.links has no url");
            }
            links.add(new CatalogEntity.Link(
                    url,
                    scalar(link.path("title"), "metadata.links[].title"),
                    scalar(link.path("type"), "metadata.links[].type")));
        }
        return links;
    }
}
