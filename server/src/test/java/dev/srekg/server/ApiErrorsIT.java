package dev.srekg.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** Bad requests get a 4xx with an RFC 9457 problem+json body. */
class ApiErrorsIT extends ServerIT {

    @Test
    void unknownServiceIsA404Problem() {
        HttpResponse<String> response = get("/api/v1/services/no-such-service");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(response).path("detail").asString()).isEqualTo("No service named 'no-such-service'");
        assertThat(json(response).path("status").asInt()).isEqualTo(404);
    }

    @Test
    void badTimeIsA400Problem() {
        HttpResponse<String> response = get("/api/v1/services/checkout?at=yesterday");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(response).path("detail").asString()).contains("at");
    }

    @Test
    void unknownPathIsA404ProblemNotAnErrorPage() {
        HttpResponse<String> response = get("/api/v1/nothing-here");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }
}
