package dev.srekg.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Free ports on 127.0.0.1 for listeners that are bound later. The sockets of one call stay open until all of them
 * are bound, so the operating system cannot hand the same port out twice within a call (two {@code new
 * ServerSocket(0)} in a row can return the same port once the first is closed); and no port is handed out twice in
 * this JVM, so listeners asked for in separate calls, and not bound yet, do not collide either.
 */
public final class FreePorts {

    private static final Set<Integer> HANDED_OUT = new LinkedHashSet<>();

    private FreePorts() {}

    /** {@code count} distinct ports, none of them in {@code taken}, none handed out before in this JVM. */
    public static synchronized List<Integer> pick(int count, int... taken) {
        Set<Integer> excluded = new LinkedHashSet<>(HANDED_OUT);
        for (int port : taken) {
            excluded.add(port);
        }
        List<ServerSocket> open = new ArrayList<>();
        List<Integer> ports = new ArrayList<>();
        try {
            while (ports.size() < count) {
                ServerSocket socket = new ServerSocket();
                open.add(socket);
                socket.bind(new InetSocketAddress("127.0.0.1", 0));
                int port = socket.getLocalPort();
                if (excluded.add(port)) {
                    ports.add(port);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (ServerSocket socket : open) {
                try {
                    socket.close();
                } catch (IOException e) {
                    // closing a listening socket that accepted nothing does not fail in practice; the port is ours
                }
            }
        }
        HANDED_OUT.addAll(ports);
        return List.copyOf(ports);
    }

    /** One port, as {@link #pick}. */
    public static int pick() {
        return pick(1).get(0);
    }
}
