package io.sluice.protocol.backend;

import static io.sluice.protocol.Wire.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.ProtocolException;
import io.sluice.protocol.TransactionStatus;
import io.sluice.protocol.Wire;
import org.junit.jupiter.api.Test;

import java.nio.ReadOnlyBufferException;
import java.util.List;

/** ReadyForQuery, ParameterStatus, BackendKeyData, CommandComplete, NegotiateProtocolVersion, FixedReplies. */
class BackendMessagesTest {

    @Test
    void readyForQuery() {
        assertArrayEquals(hex("5a 00000005 54"), Wire.bytes(ReadyForQuery.write(Wire.ALLOC, TransactionStatus.IN_TRANSACTION)));
        for (TransactionStatus status : TransactionStatus.values()) {
            Wire.eachTypedFrame(ReadyForQuery.write(Wire.ALLOC, status),
                    frame -> assertEquals(status, ReadyForQuery.status(frame)));
        }
    }

    @Test
    void readyForQueryRefusesUnknownStatusAndBadLength() {
        for (String bad : new String[] {"5a 00000005 58", "5a 00000006 4949", "5a 00000004"}) {
            ByteBuf frame = Wire.buf(hex(bad));
            try {
                assertThrows(ProtocolException.class, () -> ReadyForQuery.status(frame));
            } finally {
                frame.release();
            }
        }
    }

    @Test
    void parameterStatus() {
        ParameterStatus status = new ParameterStatus("client_encoding", "UTF8");
        assertArrayEquals(hex("53 00000019 636c69656e745f656e636f64696e6700 5554463800"), Wire.bytes(status.write(Wire.ALLOC)));
        Wire.eachTypedFrame(status.write(Wire.ALLOC), frame -> assertEquals(status, ParameterStatus.read(frame)));
    }

    @Test
    void backendKeyData() {
        BackendKeyData key = new BackendKeyData(4242, -7);
        assertArrayEquals(hex("4b 0000000c 00001092 fffffff9"), Wire.bytes(key.write(Wire.ALLOC)));
        Wire.eachTypedFrame(key.write(Wire.ALLOC), frame -> assertEquals(key, BackendKeyData.read(frame)));
        assertFalse(key.toString().contains("-7"));
    }

    @Test
    void commandComplete() {
        assertArrayEquals(hex("43 00000010 4449534341524420414c4c00"), Wire.bytes(CommandComplete.write(Wire.ALLOC, "DISCARD ALL")));
        Wire.eachTypedFrame(CommandComplete.write(Wire.ALLOC, "INSERT 0 1"),
                frame -> assertEquals("INSERT 0 1", CommandComplete.tag(frame)));
    }

    @Test
    void negotiateProtocolVersion() {
        ByteBuf written = NegotiateProtocolVersion.write(Wire.ALLOC, 0, List.of("_pq_.x"));
        Wire.eachTypedFrame(written, frame -> {
            assertEquals(0, NegotiateProtocolVersion.newestMinorVersion(frame));
            assertEquals(List.of("_pq_.x"), NegotiateProtocolVersion.unrecognizedOptions(frame));
        });
        assertArrayEquals(hex("76 0000000c 00000002 00000000"),
                Wire.bytes(NegotiateProtocolVersion.write(Wire.ALLOC, 2, List.of())));
    }

    @Test
    void fixedRepliesAreSafeToWriteAndReleaseRepeatedly() {
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(hex("31 00000004"), Wire.bytes(FixedReplies.parseComplete()));
            assertArrayEquals(hex("32 00000004"), Wire.bytes(FixedReplies.bindComplete()));
            assertArrayEquals(hex("33 00000004"), Wire.bytes(FixedReplies.closeComplete()));
            assertArrayEquals(hex("6e 00000004"), Wire.bytes(FixedReplies.noData()));
            assertArrayEquals(hex("49 00000004"), Wire.bytes(FixedReplies.emptyQueryResponse()));
        }
        ByteBuf reply = FixedReplies.parseComplete();
        ByteBuf another = FixedReplies.parseComplete();
        try {
            assertThrows(ReadOnlyBufferException.class, () -> reply.setByte(0, 'X'));
            // Each call has its own indexes: one consumer reading does not empty the next one's reply.
            reply.skipBytes(5);
            assertEquals(5, another.readableBytes());
        } finally {
            reply.release();
            another.release();
        }
    }
}
