package io.sluice.proxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.proxy.Sluice;
import io.sluice.testing.PostgresExtension;
import io.sluice.testing.TestPostgres;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A raw socket sends every kind of client message malformed (wrong length, truncated body, unknown type) and
 * messages in the wrong phase, idle and inside a transaction, through transaction pooling with prepared-statement
 * tracking on. Each time that client alone gets an ErrorResponse with SQLSTATE 08P01 and is closed; a pgjdbc client
 * with a transaction open meanwhile commits it afterwards; and no server is left attached or inside a transaction
 * (pg_stat_activity shows the role's sessions idle, no more than the pool's size).
 *
 * <p>What PostgreSQL itself answers as an ordinary error (a Bind of an unknown statement, 26000) or ignores
 * (CopyData, CopyDone, CopyFail outside COPY: a client may still be sending them after a failed COPY) is answered
 * the same way through Sluice and does not close the client. {@link BadInputIT} covers garbage startup packets and
 * oversized lengths.
 */
@ExtendWith(PostgresExtension.class)
class HostileInputIT {

    private static final String ROLE = "hostile_app";
    private static final int POOL_SIZE = 2;

    private static TestPostgres pg;
    private static Sluice sluice;
    private static Connection bystander;
    private static int marker;

    @BeforeAll
    static void start(TestPostgres postgres) throws SQLException {
        pg = postgres;
        ItEnv.prepare(pg);
        ItEnv.dedicatedRole(pg, ROLE);
        try (Connection admin = pg.connectAsSuperUser(ItEnv.APP_DB); Statement s = admin.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS hostile_ledger (n int)");
            s.execute("GRANT ALL ON hostile_ledger TO " + ROLE);
        }
        // A login timeout no loaded machine overruns: every refusal seen here is for the input under test.
        sluice = ItEnv.start(ItEnv.withUser(ItEnv.config(pg, "transaction", POOL_SIZE, ""), ROLE)
                .replace("client_login_timeout: 10s", "client_login_timeout: 30s"));
        bystander = connect();
    }

    @AfterAll
    static void stop() throws SQLException {
        bystander.close();
        sluice.close();
    }

    /** Before each hostile client: the bystander is inside a transaction, holding a server of the pool. */
    @BeforeEach
    void bystanderOpensATransaction() throws SQLException {
        marker++;
        bystander.setAutoCommit(false);
        try (PreparedStatement insert = bystander.prepareStatement("INSERT INTO hostile_ledger VALUES (?)")) {
            insert.setInt(1, marker);
            insert.executeUpdate();
        }
    }

    /** After it: the bystander commits, its row is there for a new client, and the pool is clean. */
    @AfterEach
    void bystanderCommitsAndNothingIsLeftAttached() throws Exception {
        bystander.commit();
        bystander.setAutoCommit(true);
        try (Connection fresh = connect(); PreparedStatement count = fresh.prepareStatement(
                "SELECT count(*) FROM hostile_ledger WHERE n = ?")) {
            count.setInt(1, marker);
            try (ResultSet rs = count.executeQuery()) {
                assertTrue(rs.next());
                assertEquals(1, rs.getInt(1), "the bystander's committed row");
            }
        }
        assertServersIdle();
    }

    static Stream<Arguments> malformed() {
        List<Arguments> cases = new ArrayList<>();
        addBoth(cases, "Query without its NUL", frame('Q', ascii("SELECT 1")));
        addBoth(cases, "Query with a trailing byte", frame('Q', ascii("SELECT 1\0\0")));
        addBoth(cases, "Parse with 3 types declared, none given", frame('P', bytes("\0SELECT $1\0", 0, 3)));
        addBoth(cases, "Parse whose length swallows the next message",
                concat(header('P', 4 + 10 + 2), ascii("\0SELECT 1\0"), frame('S', new byte[0])));
        addBoth(cases, "Bind with 5 formats declared, none given", frame('B', bytes("\0\0", 0, 5)));
        addBoth(cases, "Bind with a value longer than the message",
                frame('B', bytes("\0\0", 0, 0, 0, 1, 0, 0, 0, 9, '7', 0, 0)));
        addBoth(cases, "Describe with kind 'X'", frame('D', ascii("Xname\0")));
        addBoth(cases, "Describe without the name's NUL", frame('D', ascii("Sname")));
        addBoth(cases, "Execute with its row count cut short", frame('E', bytes("\0", 0, 1)));
        addBoth(cases, "Close with no kind", frame('C', new byte[0]));
        addBoth(cases, "Sync with a body", frame('S', new byte[4]));
        addBoth(cases, "Flush with a body", frame('H', new byte[1]));
        addBoth(cases, "CopyDone with a body", frame('c', new byte[2]));
        addBoth(cases, "CopyFail without its NUL", frame('f', ascii("nope")));
        addBoth(cases, "FunctionCall cut short", frame('F', bytes("", 0, 0, 4, (byte) 0xd2, 0, 1)));
        addBoth(cases, "Terminate with a body", frame('X', new byte[3]));
        addBoth(cases, "CopyData with length 2", header('d', 2));
        addBoth(cases, "Query with a negative length", header('Q', -5));
        addBoth(cases, "unknown type 'z'", frame('z', new byte[0]));
        addBoth(cases, "unknown type 0x00", frame(0, ascii("abc")));
        addBoth(cases, "PasswordMessage after login", frame('p', ascii("secret\0")));
        addBoth(cases, "a second StartupMessage after login", startupPacket(ROLE));
        return cases.stream();
    }

    private static void addBoth(List<Arguments> cases, String name, byte[] bytes) {
        cases.add(Arguments.of(name, bytes, false));
        cases.add(Arguments.of(name, bytes, true));
    }

    @ParameterizedTest(name = "{0}, in a transaction: {2}")
    @MethodSource("malformed")
    void malformedMessageClosesThatClientWith08P01(String name, byte[] bytes, boolean inTransaction)
            throws Exception {
        try (Socket socket = loggedIn()) {
            if (inTransaction) {
                beginTransaction(socket);
            }
            send(socket, bytes);
            assertRefusedAndClosed(WireReplies.untilClosed(socket.getInputStream()));
        }
    }

    @Test
    void truncatedBodyThenHalfCloseIsRefusedWith08P01() throws Exception {
        try (Socket socket = loggedIn()) {
            beginTransaction(socket);
            send(socket, concat(header('Q', 100), ascii("SELECT")));
            socket.shutdownOutput();
            WireReplies replies = WireReplies.untilClosed(socket.getInputStream());
            assertRefusedAndClosed(replies);
            assertTrue(replies.errors().get(0).message().contains("inside a message"), replies.toString());
        }
    }

    @Test
    void truncatedStartupPacketThenHalfCloseIsRefusedWith08P01() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", sluice.port())) {
            socket.setSoTimeout(10_000);
            byte[] startup = startupPacket(ROLE);
            send(socket, java.util.Arrays.copyOf(startup, startup.length - 3));
            socket.shutdownOutput();
            assertRefusedAndClosed(WireReplies.untilClosed(socket.getInputStream()));
        }
    }

    @Test
    void typedMessagesBeforeTheStartupAreRefused() throws Exception {
        for (byte[] first : List.of(frame('Q', ascii("SELECT 1\0")), frame('S', new byte[0]),
                frame('p', ascii("secret\0")))) {
            try (Socket socket = new Socket("127.0.0.1", sluice.port())) {
                socket.setSoTimeout(10_000);
                send(socket, first);
                assertRefusedAndClosed(WireReplies.untilClosed(socket.getInputStream()));
            }
        }
    }

    @Test
    void aQueryDuringAuthenticationIsRefused() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", sluice.port())) {
            socket.setSoTimeout(10_000);
            send(socket, startupPacket(ROLE));
            DataInputStream in = new DataInputStream(socket.getInputStream());
            assertEquals('R', in.readByte(), "an authentication request");
            in.skipNBytes(in.readInt() - 4);
            send(socket, frame('Q', ascii("SELECT 1\0")));
            WireReplies replies = WireReplies.untilClosed(in);
            assertRefusedAndClosed(replies);
        }
    }

    @Test
    void bindBeforeParseIsPostgresqlsOrdinaryErrorAndTheClientGoesOn() throws Exception {
        try (Socket socket = loggedIn()) {
            send(socket, concat(frame('B', bytes("\0never_prepared\0", 0, 0, 0, 0, 0, 0)),
                    frame('E', bytes("\0", 0, 0, 0, 0)), frame('S', new byte[0])));
            WireReplies replies = WireReplies.untilReady(socket.getInputStream());
            assertEquals("26000", replies.errors().get(0).sqlState(), replies.toString());
            assertFalse(replies.closed(), replies.toString());
            assertSelectWorks(socket);
        }
    }

    @Test
    void copyMessagesOutsideCopyAreIgnoredAsPostgresqlDoes() throws Exception {
        try (Socket socket = loggedIn()) {
            send(socket, concat(frame('d', ascii("1\t2\n")), frame('c', new byte[0]), frame('f', ascii("why\0")),
                    frame('S', new byte[0])));
            WireReplies replies = WireReplies.untilReady(socket.getInputStream());
            assertEquals("Z", replies.tags(), replies.toString());
            assertSelectWorks(socket);
        }
    }

    private static void assertRefusedAndClosed(WireReplies replies) {
        assertTrue(replies.closed(), "the client must be closed: " + replies);
        assertFalse(replies.errors().isEmpty(), "an ErrorResponse must say why: " + replies);
        assertEquals("08P01", replies.errors().get(replies.errors().size() - 1).sqlState(), replies.toString());
    }

    private static void assertSelectWorks(Socket socket) throws IOException {
        send(socket, frame('Q', ascii("SELECT 1\0")));
        WireReplies replies = WireReplies.untilReady(socket.getInputStream());
        assertEquals("TDCZ", replies.tags(), replies.toString());
    }

    /** The role's server sessions are all idle (none attached inside a transaction), no more than the pool. */
    private static void assertServersIdle() throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        List<String> states;
        do {
            states = new ArrayList<>();
            try (Connection admin = pg.connectAsSuperUser(pg.defaultDatabase()); Statement s = admin.createStatement();
                 ResultSet rs = s.executeQuery("SELECT state FROM pg_stat_activity WHERE usename = '" + ROLE + "'")) {
                while (rs.next()) {
                    states.add(rs.getString(1));
                }
            }
            if (states.stream().allMatch("idle"::equals) && states.size() <= POOL_SIZE) {
                return;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("server sessions left behind: " + states);
    }

    private static Socket loggedIn() throws IOException {
        return RawClient.login(sluice.port(), ROLE, "app", ItEnv.APP_PASSWORD);
    }

    private static void beginTransaction(Socket socket) throws IOException {
        send(socket, frame('Q', ascii("BEGIN; INSERT INTO hostile_ledger VALUES (-1)\0")));
        WireReplies replies = WireReplies.untilReady(socket.getInputStream());
        assertTrue(replies.tags().endsWith("Z") && replies.errors().isEmpty(), replies.toString());
    }

    private static Connection connect() throws SQLException {
        return ItEnv.connect(sluice, "app", ROLE, ItEnv.APP_PASSWORD, new Properties());
    }

    private static void send(Socket socket, byte[] bytes) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(bytes);
        out.flush();
    }

    private static byte[] startupPacket(String user) {
        return RawClient.startupPacket(user, "app");
    }

    /** A typed message whose length field matches {@code body}. */
    private static byte[] frame(int tag, byte[] body) {
        return concat(header(tag, 4 + body.length), body);
    }

    private static byte[] header(int tag, int length) {
        return new byte[] {(byte) tag, (byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8),
            (byte) length};
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** {@code text} as ASCII followed by raw byte values. */
    private static byte[] bytes(String text, int... values) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ascii(text));
        for (int v : values) {
            out.write(v);
        }
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DataOutputStream data = new DataOutputStream(out)) {
            for (byte[] part : parts) {
                data.write(part);
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return out.toByteArray();
    }
}
