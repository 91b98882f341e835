package dev.srekg.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Per-caller token buckets. Issue 17. */
class RateBucketsTest {

    private final RateBuckets buckets = new RateBuckets(new RequestLimitProperties.Rate(2, 3));

    @Test
    void aCallerGetsItsBurstThenWaitsForTheRefill() {
        assertThat(buckets.take("a", 0)).isEmpty();
        assertThat(buckets.take("a", 0)).isEmpty();
        assertThat(buckets.take("a", 0)).isEmpty();

        assertThat(buckets.take("a", 0)).hasValue(Duration.ofMillis(500));
        assertThat(buckets.take("a", 250)).hasValue(Duration.ofMillis(250));
        assertThat(buckets.take("a", 500)).isEmpty();
        assertThat(buckets.take("a", 500)).isPresent();
    }

    @Test
    void callersHaveBucketsOfTheirOwn() {
        for (int i = 0; i < 3; i++) {
            buckets.take("abuser", 0);
        }

        assertThat(buckets.take("abuser", 0)).isPresent();
        assertThat(buckets.take("someone else", 0)).isEmpty();
    }

    @Test
    void aQuietCallerRefillsNoFurtherThanItsBurst() {
        for (int i = 0; i < 3; i++) {
            buckets.take("a", 0);
        }

        for (int i = 0; i < 3; i++) {
            assertThat(buckets.take("a", 60_000)).isEmpty();
        }
        assertThat(buckets.take("a", 60_000)).isPresent();
    }

    @Test
    void retryAfterIsInWholeSecondsAndAtLeastOne() {
        assertThat(new Overloaded("x", Duration.ofMillis(1)).retryAfterSeconds())
                .isEqualTo(1);
        assertThat(new Overloaded("x", Duration.ofMillis(1001)).retryAfterSeconds())
                .isEqualTo(2);
    }
}
