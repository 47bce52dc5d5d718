package io.sluice.proxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sluice.proxy.Sluice;
import io.sluice.proxy.net.ListenerBindException;
import io.sluice.testing.PostgresExtension;
import io.sluice.testing.TestPostgres;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Clients that connect while Sluice is still starting are answered once it has started, not dropped; a start that
 * fails leaves nothing listening behind it.
 */
@ExtendWith(PostgresExtension.class)
class StartupIT {

    @Test
    void aClientConnectingDuringStartupIsAskedForItsPassword(TestPostgres pg) throws Exception {
        ItEnv.prepare(pg);
        int port = freePort();
        String yaml = onPort(ItEnv.config(pg, "transaction", 2, ""), port);
        AtomicBoolean started = new AtomicBoolean();
        AtomicBoolean connectedEarly = new AtomicBoolean();
        // Connects as fast as it can from before the listener exists; each connection sends a startup packet and
        // records the first byte of the answer (-1: closed without a word). The first connection to get through
        // lands between the bind and the end of start().
        CompletableFuture<List<Integer>> firstBytes = CompletableFuture.supplyAsync(() -> {
            List<Integer> answers = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (answers.size() < 3 && System.nanoTime() < deadline) {
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                    if (!started.get()) {
                        connectedEarly.set(true);
                    }
                    socket.setSoTimeout(10_000);
                    socket.getOutputStream().write(startupPacket(ItEnv.APP_USER, "app"));
                    InputStream in = socket.getInputStream();
                    answers.add(in.read());
                } catch (ConnectException refused) {
                    if (started.get()) {
                        answers.add(-2);
                    }
                } catch (IOException e) {
                    answers.add(-3);
                }
            }
            return answers;
        });
        try (Sluice sluice = ItEnv.start(yaml)) {
            started.set(true);
            List<Integer> answers = firstBytes.get(60, TimeUnit.SECONDS);
            assertEquals(3, answers.size(), "connections made: " + answers);
            // On a loaded machine the connecting thread may miss the window (a few ms): then nothing was tested.
            assumeTrue(connectedEarly.get(), "no connection was made before start() returned");
            for (int answer : answers) {
                assertEquals('R', answer, "every connection is asked to authenticate: " + answers);
            }
            assertEquals(port, sluice.port());
        }
    }

    @Test
    void aStartThatFailsAfterBindingLeavesTheClientPortFree(TestPostgres pg) throws Exception {
        ItEnv.prepare(pg);
        int port = freePort();
        try (ServerSocket metricsTaken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            // The client listener binds first; the metrics listener's port is taken, so start() fails after it.
            String yaml = onPort(ItEnv.config(pg, "transaction", 2, ""), port)
                    .replace("metrics: { port: 0 }",
                            "metrics: { host: 127.0.0.1, port: " + metricsTaken.getLocalPort() + " }");
            UncheckedIOException failed = assertThrows(UncheckedIOException.class, () -> ItEnv.start(yaml).close());
            ListenerBindException bind = assertInstanceOf(ListenerBindException.class, failed.getCause());
            assertEquals("metrics", bind.settings());
            assertEquals(metricsTaken.getLocalPort(), bind.port());
            assertTrue(bind.inUse(), bind.getMessage());
        }
        // Event loops can outlive a Sluice (io_uring's do): what the failed start bound must be closed all the same.
        try (ServerSocket again = new ServerSocket()) {
            again.bind(new InetSocketAddress("127.0.0.1", port));
        }
    }

    /** A port nothing listens on now, for a Sluice that must listen on a port known before it starts. */
    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }

    /** {@code yaml} (from {@link ItEnv#config}) with Sluice's client listener on {@code port}. */
    private static String onPort(String yaml, int port) {
        return yaml.replace("port: 0, client_login_timeout", "port: " + port + ", client_login_timeout");
    }

    private static byte[] startupPacket(String user, String database) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(body);
        out.writeInt(196608);
        for (String s : new String[] {"user", user, "database", database}) {
            out.write(s.getBytes(StandardCharsets.UTF_8));
            out.write(0);
        }
        out.write(0);
        ByteArrayOutputStream packet = new ByteArrayOutputStream();
        new DataOutputStream(packet).writeInt(body.size() + 4);
        body.writeTo(packet);
        return packet.toByteArray();
    }
}
