package dev.srekg.demo;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/** Drives the demo world in real time: once a second, what happened in that second goes to Kafka. */
public final class DemoRunner implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DemoRunner.class);

    private final DemoProperties properties;
    private final Map<String, Object> producerProperties;
    private final Map<DemoWorld.Stream, String> topics;
    private final Consumer<Set<String>> ensureTopics;
    private final Clock clock;
    private ScheduledExecutorService executor;
    private Producer<byte[], byte[]> producer;
    private DemoWorld world;
    private DemoWorld staging;

    /**
     * @param producerProperties Kafka client properties (bootstrap, security)
     * @param topics the topic of each stream but {@link DemoWorld.Stream#TRUTH}, which comes from the properties
     * @param ensureTopics creates the topics that are missing and returns once they can be written: the brokers
     *     srekg targets do not create topics on first use
     */
    public DemoRunner(
            DemoProperties properties,
            Map<String, Object> producerProperties,
            Map<DemoWorld.Stream, String> topics,
            Consumer<Set<String>> ensureTopics,
            Clock clock) {
        this.properties = properties;
        this.producerProperties = Map.copyOf(producerProperties);
        this.topics = new EnumMap<>(topics);
        this.topics.put(DemoWorld.Stream.TRUTH, properties.truthTopic());
        this.ensureTopics = ensureTopics;
        this.clock = clock;
    }

    @Override
    public synchronized void start() {
        Estate estate = properties.buildEstate();
        Instant start = clock.instant();
        world = new DemoWorld(estate, properties.settings(), properties.seed(), start);
        staging = properties.staging()
                ? DemoWorld.staging(estate, properties.settings(), properties.seed(), start)
                : null;
        Map<String, Object> p = new java.util.HashMap<>(producerProperties);
        p.put("key.serializer", ByteArraySerializer.class.getName());
        p.put("value.serializer", ByteArraySerializer.class.getName());
        p.put("linger.ms", 50);
        p.put("compression.type", "lz4");
        p.put("client.id", "srekg-demo");
        ensureTopics.accept(Set.copyOf(topics.values()));
        producer = new KafkaProducer<>(p);
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "srekg-demo");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(this::step, 0, 1, TimeUnit.SECONDS);
        log.info(
                "Demo world started: {} estate of {} services, {} requests/s, first incident in {}, then every {}{}",
                properties.estate(),
                estate.services().size(),
                properties.tracesPerSecond(),
                properties.firstIncidentAfter(),
                properties.incidentEvery(),
                staging == null ? "" : "; a staging copy beside it");
    }

    private void step() {
        try {
            Instant now = clock.instant();
            List<DemoWorld.Emitted> records = new java.util.ArrayList<>(world.advance(now));
            if (staging != null) {
                records.addAll(staging.advance(now));
            }
            for (DemoWorld.Emitted e : records) {
                producer.send(new ProducerRecord<>(topics.get(e.stream()), e.value()));
                if (e.stream() == DemoWorld.Stream.TRUTH) {
                    log.info("Demo incident injected: {}", new String(e.value(), StandardCharsets.UTF_8));
                }
            }
        } catch (RuntimeException e) {
            log.warn("Demo world step failed; trying again in a second", e);
        }
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            try {
                executor.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            producer.close(java.time.Duration.ofSeconds(5));
            executor = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }
}
