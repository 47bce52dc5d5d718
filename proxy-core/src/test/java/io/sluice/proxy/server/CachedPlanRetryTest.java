package io.sluice.proxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.sluice.protocol.backend.ErrorResponse;
import io.sluice.protocol.frontend.Describe;
import io.sluice.protocol.frontend.FrontendMessages;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the retry keeps of a request, what it sends again, and that every reference it took is given back. */
class CachedPlanRetryTest {

    private static final ByteBufAllocator ALLOC = Unpooled.buffer().alloc();
    private static final ErrorResponse STALE_PLAN =
            ErrorResponse.of("ERROR", "0A000", "cached plan must not change result type");

    private final CachedPlanRetry retry = new CachedPlanRetry();
    private final List<ByteBuf> resent = new ArrayList<>();
    private final List<ByteBuf> delivered = new ArrayList<>();
    private final List<ByteBuf> inputs = new ArrayList<>();

    @AfterEach
    void everyReferenceIsGivenBack() {
        resent.forEach(ByteBuf::release);
        delivered.forEach(ByteBuf::release);
        for (ByteBuf in : inputs) {
            assertEquals(1, in.refCnt(), "the retry kept a reference it did not give back");
            in.release();
        }
    }

    @Test
    void aDescribedRequestInOneRunIsSentAgainByteForByte() {
        ByteBuf run = run(namedBind("S_1"), describePortal(), execute(), sync());
        byte[] original = ByteBufUtil.getBytes(run);
        see(run, true);
        assertTrue(retry.hold(error(), STALE_PLAN, true));
        assertTrue(retry.atReadyForQuery(true, resent::add, delivered::add));
        assertEquals(List.of(), delivered);
        assertEquals(4, resent.size());
        assertEquals(new String(original, StandardCharsets.ISO_8859_1), joined(resent));
    }

    @Test
    void messagesFromSeveralBuffersAreSentAgainInOrder() {
        ByteBuf bind = run(namedBind("S_1"));
        ByteBuf rest = run(describePortal(), execute(), sync());
        String expected = ascii(bind) + ascii(rest);
        see(bind, true);
        see(rest, false);
        assertTrue(retry.hold(error(), STALE_PLAN, true));
        assertTrue(retry.atReadyForQuery(true, resent::add, delivered::add));
        assertEquals(expected, joined(resent));
    }

    @Test
    void aRequestThatDoesNotDescribeItsPortalKeepsNothingAndGetsTheError() {
        ByteBuf run = run(namedBind("S_1"), execute(), sync());
        see(run, true);
        assertEquals(1, run.refCnt(), "nothing is kept once Execute shows the request cannot be retried");
        assertFalse(retry.hold(error(), STALE_PLAN, true));
    }

    @Test
    void aRequestStartedInsideATransactionIsNotRetried() {
        ByteBuf run = run(namedBind("S_1"), describePortal(), execute(), sync());
        see(run, false);
        assertEquals(1, run.refCnt());
        assertFalse(retry.hold(error(), STALE_PLAN, true));
    }

    @Test
    void resultsBeforeTheErrorHandItOnAndReleaseWhatWasKept() {
        ByteBuf run = run(namedBind("S_1"), describePortal(), execute(), sync());
        see(run, true);
        assertTrue(run.refCnt() > 1, "a described request is kept until its ReadyForQuery");
        assertTrue(retry.hold(error(), STALE_PLAN, true));
        // Another request went out meanwhile: the held error goes to the client, nothing is sent again.
        assertFalse(retry.atReadyForQuery(false, resent::add, delivered::add));
        assertEquals(1, delivered.size());
        assertEquals(List.of(), resent);
    }

    @Test
    void anotherErrorIsNotHeld() {
        ByteBuf run = run(namedBind("S_1"), describePortal(), execute(), sync());
        see(run, true);
        ByteBuf frame = error();
        assertFalse(retry.hold(frame, ErrorResponse.of("ERROR", "22012", "division by zero"), true));
        frame.release();
        assertFalse(retry.atReadyForQuery(true, resent::add, delivered::add));
    }

    @Test
    void aLongPipelineIsKeptAndReleased() {
        List<ByteBuf> messages = new ArrayList<>();
        messages.add(namedBind("S_1"));
        for (int i = 0; i < 200; i++) {
            messages.add(describePortal());
        }
        messages.add(execute());
        messages.add(sync());
        ByteBuf run = run(messages.toArray(ByteBuf[]::new));
        see(run, true);
        retry.clear();
        assertEquals(1, run.refCnt());
        // The retry still works for the next request after growing and shrinking its arrays.
        ByteBuf next = run(namedBind("S_2"), describePortal(), execute(), sync());
        see(next, true);
        assertTrue(retry.hold(error(), STALE_PLAN, true));
        assertTrue(retry.atReadyForQuery(true, resent::add, delivered::add));
        assertEquals(ascii(next), joined(resent));
    }

    @Test
    void clearGivesBackAHeldErrorAndTheKeptMessages() {
        ByteBuf run = run(namedBind("S_1"), describePortal(), execute(), sync());
        see(run, true);
        ByteBuf frame = error();
        assertTrue(retry.hold(frame, STALE_PLAN, true));
        retry.clear();
        assertEquals(0, frame.refCnt());
        assertFalse(retry.holdsError());
    }

    /** Feeds each message of {@code in} to the retry as the server connection does a run. */
    private void see(ByteBuf in, boolean idleBefore) {
        for (int at = in.readerIndex(); at < in.writerIndex(); ) {
            int total = 1 + in.getInt(at + 1);
            retry.clientMessage(in, at, total, idleBefore && at == in.readerIndex());
            at += total;
        }
    }

    private ByteBuf run(ByteBuf... messages) {
        ByteBuf run = Unpooled.buffer();
        for (ByteBuf message : messages) {
            run.writeBytes(message);
            message.release();
        }
        inputs.add(run);
        return run;
    }

    private static ByteBuf error() {
        return Unpooled.copiedBuffer("E-stand-in", StandardCharsets.US_ASCII);
    }

    private static String joined(List<ByteBuf> frames) {
        StringBuilder all = new StringBuilder();
        frames.forEach(f -> all.append(ascii(f)));
        return all.toString();
    }

    private static String ascii(ByteBuf buf) {
        return buf.toString(buf.readerIndex(), buf.readableBytes(), StandardCharsets.ISO_8859_1);
    }

    private static ByteBuf namedBind(String statement) {
        byte[] name = statement.getBytes(StandardCharsets.UTF_8);
        return Unpooled.buffer().writeByte('B').writeInt(4 + 1 + name.length + 1 + 2 + 2 + 2)
                .writeByte(0).writeBytes(name).writeByte(0).writeShort(0).writeShort(0).writeShort(0);
    }

    private static ByteBuf describePortal() {
        return Describe.write(ALLOC, (byte) 'P', "");
    }

    private static ByteBuf execute() {
        return Unpooled.buffer().writeByte('E').writeInt(4 + 1 + 4).writeByte(0).writeInt(0);
    }

    private static ByteBuf sync() {
        return FrontendMessages.sync(ALLOC);
    }
}
