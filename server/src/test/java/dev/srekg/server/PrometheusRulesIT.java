package dev.srekg.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Debian's Prometheus (promtool, installed by ./test) loads docker/'s configuration and the Sloth and Pyrra rule files,
 * and fires their alerts on two hours of failing requests with exactly the labels that
 * prometheus/tests/slo-alerts.test.yaml lists, the labels DockerFilesTest feeds through srekg's parser. Issue 23.
 */
class PrometheusRulesIT {

    private static final Path PROMETHEUS = Path.of("..", "docker", "prometheus");
    private static final Path PROMTOOL = Path.of("/usr/bin/promtool");

    @Test
    void prometheusLoadsTheConfigurationAndTheSloRules() throws Exception {
        List<String> rules = new ArrayList<>();
        try (var files = Files.list(PROMETHEUS.resolve("rules"))) {
            files.map(Path::toString).sorted().forEach(rules::add);
        }
        assertThat(rules).hasSize(2);
        List<String> checkRules = new ArrayList<>(List.of("check", "rules"));
        checkRules.addAll(rules);
        assertThat(promtool(checkRules)).contains("SUCCESS: 17 rules found").contains("SUCCESS: 11 rules found");
        assertThat(promtool(List.of(
                        "check", "config", PROMETHEUS.resolve("prometheus.yml").toString())))
                .contains("SUCCESS");
    }

    @Test
    void theSloRulesFireWithTheLabelsTheTestFileExpects() throws Exception {
        assertThat(promtool(List.of(
                        "test",
                        "rules",
                        PROMETHEUS.resolve("tests/slo-alerts.test.yaml").toString())))
                .contains("SUCCESS");
    }

    /** Runs promtool and returns its output; fails with it when promtool fails. */
    private static String promtool(List<String> args) throws IOException, InterruptedException {
        assertThat(PROMTOOL)
                .as("promtool, from Debian's prometheus package (./test installs it)")
                .isExecutable();
        List<String> command = new ArrayList<>(List.of(PROMTOOL.toString()));
        command.addAll(args);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }
}
