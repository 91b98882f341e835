package dev.srekg.api.delivery;

import dev.srekg.api.delivery.DeliveryView.ChangeFailure;
import dev.srekg.api.delivery.DeliveryView.DeployRef;
import dev.srekg.api.delivery.DeliveryView.FailedDeploy;
import dev.srekg.api.delivery.DeliveryView.Frequency;
import dev.srekg.api.delivery.DeliveryView.Group;
import dev.srekg.api.delivery.DeliveryView.Grouping;
import dev.srekg.api.delivery.DeliveryView.IncidentRef;
import dev.srekg.api.delivery.DeliveryView.LeadTime;
import dev.srekg.api.delivery.DeliveryView.Restore;
import dev.srekg.api.delivery.DeliveryView.SloFigure;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Computes the delivery figures from the facts of a period. Pure. */
final class DeliveryReport {

    static final String NO_TEAM = "(no team)";
    static final String UNKNOWN_ENVIRONMENT = "(unknown)";

    private DeliveryReport() {}

    /**
     * Which facts a report covers: those of a service, of a team's services, of an environment (deploys to it, its
     * services' incidents and breaches); null selects all.
     */
    record Selection(String service, String team, String environment) {

        static final Selection ALL = new Selection(null, null, null);

        boolean covers(String factService, List<String> teams, String factEnvironment) {
            return (service == null || service.equals(factService))
                    && (team == null || teams.contains(team))
                    && (environment == null || factEnvironment == null || environment.equals(factEnvironment));
        }
    }

    /**
     * The report.
     *
     * @param deploys deploys of the period
     * @param incidents incidents opened in the period, and incidents whose top suspect is one of the deploys
     * @param breaches SLO breaches overlapping the period
     */
    static DeliveryView report(
            Instant from,
            Instant to,
            Instant knownAt,
            Grouping by,
            Selection selection,
            List<Facts.Deploy> deploys,
            List<Facts.Incident> incidents,
            List<Facts.Breach> breaches) {
        List<Facts.Deploy> selectedDeploys = deploys.stream()
                .filter(d -> selection.covers(d.service(), d.teams(), d.environment()))
                .toList();
        List<Facts.Incident> opened = incidents.stream()
                .filter(i -> !i.openedAt().isBefore(from) && i.openedAt().isBefore(to))
                .filter(i -> selection.covers(i.service(), i.teams(), i.environment()))
                .toList();
        List<Facts.Breach> selectedBreaches = breaches.stream()
                .filter(b -> selection.covers(b.service(), b.teams(), b.environment()))
                .toList();
        Map<String, List<Facts.Incident>> causedBy = incidents.stream()
                .filter(i -> i.settled() && i.causeDeploy() != null)
                .collect(Collectors.groupingBy(Facts.Incident::causeDeploy, TreeMap::new, Collectors.toList()));
        Duration period = Duration.between(from, to);
        Instant breachEnd = knownAt.isBefore(to) ? knownAt : to;

        Map<String, List<Facts.Deploy>> deploysBy =
                groupBy(selectedDeploys, d -> keys(by, d.service(), d.teams(), d.environment()));
        Map<String, List<Facts.Incident>> incidentsBy =
                groupBy(opened, i -> keys(by, i.service(), i.teams(), i.environment()));
        Map<String, List<Facts.Breach>> breachesBy =
                groupBy(selectedBreaches, b -> keys(by, b.service(), b.teams(), b.environment()));
        Set<String> names = new TreeSet<>();
        names.addAll(deploysBy.keySet());
        names.addAll(incidentsBy.keySet());
        names.addAll(breachesBy.keySet());
        List<Group> groups = new ArrayList<>();
        for (String name : names) {
            groups.add(group(
                    name,
                    deploysBy.getOrDefault(name, List.of()),
                    incidentsBy.getOrDefault(name, List.of()),
                    breachesBy.getOrDefault(name, List.of()),
                    causedBy,
                    period,
                    from,
                    breachEnd));
        }
        Group total = group("total", selectedDeploys, opened, selectedBreaches, causedBy, period, from, breachEnd);
        return new DeliveryView(from, to, knownAt, by, groups, total);
    }

    private static List<String> keys(Grouping by, String service, List<String> teams, String environment) {
        return switch (by) {
            case SERVICE -> List.of(service);
            case TEAM -> teams.isEmpty() ? List.of(NO_TEAM) : teams;
            case ENVIRONMENT ->
                List.of(environment == null || environment.isEmpty() ? UNKNOWN_ENVIRONMENT : environment);
        };
    }

    private static <T> Map<String, List<T>> groupBy(Collection<T> facts, Function<T, List<String>> keys) {
        Map<String, List<T>> by = new LinkedHashMap<>();
        for (T fact : facts) {
            for (String key : keys.apply(fact)) {
                by.computeIfAbsent(key, k -> new ArrayList<>()).add(fact);
            }
        }
        return by;
    }

    private static Group group(
            String name,
            List<Facts.Deploy> deploys,
            List<Facts.Incident> incidents,
            List<Facts.Breach> breaches,
            Map<String, List<Facts.Incident>> causedBy,
            Duration period,
            Instant from,
            Instant breachEnd) {
        return new Group(
                name,
                frequency(deploys, period),
                leadTime(deploys),
                changeFailure(deploys, causedBy),
                restore(incidents),
                slos(breaches, from, breachEnd),
                causes(incidents));
    }

    private static Frequency frequency(List<Facts.Deploy> deploys, Duration period) {
        double days = period.toSeconds() / 86_400.0;
        List<DeployRef> refs = deploys.stream()
                .map(d -> new DeployRef(
                        d.key(),
                        d.service(),
                        d.environment(),
                        d.version(),
                        d.action(),
                        d.at(),
                        d.changedAt(),
                        d.leadTime() == null ? null : d.leadTime().toSeconds()))
                .toList();
        return new Frequency(deploys.size(), days > 0 ? deploys.size() / days : 0, refs);
    }

    private static LeadTime leadTime(List<Facts.Deploy> deploys) {
        List<Long> known = deploys.stream()
                .map(Facts.Deploy::leadTime)
                .filter(d -> d != null)
                .map(Duration::toSeconds)
                .toList();
        long unknown = deploys.size() - known.size();
        if (known.isEmpty()) {
            return new LeadTime("unknown", 0, unknown, null, null);
        }
        return new LeadTime("known", known.size(), unknown, quantile(known, 0.5), quantile(known, 0.9));
    }

    private static ChangeFailure changeFailure(List<Facts.Deploy> deploys, Map<String, List<Facts.Incident>> causedBy) {
        List<FailedDeploy> failures = new ArrayList<>();
        for (Facts.Deploy d : deploys) {
            List<Facts.Incident> caused = causedBy.get(d.key());
            if (caused != null) {
                failures.add(new FailedDeploy(
                        d.key(),
                        d.service(),
                        d.at(),
                        caused.stream().map(Facts.Incident::id).sorted().toList()));
            }
        }
        Double rate = deploys.isEmpty() ? null : (double) failures.size() / deploys.size();
        return new ChangeFailure(failures.size(), deploys.size(), rate, failures);
    }

    private static Restore restore(List<Facts.Incident> incidents) {
        List<IncidentRef> refs = incidents.stream()
                .sorted(Comparator.comparing(Facts.Incident::openedAt).thenComparing(Facts.Incident::id))
                .map(i -> new IncidentRef(
                        i.id(),
                        i.service(),
                        i.slo(),
                        i.openedAt(),
                        i.resolvedAt(),
                        i.resolvedAt() == null
                                ? null
                                : Duration.between(i.openedAt(), i.resolvedAt()).toSeconds(),
                        i.cause().label(),
                        i.settled()))
                .toList();
        List<Long> restored = refs.stream()
                .map(IncidentRef::restoreSeconds)
                .filter(s -> s != null)
                .toList();
        return new Restore(
                restored.size(),
                refs.size() - restored.size(),
                restored.isEmpty() ? null : quantile(restored, 0.5),
                restored.isEmpty() ? null : quantile(restored, 0.9),
                refs);
    }

    private static List<SloFigure> slos(List<Facts.Breach> breaches, Instant from, Instant end) {
        Map<List<String>, List<Facts.Breach>> bySlo = new TreeMap<>(
                Comparator.<List<String>, String>comparing(k -> k.get(0)).thenComparing(k -> k.get(1)));
        for (Facts.Breach b : breaches) {
            bySlo.computeIfAbsent(List.of(b.service(), b.slo()), k -> new ArrayList<>())
                    .add(b);
        }
        List<SloFigure> figures = new ArrayList<>();
        bySlo.forEach((slo, list) -> {
            long started =
                    list.stream().filter(b -> !b.startsAt().isBefore(from)).count();
            long minutes =
                    list.stream().mapToLong(b -> minutesWithin(b, from, end)).sum();
            figures.add(new SloFigure(
                    slo.get(0),
                    slo.get(1),
                    started,
                    minutes,
                    list.stream().map(Facts.Breach::key).sorted().toList()));
        });
        return figures;
    }

    /** Whole minutes of the breach inside {@code [from, end)}; a breach still firing lasts until {@code end}. */
    static long minutesWithin(Facts.Breach b, Instant from, Instant end) {
        Instant start = b.startsAt().isBefore(from) ? from : b.startsAt();
        Instant stop = b.endsAt() == null || b.endsAt().isAfter(end) ? end : b.endsAt();
        return stop.isAfter(start) ? Duration.between(start, stop).toMinutes() : 0;
    }

    private static Map<String, DeliveryView.Causes> causes(List<Facts.Incident> incidents) {
        Map<String, DeliveryView.Causes> causes = new LinkedHashMap<>();
        for (Facts.CauseClass c : Facts.CauseClass.values()) {
            List<String> ids = incidents.stream()
                    .filter(i -> i.cause() == c)
                    .map(Facts.Incident::id)
                    .sorted()
                    .toList();
            causes.put(c.label(), new DeliveryView.Causes(ids.size(), ids));
        }
        return causes;
    }

    /** The nearest-rank quantile of the values. */
    static long quantile(List<Long> values, double q) {
        List<Long> sorted = values.stream().sorted().toList();
        int rank = (int) Math.ceil(q * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }
}
