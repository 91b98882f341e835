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
 * prometheus/tests/slo-alerts.test.yaml lists, the labels DockerFilesTest feeds through srekg's parser; Debian's
 * Alertmanager (amtool) loads docker/alertmanager.yml. Issue 23.
 */
class PrometheusRulesIT {

    private static final Path PROMETHEUS = Path.of("..", "docker", "prometheus");
    private static final Path PROMTOOL = Path.of("/usr/bin/promtool");
    private static final Path AMTOOL = Path.of("/usr/bin/amtool");

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

    @Test
    void alertmanagerLoadsItsConfiguration() throws Exception {
        assertThat(run(
                        AMTOOL,
                        "prometheus-alertmanager",
                        List.of(
                                "check-config",
                                Path.of("..", "docker", "alertmanager.yml").toString())))
                .contains("SUCCESS")
                .contains("1 receivers");
    }

    private static String promtool(List<String> args) throws IOException, InterruptedException {
        return run(PROMTOOL, "prometheus", args);
    }

    /** Runs a tool of a Debian package and returns its output; fails with it when the tool fails. */
    private static String run(Path tool, String debianPackage, List<String> args)
            throws IOException, InterruptedException {
        assertThat(tool)
                .as("%s, from Debian's %s package (./test installs it)", tool, debianPackage)
                .isExecutable();
        List<String> command = new ArrayList<>(List.of(tool.toString()));
        command.addAll(args);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }
}
