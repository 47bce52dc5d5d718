package io.sluice.proxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.sluice.protocol.frontend.Close;
import io.sluice.protocol.frontend.Describe;
import io.sluice.protocol.frontend.FrontendMessages;
import io.sluice.protocol.frontend.ParameterTypes;
import io.sluice.protocol.frontend.Parse;
import io.sluice.protocol.frontend.Query;
import io.sluice.proxy.Sluice;
import io.sluice.testing.Await;
import io.sluice.testing.PostgresExtension;
import io.sluice.testing.TestPostgres;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.StringReader;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.postgresql.PGConnection;

/**
 * Protocol orderings in transaction mode, sent by hand on a raw socket so that each message is exactly what the
 * test says: the server stays with the client until the last ReadyForQuery of what it sent, and replies arrive
 * exactly as PostgreSQL sent them. The pool has one server, so a server given back too early would show.
 */
@ExtendWith(PostgresExtension.class)
class PipelineIT {

    private static Sluice sluice;

    @BeforeAll
    static void start(TestPostgres pg) throws SQLException {
        ItEnv.prepare(pg);
        sluice = ItEnv.start(ItEnv.config(pg, "transaction", 1, ""));
    }

    @AfterAll
    static void stop() {
        sluice.close();
    }

    @Test
    void threeExecutesOneSyncErrorInTheSecond() throws Exception {
        try (Socket s = login()) {
            send(s, parse("SELECT 1"), bind(), execute(),
                    parse("SELECT 1/floor(random() * 0)::int"), bind(), execute(),
                    parse("SELECT 3"), bind(), execute(),
                    FrontendMessages.sync(Unpooled.buffer().alloc()));
            // ParseComplete, BindComplete, CommandComplete; then the error; the rest skipped up to Sync.
            assertEquals(List.of("1", "2", "D", "C", "1", "2", "E:22012", "Z"), readUntilReady(s));
            // The connection goes on (the server was given back clean and is taken again).
            send(s, Query.write(Unpooled.buffer().alloc(), "SELECT 4"));
            assertEquals(List.of("T", "D", "C", "Z"), readUntilReady(s));
        }
    }

    @Test
    void twoClientsPrepareTheSameNameAndShareTheServerStatement() throws Exception {
        try (Socket a = login(); Socket b = login()) {
            // Client A prepares S_1 on the pool's only server: PostgreSQL parses it.
            send(a, namedParse("S_1", "SELECT 41 + 1"), namedBind("S_1"), execute(),
                    FrontendMessages.sync(Unpooled.buffer().alloc()));
            assertEquals(List.of("1", "2", "D", "C", "Z"), readUntilReady(a));
            // Client B prepares its own S_1 for the same query: Sluice answers ParseComplete itself, in order.
            send(b, namedParse("S_1", "SELECT 41 + 1"), namedBind("S_1"), execute(),
                    FrontendMessages.sync(Unpooled.buffer().alloc()));
            assertEquals(List.of("1", "2", "D", "C", "Z"), readUntilReady(b));
            // Both go on binding their S_1 in later transactions.
            for (Socket s : List.of(a, b, a, b)) {
                send(s, namedBind("S_1"), execute(), FrontendMessages.sync(Unpooled.buffer().alloc()));
                assertEquals(List.of("2", "D", "C", "Z"), readUntilReady(s));
            }
        }
    }

    @Test
    void sameNameOnTwoClientsForDifferentQueries() throws Exception {
        try (Socket a = login(); Socket b = login()) {
            send(a, namedParse("S_9", "SELECT 'a'"), namedBind("S_9"), execute(), sync());
            send(b, namedParse("S_9", "SELECT 'b'"), namedBind("S_9"), execute(), sync());
            assertEquals(List.of("1", "2", "D", "C", "Z"), readUntilReady(a));
            assertEquals(List.of("1", "2", "D", "C", "Z"), readUntilReady(b));
            for (Socket s : List.of(a, b)) {
                send(s, namedBind("S_9"), execute(), sync());
                List<String> replies = new ArrayList<>();
                assertEquals("2", readRow(s, replies));
                assertEquals("D", readRow(s, replies));
                assertEquals(s == a ? "a" : "b", replies.get(0));
                assertEquals(List.of("C", "Z"), readUntilReady(s));
            }
        }
    }

    @Test
    void nameInUseGetsPostgresOwnErrorUntilClosedThenReParses() throws Exception {
        try (Socket s = login()) {
            send(s, namedParse("S_1", "SELECT 1"), sync());
            assertEquals(List.of("1", "Z"), readUntilReady(s));
            // Re-using the name for another query without Close: PostgreSQL's 42P05.
            send(s, namedParse("S_1", "SELECT 2"), namedBind("S_1"), execute(), sync());
            assertEquals(List.of("E:42P05", "Z"), readUntilReady(s));
            // Close (answered by Sluice, in order), then the name is free for another query.
            send(s, Close.write(Unpooled.buffer().alloc(), (byte) 'S', "S_1"), namedParse("S_1", "SELECT 2"),
                    namedBind("S_1"), execute(), sync());
            assertEquals(List.of("3", "1", "2", "D", "C", "Z"), readUntilReady(s));
        }
    }

    @Test
    void deallocateAndDeallocateAllForgetTheClientsNames() throws Exception {
        try (Socket s = login()) {
            send(s, namedParse("P_1", "SELECT 1"), namedParse("P_2", "SELECT 2"), sync());
            assertEquals(List.of("1", "1", "Z"), readUntilReady(s));
            // SQL DEALLOCATE of one name (as psycopg or a person at psql would).
            send(s, Query.write(Unpooled.buffer().alloc(), "DEALLOCATE P_1"));
            assertEquals(List.of("C", "Z"), readUntilReady(s));
            send(s, namedBind("P_1"), execute(), sync());
            assertEquals(List.of("E:26000", "Z"), readUntilReady(s));
            // DEALLOCATE ALL (Prisma with pgbouncer=true sends it): every name is free again, no 42P05.
            send(s, Query.write(Unpooled.buffer().alloc(), "DEALLOCATE ALL"));
            assertEquals(List.of("C", "Z"), readUntilReady(s));
            send(s, namedParse("P_2", "SELECT 22"), namedBind("P_2"), execute(), sync());
            assertEquals(List.of("1", "2", "D", "C", "Z"), readUntilReady(s));
        }
    }

    @Test
    void cachedPlanErrorAfterDdlIsRetriedWhenTheRequestDescribesItsPortal() throws Exception {
        try (Socket s = login()) {
            send(s, Query.write(Unpooled.buffer().alloc(), "DROP TABLE IF EXISTS plan_t; CREATE TABLE plan_t (a int); "
                    + "INSERT INTO plan_t VALUES (1)"));
            readUntilReady(s);
            send(s, namedParse("S_1", "SELECT * FROM plan_t"), namedBind("S_1"), describePortal(), execute(), sync());
            assertEquals(List.of("1", "2", "T", "D", "C", "Z"), readUntilReady(s));
            send(s, Query.write(Unpooled.buffer().alloc(), "ALTER TABLE plan_t ADD COLUMN b int DEFAULT 2"));
            readUntilReady(s);
            // The shared statement's plan is stale: PostgreSQL fails the Bind with 0A000. Nothing ran, the client
            // asked for the row shape: Sluice renames the statement and sends the request again.
            send(s, namedBind("S_1"), describePortal(), execute(), sync());
            assertEquals(List.of("2", "T", "D", "C", "Z"), readUntilReady(s));
        }
    }

    @Test
    void cachedPlanErrorReachesAClientThatDidNotAskForTheRowShape() throws Exception {
        try (Socket s = login()) {
            send(s, Query.write(Unpooled.buffer().alloc(), "DROP TABLE IF EXISTS plan_u; CREATE TABLE plan_u (a int); "
                    + "INSERT INTO plan_u VALUES (1)"));
            readUntilReady(s);
            send(s, namedParse("S_1", "SELECT * FROM plan_u"), namedBind("S_1"), execute(), sync());
            assertEquals(List.of("1", "2", "D", "C", "Z"), readUntilReady(s));
            send(s, Query.write(Unpooled.buffer().alloc(), "ALTER TABLE plan_u ADD COLUMN b int DEFAULT 2"));
            readUntilReady(s);
            // The client decodes rows with the shape it cached: it must see PostgreSQL's error and re-prepare.
            send(s, namedBind("S_1"), execute(), sync());
            assertEquals(List.of("E:0A000", "Z"), readUntilReady(s));
            // The statement was renamed: a later use is prepared afresh and works on any server.
            send(s, namedBind("S_1"), describePortal(), execute(), sync());
            assertEquals(List.of("2", "T", "D", "C", "Z"), readUntilReady(s));
        }
    }

    private static ByteBuf describePortal() {
        return Describe.write(Unpooled.buffer().alloc(), (byte) 'P', "");
    }

    private static ByteBuf sync() {
        return FrontendMessages.sync(Unpooled.buffer().alloc());
    }

    /** Reads one message; for a DataRow, adds its first column's text to {@code values}. */
    private static String readRow(Socket s, List<String> values) throws IOException {
        DataInputStream in = new DataInputStream(s.getInputStream());
        char tag = (char) in.readByte();
        byte[] body = new byte[in.readInt() - 4];
        in.readFully(body);
        if (tag == 'D') {
            int length = ((body[2] & 0xff) << 24) | ((body[3] & 0xff) << 16) | ((body[4] & 0xff) << 8)
                    | (body[5] & 0xff);
            values.add(new String(body, 6, length, StandardCharsets.UTF_8));
        }
        return String.valueOf(tag);
    }

    private static ByteBuf namedParse(String name, String sql) {
        return new Parse(name, sql, ParameterTypes.NONE).write(Unpooled.buffer().alloc());
    }

    private static ByteBuf namedBind(String statement) {
        byte[] name = statement.getBytes(StandardCharsets.UTF_8);
        return Unpooled.buffer().writeByte('B').writeInt(4 + 1 + name.length + 1 + 2 + 2 + 2)
                .writeByte(0).writeBytes(name).writeByte(0).writeShort(0).writeShort(0).writeShort(0);
    }

    @Test
    void flushDrivenExchangeKeepsTheServerUntilSync() throws Exception {
        try (Socket s = login()) {
            // Parse + Describe + Flush: the replies come at once, no Sync yet, the server stays with this client.
            send(s, parse("SELECT 41 + 1"), Describe.write(Unpooled.buffer().alloc(), (byte) 'S', ""),
                    FrontendMessages.flush(Unpooled.buffer().alloc()));
            assertEquals(List.of("1", "t", "T"), read(s, 3));
            // Later Bind + Execute + Sync finish the request on the same server.
            send(s, bind(), execute(), FrontendMessages.sync(Unpooled.buffer().alloc()));
            assertEquals(List.of("2", "D", "C", "Z"), readUntilReady(s));
        }
    }

    @Test
    void answersOfSluiceKeepTheirPlaceAroundForwardedRepliesBeforeAnySync() throws Exception {
        try (Socket a = login(); Socket b = login()) {
            send(a, namedParse("S_7", "SELECT 7"), sync());
            assertEquals(List.of("1", "Z"), readUntilReady(a));
            // B's Parse of the statement the server holds, and B's Close of it, are answered by Sluice; the replies
            // between them come from PostgreSQL in one read. With only a Flush, nothing after the CommandComplete
            // makes the CloseComplete due: it must follow the forwarded replies at once.
            send(b, namedParse("S_7", "SELECT 7"), namedBind("S_7"), execute(),
                    Close.write(Unpooled.buffer().alloc(), (byte) 'S', "S_7"),
                    FrontendMessages.flush(Unpooled.buffer().alloc()));
            assertEquals(List.of("1", "2", "D", "C", "3"), read(b, 5));
            send(b, parse("SELECT 8"), bind(), execute(), namedParse("S_8", "SELECT 7"), namedBind("S_8"),
                    Close.write(Unpooled.buffer().alloc(), (byte) 'S', "S_8"), parse("SELECT 9"), bind(), execute(),
                    sync());
            assertEquals(List.of("1", "2", "D", "C", "1", "2", "3", "1", "2", "D", "C", "Z"), readUntilReady(b));
        }
    }

    @Test
    void anAnswerOfSluiceDueRightAfterAReadyForQueryIsNotHeldBack() throws Exception {
        try (Socket a = login(); Socket b = login()) {
            send(a, namedParse("S_5", "SELECT 5"), sync());
            assertEquals(List.of("1", "Z"), readUntilReady(a));
            // B's second request only prepares a statement the server holds, then flushes: its ParseComplete is
            // Sluice's, due as soon as the first request's ReadyForQuery is out, and PostgreSQL sends nothing more.
            send(b, parse("SELECT 6"), bind(), execute(), sync(), namedParse("S_5", "SELECT 5"),
                    FrontendMessages.flush(Unpooled.buffer().alloc()));
            assertEquals(List.of("1", "2", "D", "C", "Z", "1"), read(b, 6));
            send(b, namedBind("S_5"), execute(), sync());
            assertEquals(List.of("2", "D", "C", "Z"), readUntilReady(b));
        }
    }

    @Test
    void requestsPipelinedInOneWriteComeBackInOrder() throws Exception {
        try (Socket s = login()) {
            // Three requests read together: the unnamed ones travel as runs, the named statement's Parse and Bind
            // alone between them (they are renamed), and the error in the second ends only that request.
            send(s, parse("SELECT 1"), bind(), execute(), sync(),
                    parse("SELECT 1/floor(random() * 0)::int"), bind(), execute(), sync(),
                    namedParse("S_run", "SELECT 3"), namedBind("S_run"), execute(), sync());
            assertEquals(List.of("1", "2", "D", "C", "Z", "1", "2", "E:22012", "Z", "1", "2", "D", "C", "Z"),
                    read(s, 14));
            send(s, Query.write(Unpooled.buffer().alloc(), "SELECT 4"));
            assertEquals(List.of("T", "D", "C", "Z"), readUntilReady(s));
        }
    }

    @Test
    void requestsPipelinedWhileWaitingForTheServerAreForwardedWhenItComes() throws Exception {
        try (Socket a = login(); Socket b = login()) {
            send(a, Query.write(Unpooled.buffer().alloc(), "BEGIN"));
            assertEquals(List.of("C", "Z"), readUntilReady(a));
            // a holds the only server in its transaction: b's two requests are read and held while b waits.
            send(b, parse("SELECT 1"), bind(), execute(), sync(), parse("SELECT 2"), bind(), execute(), sync());
            Await.until(Duration.ofSeconds(10), "b waiting for the server", () -> sluice.pools().of("app").stream()
                    .mapToInt(p -> p.counts().clientsWaiting()).sum() == 1);
            send(a, Query.write(Unpooled.buffer().alloc(), "COMMIT"));
            assertEquals(List.of("C", "Z"), readUntilReady(a));
            assertEquals(List.of("1", "2", "D", "C", "Z", "1", "2", "D", "C", "Z"), read(b, 10));
        }
    }

    @Test
    void requestsPipelinedWhileWaitingAreEachAnsweredWhenNoServerComes(TestPostgres pg) throws Exception {
        String yaml = ItEnv.config(pg, "transaction", 1, "")
                .replace("query_wait_timeout: 30s", "query_wait_timeout: 300ms");
        try (Sluice impatient = ItEnv.start(yaml);
             Socket a = RawClient.login(impatient.port(), ItEnv.APP_USER, "app", ItEnv.APP_PASSWORD);
             Socket b = RawClient.login(impatient.port(), ItEnv.APP_USER, "app", ItEnv.APP_PASSWORD)) {
            send(a, Query.write(Unpooled.buffer().alloc(), "BEGIN"));
            assertEquals(List.of("C", "Z"), readUntilReady(a));
            // Nothing of b's two requests reached a server: each gets the error and its own ReadyForQuery.
            send(b, parse("SELECT 1"), bind(), execute(), sync(), parse("SELECT 2"), bind(), execute(), sync());
            assertEquals(List.of("E:57014", "Z", "E:57014", "Z"), read(b, 4));
            send(a, Query.write(Unpooled.buffer().alloc(), "COMMIT"));
            assertEquals(List.of("C", "Z"), readUntilReady(a));
            send(b, parse("SELECT 5"), bind(), execute(), sync());
            assertEquals(List.of("1", "2", "D", "C", "Z"), readUntilReady(b));
        }
    }

    @ParameterizedTest
    @CsvSource({"nio, 1000", "epoll, 1000", "io_uring, 1000", "nio, 61440", "epoll, 61440", "io_uring, 61440"})
    void aClientPipeliningWhileItWaitsIsStoppedNotBuffered(String transport, int size, TestPostgres pg)
            throws Exception {
        String yaml = ItEnv.config(pg, "transaction", 1, "") + "process: { transport: " + transport + " }\n";
        try (Sluice own = ItEnv.start(yaml);
             Socket a = RawClient.login(own.port(), ItEnv.APP_USER, "app", ItEnv.APP_PASSWORD);
             Socket b = RawClient.login(own.port(), ItEnv.APP_USER, "app", ItEnv.APP_PASSWORD)) {
            send(a, Query.write(Unpooled.buffer().alloc(), "BEGIN"));
            assertEquals(List.of("C", "Z"), readUntilReady(a));
            // b waits for the only server and keeps sending 64 MB of CopyData: of 1 kB, many to a read, joining
            // runs; of 60 kB, most reads ending inside one (io_uring receives into 4 kB buffers). Sluice holds at
            // most 256 kB and then stops reading, so b's writes block once the sockets' buffers are full, far short
            // of the 64 MB.
            ByteBuf header = Unpooled.buffer().writeByte('d').writeInt(4 + size);
            byte[] message = new byte[5 + size];
            header.readBytes(message, 0, 5);
            header.release();
            long total = 64L << 20;
            AtomicLong written = new AtomicLong();
            Thread writer = new Thread(() -> {
                try {
                    while (written.get() < total) {
                        b.getOutputStream().write(message);
                        written.addAndGet(message.length);
                    }
                } catch (IOException closed) {
                    // b is closed below while this is blocked in a write
                }
            });
            writer.setDaemon(true);
            writer.start();
            writer.join(3000);
            assertTrue(writer.isAlive() && written.get() < total / 2,
                    "Sluice took " + written.get() + " bytes from a client it had stopped reading");
            b.close();
            writer.join(10_000);
            send(a, Query.write(Unpooled.buffer().alloc(), "COMMIT"));
            assertEquals(List.of("C", "Z"), readUntilReady(a));
        }
    }

    @ParameterizedTest
    @CsvSource({"nio", "epoll"})
    void aBatchOfMoreKnownPreparesThanAreHeldIsAnsweredAndTheClientReadAgain(String transport, TestPostgres pg)
            throws Exception {
        String yaml = ItEnv.config(pg, "transaction", 1, "") + "process: { transport: " + transport + " }\n";
        try (Sluice own = ItEnv.start(yaml);
             Socket s = RawClient.login(own.port(), ItEnv.APP_USER, "app", ItEnv.APP_PASSWORD)) {
            s.setSoTimeout(10_000);
            // The first prepare of the text reaches a server; from then on Sluice knows PostgreSQL accepts it.
            send(s, new Parse("known", "SELECT 7", ParameterTypes.NONE).write(Unpooled.buffer().alloc()), sync());
            assertEquals(List.of("1", "Z"), read(s, 2));
            // 1,100 named Parses of it and a Sync in one write (about 25 kB, a read batch or two under these
            // transports): more messages than a waiting client may have held, so reading stops at the 1,025th,
            // but the batch is all read by then and is answered without a server.
            int count = 1100;
            ByteBuf[] batch = new ByteBuf[count + 1];
            for (int i = 0; i < count; i++) {
                batch[i] = new Parse("p" + i, "SELECT 7", ParameterTypes.NONE).write(Unpooled.buffer().alloc());
            }
            batch[count] = sync();
            send(s, batch);
            List<String> replies = read(s, count + 1);
            assertEquals(List.of("1", "Z"), List.of(replies.get(count - 1), replies.get(count)));
            // Reading goes on: the next request is answered (it blocked until the read timeout before).
            send(s, Query.write(Unpooled.buffer().alloc(), "SELECT 5"));
            assertEquals(List.of("T", "D", "C", "Z"), readUntilReady(s));
            // The names were recorded: the last one runs (prepared on the server at its first use).
            send(s, bind("p" + (count - 1)), execute(), sync());
            assertEquals(List.of("2", "D", "C", "Z"), readUntilReady(s));
        }
    }

    @Test
    void aMalformedMessageBehindARunIsRefusedAndTheServerStaysClean() throws Exception {
        try (Socket s = login()) {
            // A whole request, then a Bind whose portal name never ends, in one write: the request goes on as a
            // run, the Bind is refused on its own.
            send(s, parse("SELECT 1"), bind(), execute(), sync(),
                    Unpooled.buffer().writeByte('B').writeInt(6).writeByte('x').writeByte('x'));
            List<String> tags = readUntilClosed(s);
            assertEquals("E:08P01", tags.get(tags.size() - 1), tags.toString());
        }
        // The pool's only server was not handed on in the middle of that request.
        try (Socket s = login()) {
            send(s, Query.write(Unpooled.buffer().alloc(), "SELECT 4"));
            assertEquals(List.of("T", "D", "C", "Z"), readUntilReady(s));
        }
    }

    @Test
    void multiStatementQueryWithAnErrorInTheMiddle() throws Exception {
        try (Socket s = login()) {
            send(s, Query.write(Unpooled.buffer().alloc(), "SELECT 1; SELECT 1/0; SELECT 3"));
            assertEquals(List.of("T", "D", "C", "E:22012", "Z"), readUntilReady(s));
            send(s, Query.write(Unpooled.buffer().alloc(), "SELECT 5"));
            assertEquals(List.of("T", "D", "C", "Z"), readUntilReady(s));
        }
    }

    @Test
    void copyInsideATransaction() throws Exception {
        Properties props = new Properties();
        props.setProperty("prepareThreshold", "0");
        try (Connection c = ItEnv.connect(sluice, "app", ItEnv.APP_USER, ItEnv.APP_PASSWORD, props);
             Statement st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS copy_tx (id int)");
            st.execute("TRUNCATE copy_tx");
            c.setAutoCommit(false);
            long rows = c.unwrap(PGConnection.class).getCopyAPI()
                    .copyIn("COPY copy_tx FROM STDIN", new StringReader("1\n2\n3\n"));
            assertEquals(3, rows);
            st.execute("INSERT INTO copy_tx VALUES (4)");
            c.commit();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            c.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY (SELECT sum(id) FROM copy_tx) TO STDOUT", out);
            c.commit();
            assertEquals("10\n", out.toString(StandardCharsets.UTF_8));
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM copy_tx")) {
                assertTrue(rs.next());
                assertEquals(4, rs.getInt(1));
            }
        }
    }

    private static Socket login() throws IOException {
        return RawClient.login(sluice.port(), ItEnv.APP_USER, "app", ItEnv.APP_PASSWORD);
    }

    private static ByteBuf parse(String sql) {
        return new Parse("", sql, ParameterTypes.NONE).write(Unpooled.buffer().alloc());
    }

    /** Bind of the unnamed statement to the unnamed portal, no parameters, text results. */
    private static ByteBuf bind() {
        return bind("");
    }

    /** Bind of {@code statement} (ASCII) to the unnamed portal, no parameters, text results. */
    private static ByteBuf bind(String statement) {
        return Unpooled.buffer().writeByte('B').writeInt(4 + 1 + statement.length() + 1 + 2 + 2 + 2)
                .writeByte(0).writeBytes(statement.getBytes(StandardCharsets.US_ASCII)).writeByte(0)
                .writeShort(0).writeShort(0).writeShort(0);
    }

    /** Execute of the unnamed portal, all rows. */
    private static ByteBuf execute() {
        return Unpooled.buffer().writeByte('E').writeInt(4 + 1 + 4).writeByte(0).writeInt(0);
    }

    /**
     * Sends the messages in one write, so that Sluice reads them together, as from a pipelining driver: whole
     * messages it forwards unchanged travel in runs, the rest alone between them.
     */
    private static void send(Socket s, ByteBuf... messages) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (ByteBuf m : messages) {
            try {
                bytes.write(ByteBufUtil.getBytes(m));
            } finally {
                m.release();
            }
        }
        s.getOutputStream().write(bytes.toByteArray());
        s.getOutputStream().flush();
    }

    /** Reads until the connection ends: the tags, as {@link #read} gives them. */
    private static List<String> readUntilClosed(Socket s) throws IOException {
        List<String> tags = new ArrayList<>();
        try {
            while (true) {
                tags.addAll(read(s, 1));
            }
        } catch (EOFException | SocketException closed) {
            return tags;
        }
    }

    private static List<String> readUntilReady(Socket s) throws IOException {
        List<String> tags = new ArrayList<>();
        while (tags.isEmpty() || !tags.get(tags.size() - 1).equals("Z")) {
            tags.addAll(read(s, 1));
        }
        return tags;
    }

    /** Reads {@code count} messages: their tags, with the SQLSTATE after an ErrorResponse's. */
    private static List<String> read(Socket s, int count) throws IOException {
        DataInputStream in = new DataInputStream(s.getInputStream());
        List<String> tags = new ArrayList<>();
        while (tags.size() < count) {
            char tag = (char) in.readByte();
            byte[] body = new byte[in.readInt() - 4];
            in.readFully(body);
            if (tag == 'N' || tag == 'S') {
                continue; // notices and parameter changes may come at any time
            }
            tags.add(tag == 'E' ? "E:" + sqlState(body) : String.valueOf(tag));
        }
        return tags;
    }

    private static String sqlState(byte[] body) {
        String fields = new String(body, StandardCharsets.UTF_8);
        for (String field : fields.split("\0")) {
            if (field.startsWith("C")) {
                return field.substring(1);
            }
        }
        return "?";
    }
}
