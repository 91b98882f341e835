package dev.srekg.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Issue 19: a wake is answered at once, not at the next round, and within a long round that looks for it. */
class PeriodicTest {

    private final List<String> log = new CopyOnWriteArrayList<>();
    private final CountDownLatch urgentRan = new CountDownLatch(1);
    private final CountDownLatch roundStarted = new CountDownLatch(1);
    private final CountDownLatch roundMayGoOn = new CountDownLatch(1);
    private final CountDownLatch roundDone = new CountDownLatch(1);
    private Periodic periodic;

    @AfterEach
    void stop() {
        roundMayGoOn.countDown();
        if (periodic != null) {
            periodic.stop();
        }
    }

    @Test
    void aWakeRunsTheUrgentWorkLongBeforeTheNextRound() throws InterruptedException {
        periodic = new Recording(Duration.ofHours(1), false);
        periodic.start();

        periodic.wake();

        assertThat(urgentRan.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(log).containsExactly("urgent");
    }

    @Test
    void aWakeBeforeTheStartIsIgnored() throws InterruptedException {
        periodic = new Recording(Duration.ofHours(1), false);

        periodic.wake();
        periodic.start();

        assertThat(urgentRan.await(300, TimeUnit.MILLISECONDS)).isFalse();
        assertThat(log).isEmpty();
    }

    @Test
    void aLongRoundAnswersTheWakesThatCameMeanwhileOnce() throws InterruptedException {
        periodic = new Recording(Duration.ZERO, true);
        periodic.start();
        assertThat(roundStarted.await(10, TimeUnit.SECONDS)).isTrue();

        periodic.wake();
        periodic.wake();
        roundMayGoOn.countDown();

        assertThat(roundDone.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(log).containsExactly("round", "urgent", "woken again: false", "round done");
    }

    /** Rounds every hour (the first after {@code firstAfter}); a long round looks for a wake once it may go on. */
    private final class Recording extends Periodic {
        private final boolean longRound;

        Recording(Duration firstAfter, boolean longRound) {
            super("periodic-test", "Testing", firstAfter, Duration.ofHours(1));
            this.longRound = longRound;
        }

        @Override
        protected void round() {
            log.add("round");
            if (longRound) {
                roundStarted.countDown();
                try {
                    roundMayGoOn.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                if (takeWake()) {
                    urgent();
                }
                log.add("woken again: " + takeWake());
            }
            log.add("round done");
            roundDone.countDown();
        }

        @Override
        protected void urgent() {
            log.add("urgent");
            urgentRan.countDown();
        }
    }
}
