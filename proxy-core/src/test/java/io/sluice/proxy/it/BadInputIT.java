package io.sluice.proxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.config.Settings;
import io.sluice.proxy.Sluice;
import io.sluice.testing.PostgresExtension;
import io.sluice.testing.TestPostgres;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Garbage on a raw socket gets 08P01 (or a closed socket) for that client only: a client with an open session on
 * the same Sluice keeps working throughout, and Sluice keeps accepting.
 */
@ExtendWith(PostgresExtension.class)
class BadInputIT {

    private static Sluice sluice;
    private static Connection bystander;

    @BeforeAll
    static void start(TestPostgres pg) throws SQLException {
        ItEnv.prepare(pg);
        sluice = ItEnv.start(ItEnv.config(pg, 4, ""));
        bystander = ItEnv.connect(sluice);
    }

    @AfterAll
    static void stop() throws SQLException {
        bystander.close();
        sluice.close();
    }

    @Test
    void garbageInsteadOfAStartupPacket() throws Exception {
        String reply = exchange("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertTrue(reply.contains("08P01") || reply.isEmpty(), reply);
        assertBystanderWorks();
    }

    @Test
    void negativeStartupLength() throws Exception {
        assertProtocolViolation(exchange(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xf0, 0, 3, 0, 0}));
    }

    @Test
    void hugeStartupLength() throws Exception {
        assertProtocolViolation(exchange(new byte[] {0x7f, 0, 0, 0, 0, 3, 0, 0}));
    }

    @Test
    void wrongProtocolVersion() throws Exception {
        ByteArrayOutputStream packet = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(packet);
        out.writeInt(8 + 5);
        out.writeInt(2 << 16);
        out.write("user\0".getBytes(StandardCharsets.US_ASCII));
        assertProtocolViolation(exchange(packet.toByteArray()));
    }

    @Test
    void hugeTypedMessageAfterLogin() throws Exception {
        try (Socket socket = loggedInRawClient()) {
            // A Query claiming 2 GB: more than listen.max_packet_size.
            socket.getOutputStream().write(new byte[] {'Q', 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff});
            socket.getOutputStream().flush();
            assertProtocolViolation(readAll(socket.getInputStream()));
        }
        assertBystanderWorks();
    }

    @Test
    void negativeTypedLengthAfterLogin() throws Exception {
        try (Socket socket = loggedInRawClient()) {
            socket.getOutputStream().write(new byte[] {'Q', (byte) 0xff, (byte) 0xff, (byte) 0xff, 0});
            socket.getOutputStream().flush();
            assertProtocolViolation(readAll(socket.getInputStream()));
        }
        assertBystanderWorks();
    }

    @Test
    void halfAStartupPacketThenSilenceIsClosedAfterTheLoginTimeout() throws Exception {
        // Shortened at run time for this test only (as the console's SET does); new connections read it.
        sluice.set(Settings.LISTEN_CLIENT_LOGIN_TIMEOUT, "2s").syncUninterruptibly();
        long start = System.nanoTime();
        try (Socket socket = new Socket("127.0.0.1", sluice.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(new byte[] {0, 0, 0, 40, 0, 3, 0, 0, 'u'});
            socket.getOutputStream().flush();
            String reply = readAll(socket.getInputStream());
            assertTrue(reply.contains("client_login_timeout"), reply);
        }
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        assertTrue(seconds < 8, "closed after " + seconds + " s (client_login_timeout is 2 s)");
        sluice.set(Settings.LISTEN_CLIENT_LOGIN_TIMEOUT, "10s").syncUninterruptibly();
        assertBystanderWorks();
    }

    private static void assertProtocolViolation(String reply) throws SQLException {
        assertTrue(reply.contains("08P01"), "expected an 08P01 ErrorResponse, got: " + reply);
        assertBystanderWorks();
    }

    private static void assertBystanderWorks() throws SQLException {
        try (Statement s = bystander.createStatement(); ResultSet rs = s.executeQuery("SELECT 11")) {
            assertTrue(rs.next());
            assertEquals(11, rs.getInt(1));
        }
        try (Connection fresh = ItEnv.connect(sluice); Statement s = fresh.createStatement();
             ResultSet rs = s.executeQuery("SELECT 12")) {
            assertTrue(rs.next());
        }
    }

    private static String exchange(byte[] bytes) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", sluice.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
            return readAll(socket.getInputStream());
        }
    }

    /** Reads until Sluice closes the socket; the bytes as Latin-1 so SQLSTATEs can be searched. */
    private static String readAll(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }

    /** A raw socket past SCRAM login and the welcome, ready for hand-made messages. */
    private static Socket loggedInRawClient() throws Exception {
        return RawClient.login(sluice.port(), ItEnv.APP_USER, "app", ItEnv.APP_PASSWORD);
    }
}
