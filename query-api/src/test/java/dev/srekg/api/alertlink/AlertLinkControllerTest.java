package dev.srekg.api.alertlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.web.ErrorResponseException;

// issue 22
class AlertLinkControllerTest {

    @Test
    void startsAtIsAnIsoInstantOrGrafanasEpochMilliseconds() {
        assertThat(AlertLinkController.instant("2026-11-25T14:00:00.123456Z"))
                .isEqualTo(Instant.parse("2026-11-25T14:00:00.123456Z"));
        assertThat(AlertLinkController.instant("1795615200000")).isEqualTo(Instant.parse("2026-11-25T14:00:00Z"));
        assertThatThrownBy(() -> AlertLinkController.instant("yesterday"))
                .isInstanceOf(ErrorResponseException.class)
                .hasMessageContaining("400");
    }
}
