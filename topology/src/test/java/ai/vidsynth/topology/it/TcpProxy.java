package ai.vidsynth.topology.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on the loopback address whose connection a test can cut and restore. It exists so a test can
 * take the schema registry away without stopping it: the test registry keeps its schemas in memory, and
 * restarting it would make it forget every id the records already carry (a different failure, unknown ids,
 * from the outage under test).
 * <p>While cut, open connections are closed and new ones are accepted and closed at once, so every call of
 * the client fails with a connection error, as with a registry that is down; those connections are counted,
 * so a test can tell that the outage was actually felt.
 */
final class TcpProxy implements AutoCloseable {

    private final int targetPort;
    private final ServerSocket server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "tcp-proxy");
        t.setDaemon(true);
        return t;
    });
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger refused = new AtomicInteger();
    private volatile boolean cut;

    TcpProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.execute(this::acceptLoop);
    }

    /** The URL of an HTTP server behind this proxy, for a server path such as {@code /apis/ccompat/v7}. */
    String url(String path) {
        return "http://" + InetAddress.getLoopbackAddress().getHostAddress() + ":" + server.getLocalPort() + path;
    }

    void cut() {
        cut = true;
        open.forEach(TcpProxy::closeQuietly);
    }

    void restore() {
        cut = false;
    }

    /** Connections refused since this proxy was made. */
    int refused() {
        return refused.get();
    }

    @Override
    public void close() {
        closeQuietly(server);
        cut();
        threads.shutdownNow();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException closed) {
                return;
            }
            if (cut) {
                refused.incrementAndGet();
                closeQuietly(client);
            } else {
                threads.execute(() -> relay(client));
            }
        }
    }

    private void relay(Socket client) {
        Socket upstream;
        try {
            upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        } catch (IOException e) {
            closeQuietly(client);
            return;
        }
        open.add(client);
        open.add(upstream);
        threads.execute(() -> pipe(client, upstream));
        pipe(upstream, client);
    }

    /** Copies until either side ends, then closes both (HTTP keep-alive never half-closes, so nothing is lost). */
    private void pipe(Socket from, Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException ended) {
            // one side closed or the proxy was cut
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            open.remove(from);
            open.remove(to);
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // closing is all that was asked
        }
    }
}
