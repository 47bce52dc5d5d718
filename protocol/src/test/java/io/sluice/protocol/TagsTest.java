package io.sluice.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.handler.codec.DecoderException;
import org.junit.jupiter.api.Test;

class TagsTest {

    @Test
    void namesTagsPerDirection() {
        // 'D' means Describe from a client and DataRow from a server.
        assertEquals("Describe", FrontendTag.name(FrontendTag.DESCRIBE));
        assertEquals("DataRow", BackendTag.name(BackendTag.DATA_ROW));
        assertEquals("PasswordMessage", FrontendTag.name((byte) 'p'));
        assertEquals("ReadyForQuery", BackendTag.name((byte) 'Z'));
        assertEquals("unknown 'z'", FrontendTag.name((byte) 'z'));
        assertEquals("unknown 0x00", BackendTag.name((byte) 0));
    }

    @Test
    void transactionStatusRoundTrips() {
        for (TransactionStatus status : TransactionStatus.values()) {
            assertSame(status, TransactionStatus.of(status.code()));
        }
        assertEquals('I', TransactionStatus.IDLE.code());
    }

    @Test
    void unknownTransactionStatusIsAProtocolViolation() {
        ProtocolException e = assertThrows(ProtocolException.class, () -> TransactionStatus.of((byte) 'X'));
        assertEquals("transaction status: 'X' (expected: 'I', 'T' or 'E')", e.getMessage());
        assertEquals(SqlState.PROTOCOL_VIOLATION, e.sqlState());
    }

    @Test
    void findsProtocolExceptionInCauseChain() {
        ProtocolException cause = new ProtocolException("message length: 3 (expected: >= 4)");
        assertSame(cause, ProtocolException.findIn(new DecoderException(cause)));
        assertSame(cause, ProtocolException.findIn(cause));
        assertEquals(null, ProtocolException.findIn(new IllegalStateException()));
    }
}
