package dev.srekg.ingest.parse;

import dev.srekg.graph.services.ServiceId;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How configuration and flag changes name services: flags and config name projects, environments and keys, not
 * services. Tried in order, the first that names a service wins, and the change records which one did:
 *
 * <ol>
 *   <li>the producer names the service itself (srekg JSON {@code service}/{@code services}, CDEvents
 *       {@code customData.service}): {@code service field};
 *   <li>a tag {@code <tagPrefix><service>} (LaunchDarkly flag tags, Unleash tags as {@code type:value}):
 *       {@code tag service:checkout};
 *   <li>the longest key prefix in {@code keyPrefixes} ({@code checkout-} names {@code checkout} for the flag
 *       {@code checkout-new-pricing}): {@code key prefix checkout-};
 *   <li>the project in {@code projects} (a LaunchDarkly or Unleash project, a Terraform workspace's project), which
 *       may name several services: {@code project shop}.
 * </ol>
 *
 * A change no rule maps is kept with no service, {@code unmapped}, for the estate timeline.
 *
 * @param tagPrefix a tag {@code <prefix><service>} names a service; empty turns tags off
 * @param keyPrefixes flag or config key prefix to service
 * @param projects project to the services it holds
 * @param environments the tools' environment names (LaunchDarkly environment key, Unleash environment, CDEvents
 *     environment id, srekg JSON {@code environment}) to srekg environments, over {@link #BUILT_IN_ENVIRONMENTS}
 * @param defaultEnvironment the environment of the services of a change whose producer names no environment
 */
public record ChangeRules(
        String tagPrefix,
        Map<String, String> keyPrefixes,
        Map<String, List<String>> projects,
        Map<String, String> environments,
        String defaultEnvironment) {

    /**
     * The tools' usual names of srekg's default environment names, by lower-case name: {@code production} (LaunchDarkly's
     * and Unleash's default production environment) is {@code prod}; any other name is itself.
     */
    public static final Map<String, String> BUILT_IN_ENVIRONMENTS =
            Map.of("production", "prod", "prod", "prod", "staging", "staging");

    public static final ChangeRules DEFAULTS = new ChangeRules("service:", Map.of(), Map.of());

    public ChangeRules {
        tagPrefix = tagPrefix == null ? "" : tagPrefix;
        keyPrefixes = Map.copyOf(keyPrefixes);
        projects = Map.copyOf(projects);
        environments = Map.copyOf(environments);
        defaultEnvironment = ServiceId.environment(defaultEnvironment);
    }

    /** The rules with no environment mapping but the built-in one, and the default environment {@code prod}. */
    public ChangeRules(String tagPrefix, Map<String, String> keyPrefixes, Map<String, List<String>> projects) {
        this(tagPrefix, keyPrefixes, projects, Map.of(), ServiceId.DEFAULT_ENVIRONMENT);
    }

    /**
     * The srekg environment of the services a change of the tool's environment {@code named} changes: the configured
     * mapping (the name as given, else in lower case), else the built-in one, else the name itself; the default
     * environment when the tool names none.
     */
    public String environmentOf(String named) {
        if (named == null || named.isBlank()) {
            return defaultEnvironment;
        }
        String name = named.strip();
        String lower = name.toLowerCase(Locale.ROOT);
        String mapped = environments.getOrDefault(
                name, environments.getOrDefault(lower, BUILT_IN_ENVIRONMENTS.getOrDefault(lower, name)));
        return ServiceId.environment(mapped);
    }

    /** The services of a change and the rule that found them; no services and an empty rule when none did. */
    record Mapping(List<String> services, String rule) {
        static final Mapping NONE = new Mapping(List.of(), "");
    }

    /**
     * Maps a change to services.
     *
     * @param named services the producer names itself, possibly none
     * @param tags the change's tags, possibly none
     * @param key the flag or config key
     * @param project the project, or empty
     */
    Mapping map(List<String> named, List<String> tags, String key, String project) {
        if (!named.isEmpty()) {
            return new Mapping(named, "service field");
        }
        if (!tagPrefix.isEmpty()) {
            for (String tag : tags) {
                if (tag.startsWith(tagPrefix)
                        && !tag.substring(tagPrefix.length()).isBlank()) {
                    return new Mapping(List.of(tag.substring(tagPrefix.length()).strip()), "tag " + tag);
                }
            }
        }
        Optional<Map.Entry<String, String>> prefix = keyPrefixes.entrySet().stream()
                .filter(e -> key.startsWith(e.getKey()))
                .max(Comparator.comparingInt(e -> e.getKey().length()));
        if (prefix.isPresent()) {
            return new Mapping(
                    List.of(prefix.get().getValue()),
                    "key prefix " + prefix.get().getKey());
        }
        List<String> ofProject = projects.getOrDefault(project, List.of());
        if (!ofProject.isEmpty()) {
            return new Mapping(ofProject, "project " + project);
        }
        return Mapping.NONE;
    }
}
