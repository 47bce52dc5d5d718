package io.sluice.protocol.frontend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.sluice.protocol.FrontendTag;
import io.sluice.protocol.ProtocolException;

/**
 * Fuzzes the readers of the client messages the proxy acts on (Parse, Bind, Describe, Close, Query) and
 * {@link FrontendFrames#check}. A reader may refuse a message only with a {@link ProtocolException}, and never
 * one that the check let through: the check is what stands between a client's bytes and the statement rewriter.
 * A rename keeps the rest of the message byte for byte.
 */
class FrontendMessagesFuzzTest {

    private static final byte[] TAGS = {FrontendTag.PARSE, FrontendTag.BIND, FrontendTag.DESCRIBE,
        FrontendTag.CLOSE, FrontendTag.QUERY, FrontendTag.EXECUTE, FrontendTag.SYNC, FrontendTag.FUNCTION_CALL,
        FrontendTag.COPY_FAIL, FrontendTag.PASSWORD, 'z'};

    @FuzzTest(maxDuration = "60s")
    void readersAgreeWithTheCheck(FuzzedDataProvider data) {
        byte tag = data.pickValue(TAGS);
        String newName = data.consumeString(20).replace('\0', '_');
        byte[] body = data.consumeRemainingAsBytes();
        ByteBuf frame = Unpooled.buffer(5 + body.length).writeByte(tag).writeInt(4 + body.length).writeBytes(body);
        boolean valid;
        try {
            FrontendFrames.check(frame);
            valid = true;
        } catch (ProtocolException e) {
            valid = false;
        }
        try {
            read(frame, tag, newName);
        } catch (ProtocolException e) {
            if (valid) {
                throw new AssertionError("FrontendFrames.check passed what a reader refuses", e);
            }
        } finally {
            assertEquals(0, frame.readerIndex(), "a reader moved the frame");
            frame.release();
        }
    }

    private static void read(ByteBuf frame, byte tag, String newName) {
        switch (tag) {
            case FrontendTag.PARSE -> {
                Parse parse = Parse.read(frame);
                ByteBuf again = new Parse(parse.name(), parse.query(), parse.parameterTypes())
                        .write(Unpooled.buffer().alloc());
                try {
                    assertEquals(parse, Parse.read(again));
                } finally {
                    again.release();
                }
            }
            case FrontendTag.BIND -> {
                Bind.portal(frame);
                Bind.statement(frame);
                ByteBuf renamed = Bind.withStatement(frame, newName, Unpooled.buffer().alloc());
                try {
                    assertEquals(newName, Bind.statement(renamed));
                    assertEquals(Bind.portal(frame), Bind.portal(renamed));
                    assertEquals(renamed.readableBytes() - 1, renamed.getInt(1), "renamed Bind length");
                } finally {
                    renamed.release();
                }
            }
            case FrontendTag.DESCRIBE -> {
                Describe.name(frame);
                ByteBuf renamed = Describe.withName(frame, newName, Unpooled.buffer().alloc());
                try {
                    assertEquals(newName, Describe.name(renamed));
                } finally {
                    renamed.release();
                }
            }
            case FrontendTag.CLOSE -> {
                Close.name(frame);
                ByteBuf renamed = Close.withName(frame, newName, Unpooled.buffer().alloc());
                try {
                    assertEquals(newName, Close.name(renamed));
                } finally {
                    renamed.release();
                }
            }
            case FrontendTag.QUERY -> Query.sql(frame);
            default -> {
                // No reader: the check alone decides.
            }
        }
    }
}
