package dev.srekg.api.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

// issue 22
class TransitionTest {

    private static final List<String> RECEIVERS = List.of("ops", "chat");

    @Test
    void aNewIncidentIsAnnouncedOpenedToEveryReceiverAndNothingElseWhileItSettles() {
        var due = Transition.due(new Transition.Incident("inc-1", "deploy-7", false, false, Set.of()), RECEIVERS);
        assertThat(due)
                .extracting(Transition::receiver, Transition::state, Transition::event)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("ops", "opened", Transition.Event.OPENED),
                        org.assertj.core.groups.Tuple.tuple("chat", "opened", Transition.Event.OPENED));
    }

    @Test
    void theSettledTopSuspectIsAnnouncedOnceThenOnlyAChangeIs() {
        var settled = Transition.due(
                new Transition.Incident("inc-1", "deploy-7", true, false, Set.of("ops|opened")), List.of("ops"));
        assertThat(settled).singleElement().satisfies(t -> {
            assertThat(t.state()).isEqualTo("suspect:deploy-7");
            assertThat(t.event()).isEqualTo(Transition.Event.SUSPECT_SETTLED);
        });

        assertThat(Transition.due(
                        new Transition.Incident(
                                "inc-1", "deploy-7", true, false, Set.of("ops|opened", "ops|suspect:deploy-7")),
                        List.of("ops")))
                .isEmpty();

        var changed = Transition.due(
                new Transition.Incident("inc-1", "scale-3", true, false, Set.of("ops|opened", "ops|suspect:deploy-7")),
                List.of("ops"));
        assertThat(changed).singleElement().satisfies(t -> {
            assertThat(t.state()).isEqualTo("suspect:scale-3");
            assertThat(t.event()).isEqualTo(Transition.Event.SUSPECT_CHANGED);
        });
    }

    @Test
    void aResolvedIncidentIsAnnouncedResolvedOnceWithoutASuspectMessage() {
        var due = Transition.due(
                new Transition.Incident("inc-1", "deploy-7", true, true, Set.of("ops|opened")), List.of("ops"));
        assertThat(due).extracting(Transition::state).containsExactly("resolved");
        assertThat(Transition.due(
                        new Transition.Incident("inc-1", "deploy-7", true, true, Set.of("ops|opened", "ops|resolved")),
                        List.of("ops")))
                .isEmpty();
    }

    @Test
    void anIncidentResolvedBeforeAnyMessageGetsOpenedThenResolvedInThatOrder() {
        var due = Transition.due(new Transition.Incident("inc-1", "none", false, true, Set.of()), List.of("ops"));
        assertThat(due).extracting(Transition::state).containsExactly("opened", "resolved");
        assertThat(due.get(0).order()).isLessThan(due.get(1).order());
        assertThat(due.get(1).id("inc-1")).isEqualTo("ops|inc-1|resolved");
    }

    @Test
    void backoffDoublesFromTheFirstWaitUpToTheCap() {
        var first = java.time.Duration.ofSeconds(2);
        var max = java.time.Duration.ofMinutes(5);
        assertThat(Notifier.backoff(1, first, max)).hasSeconds(2);
        assertThat(Notifier.backoff(2, first, max)).hasSeconds(4);
        assertThat(Notifier.backoff(5, first, max)).hasSeconds(32);
        assertThat(Notifier.backoff(9, first, max)).isEqualTo(max);
        assertThat(Notifier.backoff(1_000, first, max)).isEqualTo(max);
    }
}
