package dev.srekg.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Real tools from Debian (Prometheus, Alertmanager) run as processes by a test, each logging to
 * {@code <dir>/<name>.log}; {@link #close()} stops them.
 */
final class DebianProcesses implements AutoCloseable {

    private final Path dir;
    private final List<Process> processes = new ArrayList<>();

    DebianProcesses(Path dir) {
        this.dir = dir;
    }

    void start(String name, String binary, String... args) throws IOException {
        assertThat(Path.of(binary))
                .as(binary + ", from Debian (./test installs it)")
                .isExecutable();
        List<String> command = new ArrayList<>(List.of(binary));
        command.addAll(List.of(args));
        processes.add(new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile())
                .start());
    }

    boolean allAlive() {
        return processes.stream().allMatch(Process::isAlive);
    }

    @Override
    public void close() throws InterruptedException {
        for (Process p : processes) {
            p.destroy();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
            }
        }
        processes.clear();
    }
}
