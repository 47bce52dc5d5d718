package io.sluice.proxy.server;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.FrontendTag;
import io.sluice.protocol.SqlState;
import io.sluice.protocol.backend.ErrorResponse;
import io.sluice.protocol.frame.Frames;
import io.sluice.protocol.frontend.Bind;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Retries, once and only where it is provably safe, a request whose shared statement PostgreSQL can no longer use
 * after DDL ({@code 0A000 cached plan must not change result type}), so the client never sees that error.
 *
 * <p>Safe means: the request started outside any transaction (status {@code I}, nothing else outstanding), the
 * error came at a {@code Bind}, no result of the request reached the client before it, the request describes its
 * portal (so the client reads the new row shape from the retry; a client that cached the old shape must see the
 * error and re-prepare, which is what PostgreSQL's error is for), and when PostgreSQL's
 * {@code ReadyForQuery} for it arrives nothing else is outstanding. Then nothing of the request ran: PostgreSQL
 * skipped the rest up to its {@code Sync} and rolled the implicit transaction back. The messages from the request's
 * first {@code Bind} on are kept (up to 1 MiB) and sent again; the statement has been renamed meanwhile, so the
 * server prepares it afresh. In every other case the client gets the error as it came.
 *
 * <p>A kept message is a reference to the buffer it arrived in (retained, no copy) and its place there: keeping
 * makes no object, so the common request that is recorded and then let go (libpq's Bind/Describe/Execute/Sync
 * with every {@code pgbench -M prepared} transaction) allocates nothing here. Only a replay slices.
 *
 * <p>Owned by the server connection's loop.
 */
final class CachedPlanRetry {

    private static final int MAX_RECORDED_BYTES = 1 << 20;
    /** Replies that show the client's request ran: after one, the request is never retried. */
    private static final String RESULT_TAGS = "DCIsGHW";

    private static final int INITIAL_ENTRIES = 8;

    /** The kept messages, oldest first: each holds one reference to its source buffer. */
    private ByteBuf[] sources = new ByteBuf[INITIAL_ENTRIES];
    private int[] starts = new int[INITIAL_ENTRIES];
    private int[] lengths = new int[INITIAL_ENTRIES];
    private int recorded;
    private int recordedBytes;
    private boolean requestOpen;
    private boolean retryable;
    private boolean recording;
    private boolean resultsSeen;
    /** The kept request describes its portal, so the client learns the new row shape from the retry itself. */
    private boolean describes;
    private boolean replaying;
    private ByteBuf heldError;

    /** Sees each client message before it is rewritten; {@code idleBefore}: nothing outstanding, status I. */
    void clientMessage(ByteBuf frame, boolean idleBefore) {
        clientMessage(frame, frame.readerIndex(), frame.readableBytes(), idleBefore);
    }

    /**
     * Sees the client message of {@code total} bytes at {@code start} in {@code in}, one of a run or a frame of its
     * own; {@code in} is retained, and the message's place in it kept, only while a request is being recorded.
     */
    void clientMessage(ByteBuf in, int start, int total, boolean idleBefore) {
        if (replaying) {
            return;
        }
        byte tag = in.getByte(start);
        if (!requestOpen) {
            requestOpen = true;
            releaseRecorded();
            recording = false;
            resultsSeen = false;
            describes = false;
            retryable = idleBefore;
        }
        if (tag == FrontendTag.QUERY || tag == FrontendTag.FUNCTION_CALL
                || (tag == FrontendTag.EXECUTE && !recording)) {
            retryable = false;
        }
        if (tag == FrontendTag.BIND && retryable && !recording) {
            // Only a shared (renamed) statement can have a plan made stale by another session's DDL: a Bind of the
            // unnamed statement follows its own Parse, so nothing is kept for it.
            recording = Bind.namesStatement(in, start, total);
            retryable = recording;
        }
        if (recording && tag == FrontendTag.DESCRIBE) {
            describes = true;
        }
        if (recording && !describes && (tag == FrontendTag.EXECUTE || tag == FrontendTag.SYNC)) {
            // Executed without describing its portal: never retryable, so nothing more is kept. The common
            // Bind/Execute/Sync request costs one retain of its Bind's buffer, released here.
            retryable = false;
            releaseRecorded();
        }
        if (recording && retryable) {
            recordedBytes += total;
            if (recordedBytes > MAX_RECORDED_BYTES) {
                retryable = false;
                releaseRecorded();
            } else {
                keep(in, start, total);
            }
        }
        if (tag == FrontendTag.SYNC || tag == FrontendTag.QUERY || tag == FrontendTag.FUNCTION_CALL) {
            requestOpen = false;
        }
    }

    /** A reply of {@code tag} went to the client; one carrying results makes the request no longer retryable. */
    void replyForwarded(byte tag) {
        if (RESULT_TAGS.indexOf(tag) >= 0) {
            resultsSeen = true;
        }
    }

    /**
     * An error PostgreSQL sent for the client's request, the tracker's head being {@code atBind}.
     *
     * @return true when Sluice keeps it (ownership taken) until the request's ReadyForQuery, where it retries or
     *     hands the error on
     */
    boolean hold(ByteBuf frame, ErrorResponse error, boolean atBind) {
        if (!atBind || !retryable || !recording || resultsSeen || heldError != null || recorded == 0
                || !SqlState.FEATURE_NOT_SUPPORTED.equals(error.sqlState()) || error.message() == null
                || !error.message().contains("cached plan must not change result type")) {
            return false;
        }
        heldError = frame;
        return true;
    }

    /**
     * At the request's ReadyForQuery: when an error is held, either resends the recorded messages through
     * {@code resend} (nothing else outstanding) and returns true, or hands the held error to {@code deliver} and
     * returns false. Without a held error, just ends the request.
     */
    boolean atReadyForQuery(boolean nothingElseOutstanding, Consumer<ByteBuf> resend, Consumer<ByteBuf> deliver) {
        ByteBuf error = heldError;
        heldError = null;
        if (error == null) {
            clear();
            return false;
        }
        // The rest of the request (its Describe, its Sync) may have arrived after the error: decided only now.
        if (!nothingElseOutstanding || !describes || !retryable) {
            clear();
            deliver.accept(error);
            return false;
        }
        error.release();
        replaying = true;
        try {
            for (int i = 0; i < recorded; i++) {
                resend.accept(sources[i].retainedSlice(starts[i], lengths[i]));
            }
        } finally {
            replaying = false;
            clear();
            // Once only: the replayed request is not retried again.
            retryable = false;
        }
        return true;
    }

    /** Whether an error is kept for the request's ReadyForQuery to decide on. */
    boolean holdsError() {
        return heldError != null;
    }

    /** The client left or the server closed: everything kept is released. */
    void clear() {
        releaseRecorded();
        recording = false;
        resultsSeen = false;
        if (heldError != null) {
            heldError.release();
            heldError = null;
        }
    }

    private void keep(ByteBuf in, int start, int total) {
        if (recorded == sources.length) {
            sources = Arrays.copyOf(sources, recorded * 2);
            starts = Arrays.copyOf(starts, recorded * 2);
            lengths = Arrays.copyOf(lengths, recorded * 2);
        }
        sources[recorded] = in.retain();
        starts[recorded] = start;
        lengths[recorded] = total;
        recorded++;
    }

    private void releaseRecorded() {
        for (int i = 0; i < recorded; i++) {
            sources[i].release();
            sources[i] = null;
        }
        recorded = 0;
        recordedBytes = 0;
        if (sources.length > 64) {
            // A long pipeline was kept once: its arrays are not held for the server's life.
            sources = new ByteBuf[INITIAL_ENTRIES];
            starts = new int[INITIAL_ENTRIES];
            lengths = new int[INITIAL_ENTRIES];
        }
    }
}
