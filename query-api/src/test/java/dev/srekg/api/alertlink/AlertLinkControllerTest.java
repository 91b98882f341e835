package dev.srekg.api.alertlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.srekg.api.web.BadParameter;
import java.time.Instant;
import org.junit.jupiter.api.Test;

// issue 22
class AlertLinkControllerTest {

    @Test
    void startsAtIsAnIsoInstantOrGrafanasEpochMilliseconds() {
        assertThat(AlertLinkController.instant("2026-11-25T14:00:00.123456Z"))
                .isEqualTo(Instant.parse("2026-11-25T14:00:00.123456Z"));
        assertThat(AlertLinkController.instant("1795615200000")).isEqualTo(Instant.parse("2026-11-25T14:00:00Z"));
        assertThatThrownBy(() -> AlertLinkController.instant("yesterday"))
                .isInstanceOf(BadParameter.class)
                .hasMessageContaining("startsAt must be an ISO-8601 instant");
    }
}
