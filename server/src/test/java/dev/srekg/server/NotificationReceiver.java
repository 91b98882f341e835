package dev.srekg.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A local incoming-webhook receiver for the notification tests (issue 22), whose behaviour a test switches: failing
 * (503), slower than srekg's timeout, accepting. It records every request and the ones it accepted.
 */
final class NotificationReceiver {

    static byte[] alert(String service, String status, Instant startsAt, Instant endsAt) {
        return ("{\"version\": \"4\", \"status\": \"" + status + "\", \"receiver\": \"srekg\", \"groupKey\": \"{}:{}\","
                        + " \"alerts\": [{\"status\": \"" + status + "\", \"labels\": {\"alertname\": \"BudgetBurn\","
                        + " \"sloth_service\": \"" + service + "\", \"sloth_slo\": \"availability\","
                        + " \"sloth_severity\": \"page\"}, \"annotations\": {}, \"startsAt\": \"" + startsAt
                        + "\", \"endsAt\": \"" + (endsAt == null ? "0001-01-01T00:00:00Z" : endsAt.toString())
                        + "\", \"generatorURL\": \"http://prometheus:9090/graph?g0.expr=burn\","
                        + " \"fingerprint\": \"" + service + "0001\"}]}")
                .getBytes(StandardCharsets.UTF_8);
    }

    enum Mode {
        FAIL,
        SLOW,
        ACCEPT
    }

    /** A request the receiver answered 2xx: where, its idempotency key, signature and body. */
    record Delivery(String path, String key, String signature, String body) {}

    final AtomicReference<Mode> mode = new AtomicReference<>(Mode.FAIL);
    final List<Mode> seen = new CopyOnWriteArrayList<>();
    final List<Delivery> accepted = new CopyOnWriteArrayList<>();
    private final int port;
    private HttpServer server;

    NotificationReceiver(int port) {
        this.port = port;
    }

    synchronized void start(Mode first) {
        mode.set(first);
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    synchronized void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    long seen(Mode m) {
        return seen.stream().filter(m::equals).count();
    }

    List<Delivery> accepted() {
        return List.copyOf(accepted);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Mode m = mode.get();
        seen.add(m);
        int status = 503;
        if (m == Mode.SLOW) {
            // Longer than srekg's timeout (1 s): it gives up before the answer, which is a failure anyway.
            try {
                Thread.sleep(2_500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else if (m == Mode.ACCEPT) {
            accepted.add(new Delivery(
                    exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Idempotency-Key"),
                    exchange.getRequestHeaders().getFirst("X-Srekg-Signature-256"),
                    body));
            status = 200;
        }
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }
}
