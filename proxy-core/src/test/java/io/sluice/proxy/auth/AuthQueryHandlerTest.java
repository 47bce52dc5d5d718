package io.sluice.proxy.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.concurrent.Promise;
import io.sluice.protocol.FrontendTag;
import io.sluice.protocol.SqlState;
import io.sluice.protocol.TransactionStatus;
import io.sluice.protocol.backend.CommandComplete;
import io.sluice.protocol.backend.DataRow;
import io.sluice.protocol.backend.ErrorResponse;
import io.sluice.protocol.backend.ReadyForQuery;
import io.sluice.protocol.frame.Frames;
import io.sluice.protocol.frontend.Query;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One lookup on an {@link EmbeddedChannel}: the query sent, each shape of reply, and the session ended. */
class AuthQueryHandlerTest {

    private static final ByteBufAllocator ALLOC = Unpooled.buffer().alloc();
    private static final String VERIFIER = "SCRAM-SHA-256$4096:c2FsdA==$a2V5:a2V5";
    private static final String SQL = "SELECT usename, passwd FROM pg_shadow WHERE usename = 'alice'";

    private EmbeddedChannel channel;
    private Promise<AuthLookup> result;

    @Test
    void oneRowIsTheSecretAndTheSessionIsEnded() {
        start();
        // T (columns are read by position), D, C, Z.
        feed(rowDescription(), row("alice", VERIFIER), CommandComplete.write(ALLOC, "SELECT 1"), ready());
        assertEquals(VERIFIER, result.getNow().secret());
        assertTerminatedAndClosed();
    }

    @Test
    void noRowOrANullSecretIsNoSuchUser() {
        start();
        feed(rowDescription(), CommandComplete.write(ALLOC, "SELECT 0"), ready());
        assertTrue(result.getNow().isNoSuchUser());
        assertTerminatedAndClosed();

        start();
        feed(rowDescription(), row("alice", null), CommandComplete.write(ALLOC, "SELECT 1"), ready());
        assertTrue(result.getNow().isNoSuchUser());
        assertTerminatedAndClosed();
    }

    @Test
    void anErrorFromPostgresIs28000WithoutItsDetails() {
        start();
        feed(ErrorResponse.of("ERROR", "42501", "permission denied for view pg_shadow").write(ALLOC), ready());
        ErrorResponse failure = result.getNow().failure();
        assertEquals(SqlState.INVALID_AUTHORIZATION, failure.sqlState());
        assertTrue(failure.message().contains("auth.query failed"), failure.message());
        assertFalse(failure.message().contains("pg_shadow"), "the catalog is not described to the client");
        assertTerminatedAndClosed();
    }

    @Test
    void tooManyRowsOrTheWrongNumberOfColumnsFail() {
        start();
        feed(row("alice", VERIFIER), row("alice", VERIFIER), CommandComplete.write(ALLOC, "SELECT 2"), ready());
        assertEquals(SqlState.INVALID_AUTHORIZATION, result.getNow().failure().sqlState());
        assertTerminatedAndClosed();

        start();
        feed(DataRow.write(ALLOC, List.of(VERIFIER)), CommandComplete.write(ALLOC, "SELECT 1"), ready());
        assertEquals(SqlState.INVALID_AUTHORIZATION, result.getNow().failure().sqlState());
        assertTerminatedAndClosed();
    }

    @Test
    void aLostConnectionIs08006() {
        start();
        feed(rowDescription());
        channel.close();
        ErrorResponse failure = result.getNow().failure();
        assertEquals(SqlState.CONNECTION_FAILURE, failure.sqlState());
        assertNull(result.getNow().secret());
        assertFalse(channel.finish());
    }

    @Test
    void anUnexpectedMessageFailsTheLookup() {
        start();
        ByteBuf copyIn = ALLOC.buffer().writeByte('G').writeInt(7).writeByte(0).writeShort(0);
        feed(copyIn);
        assertEquals(SqlState.INVALID_AUTHORIZATION, result.getNow().failure().sqlState());
        assertTerminatedAndClosed();
    }

    private void start() {
        channel = new EmbeddedChannel();
        result = channel.eventLoop().newPromise();
        channel.pipeline().addLast(new AuthQueryHandler("alice", SQL, "\"lookup\" at test", result));
        ByteBuf query = channel.readOutbound();
        assertEquals(SQL, Query.sql(query));
        query.release();
        assertFalse(result.isDone());
    }

    private void feed(ByteBuf... frames) {
        for (ByteBuf frame : frames) {
            channel.writeInbound(frame);
        }
    }

    private void assertTerminatedAndClosed() {
        ByteBuf terminate = channel.readOutbound();
        assertEquals(FrontendTag.TERMINATE, Frames.tag(terminate));
        terminate.release();
        assertFalse(channel.isActive());
        assertFalse(channel.finish());
    }

    private static ByteBuf row(String user, String secret) {
        return DataRow.write(ALLOC, Arrays.asList(user, secret));
    }

    private static ByteBuf ready() {
        return ReadyForQuery.write(ALLOC, TransactionStatus.IDLE);
    }

    /** A RowDescription; its content is not read. */
    private static ByteBuf rowDescription() {
        return ALLOC.buffer().writeByte('T').writeInt(6).writeShort(0);
    }
}
