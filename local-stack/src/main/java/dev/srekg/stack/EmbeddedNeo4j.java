package dev.srekg.stack;

import java.nio.file.Path;
import java.time.Duration;
import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.connectors.ConnectorPortRegister;
import org.neo4j.configuration.connectors.ConnectorType;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.io.ByteUnit;
import org.neo4j.kernel.api.net.NetworkConnectionTracker;
import org.neo4j.kernel.impl.api.KernelTransactions;
import org.neo4j.kernel.internal.GraphDatabaseAPI;

/**
 * A real Neo4j Community database in this JVM, reachable only over Bolt on 127.0.0.1. Started again on the same
 * directory and port, it keeps its data: fault tests stop and restart it.
 */
public final class EmbeddedNeo4j implements AutoCloseable {

    /** Most memory one transaction may use; a query over it fails at once (and would fail again). */
    public static final long TRANSACTION_MEMORY_MAX = ByteUnit.mebiBytes(512);

    /** How long a terminated query may go on computing before its thread is stopped ({@link RunawayReaper}). */
    public static final Duration RUNAWAY_GRACE = Duration.ofSeconds(2);

    private final DatabaseManagementService service;
    private final int boltPort;
    private final RunawayReaper reaper;

    private EmbeddedNeo4j(DatabaseManagementService service, int boltPort, RunawayReaper reaper) {
        this.service = service;
        this.boltPort = boltPort;
        this.reaper = reaper;
    }

    /** Starts the database kept under {@code home}, Bolt on the port (0 picks a free port). */
    public static EmbeddedNeo4j start(Path home, int port) {
        DatabaseManagementService service = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", port))
                // Netty 4.2 (Spring Boot 4) in the same JVM breaks the in-process local connector.
                .setConfig(BoltConnectorInternalSettings.enable_local_connector, false)
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_timeout, Duration.ofSeconds(2))
                .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(512))
                .setConfig(GraphDatabaseSettings.keep_logical_logs, "1 files")
                .setConfig(GraphDatabaseSettings.memory_transaction_max_size, TRANSACTION_MEMORY_MAX)
                .build();
        try {
            GraphDatabaseService db = service.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
            ConnectorPortRegister ports =
                    ((GraphDatabaseAPI) db).getDependencyResolver().resolveDependency(ConnectorPortRegister.class);
            int bound = ports.getLocalAddress(ConnectorType.BOLT).getPort();
            KernelTransactions transactions =
                    ((GraphDatabaseAPI) db).getDependencyResolver().resolveDependency(KernelTransactions.class);
            NetworkConnectionTracker connections =
                    ((GraphDatabaseAPI) db).getDependencyResolver().resolveDependency(NetworkConnectionTracker.class);
            return new EmbeddedNeo4j(
                    service, bound, new RunawayReaper(transactions::activeTransactions, connections, RUNAWAY_GRACE));
        } catch (RuntimeException e) {
            service.shutdown();
            throw e;
        }
    }

    public String boltUri() {
        return "bolt://127.0.0.1:" + boltPort;
    }

    /** Threads of runaway queries stopped so far. */
    public long runawaysStopped() {
        return reaper.stopped();
    }

    @Override
    public void close() {
        // The reaper runs until the database is down: shutdown terminates transactions, and a runaway query would
        // otherwise hold the shutdown for as long as it computes.
        reaper.shuttingDown();
        try {
            service.shutdown();
        } finally {
            reaper.close();
        }
    }
}
