package dev.srekg.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.srekg.test.Graphs;
import dev.srekg.test.RealStack;
import dev.srekg.test.RealStackExtension;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Ingest workers as srekg's jar in JVMs of their own, killed with SIGKILL at random moments or stopped while another
 * worker of their group runs, over a mixed stream ({@link ShopStream}): the graph ends identical to a run without
 * faults, traffic counts included. Issue 9.
 */
@ExtendWith(RealStackExtension.class)
class CrashRecoveryIT {

    @Test
    void killedAndRestartedWorkersLeaveTheSameGraphAsARunWithoutFaults(RealStack stack) throws Exception {
        String prefix = "crash" + System.nanoTime();
        try (Admin admin = stack.admin()) {
            int records = ShopStream.produce(admin, stack.kafkaBootstrap(), prefix);
            List<String> reference = reference(stack, admin, prefix);

            for (long seed : new long[] {7, 42}) {
                Graphs.deleteAllData(stack.driver());
                Random random = new Random(seed);
                String group = "faulty-" + seed;
                int kills = 0;
                for (int k = 0; k < 3; k++) {
                    Process worker = start(stack, prefix, group);
                    try {
                        IngestOnly.awaitMembers(admin, prefix, group, n -> n > 0, Duration.ofMinutes(2));
                        Thread.sleep(300 + random.nextInt(2500));
                    } finally {
                        worker.destroyForcibly();
                        assertThat(worker.waitFor(30, TimeUnit.SECONDS)).isTrue();
                        kills++;
                    }
                    // The killed member leaves the group when its session times out; the next one joins after.
                    IngestOnly.awaitMembers(admin, prefix, group, n -> n == 0, Duration.ofMinutes(1));
                }
                runToTheEnd(stack, admin, prefix, group);
                assertThat(ShopStream.snapshot(stack.driver()))
                        .as("graph after %d kills (seed %d, %d records)", kills, seed, records)
                        .containsExactlyInAnyOrderElementsOf(reference);
            }
        }
    }

    @Test
    void whenOneOfTwoWorkersStopsTheOtherTakesOverItsPartitionsAndNothingIsLost(RealStack stack) throws Exception {
        String prefix = "takeover" + System.nanoTime();
        try (Admin admin = stack.admin()) {
            int records = ShopStream.produce(admin, stack.kafkaBootstrap(), prefix);
            List<String> reference = reference(stack, admin, prefix);

            Graphs.deleteAllData(stack.driver());
            String group = "pair";
            Process first = start(stack, prefix, group);
            Process second = start(stack, prefix, group);
            try {
                // Both workers are in every stream's group.
                IngestOnly.awaitMembers(admin, prefix, group, n -> n == 2, Duration.ofMinutes(2));
                // Once a first trace checkpoint is written, by either worker, partitions stand at different points.
                long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
                while (Graphs.count(stack.driver(), "MATCH (c:TraceCheckpoint) RETURN count(c)") == 0
                        && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                // A graceful stop, as in a rolling restart: its partitions move to the other worker.
                first.destroy();
                assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
                ShopStream.awaitWritten(admin, stack.driver(), prefix, group);
            } finally {
                first.destroyForcibly();
                second.destroy();
                second.waitFor(30, TimeUnit.SECONDS);
            }
            assertThat(ShopStream.snapshot(stack.driver()))
                    .as("graph after one of two workers stopped (%d records)", records)
                    .containsExactlyInAnyOrderElementsOf(reference);
        }
    }

    /** The graph of one uninterrupted run. */
    private static List<String> reference(RealStack stack, Admin admin, String prefix) throws Exception {
        runToTheEnd(stack, admin, prefix, "reference");
        List<String> reference = ShopStream.snapshot(stack.driver());
        assertThat(reference)
                .anyMatch(l -> l.startsWith("node [EdgeHour]"))
                .anyMatch(l -> l.startsWith("node [Deployment]"))
                .anyMatch(l -> l.startsWith("node [SloBreach]"));
        return reference;
    }

    private static void runToTheEnd(RealStack stack, Admin admin, String prefix, String group) throws Exception {
        Process worker = start(stack, prefix, group);
        try {
            ShopStream.awaitWritten(admin, stack.driver(), prefix, group);
        } finally {
            worker.destroy();
            worker.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Small polls and frequent flushes make many commits, so a kill lands between many of them. */
    private static Process start(RealStack stack, String prefix, String group) throws Exception {
        return IngestOnly.process(
                stack.kafkaBootstrap(),
                stack.boltUri(),
                prefix,
                group,
                "--srekg.ingest.max-poll-records=20",
                "--srekg.kafka.properties[session.timeout.ms]=6000",
                "--srekg.kafka.properties[heartbeat.interval.ms]=1000",
                "--srekg.ingest.traces.flush-interval=200ms",
                "--srekg.ingest.traces.idle-flush=1s",
                "--logging.level.dev.srekg=INFO");
    }
}
