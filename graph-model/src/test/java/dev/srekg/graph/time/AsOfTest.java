package dev.srekg.graph.time;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AsOfTest {

    @Test
    void pointFactsFilterOnBothClocks() {
        assertThat(AsOf.happened("d", "at")).isEqualTo("(d.at <= $at AND d.recordedAt <= $knownAt)");
    }

    @Test // issue 24
    void periodFactsFilterOnAHalfOpenPeriodAndRecordTime() {
        assertThat(AsOf.happenedBetween("d", "at"))
                .isEqualTo("($from <= d.at AND d.at < $to AND d.recordedAt <= $knownAt)");
        assertThat(AsOf.overlaps("b", "startsAt", "endsAt", "endRecordedAt"))
                .isEqualTo("(b.startsAt < $to AND b.recordedAt <= $knownAt AND (b.endsAt IS NULL OR b.endsAt > $from"
                        + " OR b.endRecordedAt > $knownAt))");
    }

    @Test
    void intervalFactsStayActiveUntilTheirEndIsBothTrueAndKnown() {
        assertThat(AsOf.breachActive("b"))
                .isEqualTo("(b.startsAt <= $at AND b.recordedAt <= $knownAt AND (b.endsAt IS NULL OR b.endsAt > $at"
                        + " OR b.endRecordedAt > $knownAt))");
        assertThat(AsOf.ticketOpen("t")).contains("t.closedAt IS NULL").contains("t.closedRecordedAt > $knownAt");
    }
}
