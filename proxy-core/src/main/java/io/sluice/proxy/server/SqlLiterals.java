package io.sluice.proxy.server;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.frame.PgFrameDecoder;

/** SQL text the proxy writes itself, and the few command tags it must recognise. */
public final class SqlLiterals {

    private SqlLiterals() {
    }

    /** A string literal that means {@code value} whatever {@code standard_conforming_strings} is. */
    public static String string(String value) {
        String quoted = value.replace("'", "''");
        if (quoted.indexOf('\\') >= 0) {
            return "E'" + quoted.replace("\\", "\\\\") + "'";
        }
        return "'" + quoted + "'";
    }

    /**
     * Whether a {@code CommandComplete} frame's tag is {@code SET}, {@code RESET} or {@code DISCARD …}: commands
     * that change session settings. Reads the tag in place, without allocating.
     */
    static boolean changesSettings(ByteBuf frame) {
        return changesSettings(frame, frame.readerIndex(), frame.writerIndex());
    }

    /** {@link #changesSettings(ByteBuf)} for the frame from {@code start} to {@code end} of {@code buf}. */
    static boolean changesSettings(ByteBuf buf, int start, int end) {
        int at = start + PgFrameDecoder.HEADER_LENGTH;
        return tagIs(buf, at, end, "SET") || tagIs(buf, at, end, "RESET") || tagStarts(buf, at, end, "DISCARD");
    }

    /**
     * Whether a {@code Query} frame's SQL starts with {@code keyword} (any case, after blanks): a cheap test before
     * the text is decoded, so ordinary queries are never turned into strings.
     */
    static boolean startsWithKeyword(ByteBuf frame, String keyword) {
        int at = frame.readerIndex() + PgFrameDecoder.HEADER_LENGTH;
        int end = frame.writerIndex();
        while (at < end && Character.isWhitespace(frame.getByte(at))) {
            at++;
        }
        if (at + keyword.length() > end) {
            return false;
        }
        for (int i = 0; i < keyword.length(); i++) {
            if (Character.toUpperCase(frame.getByte(at + i)) != keyword.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Whether a {@code CommandComplete} tag says every prepared statement of the session is gone. */
    static boolean dropsPreparedStatements(ByteBuf frame) {
        return dropsPreparedStatements(frame, frame.readerIndex(), frame.writerIndex());
    }

    /** {@link #dropsPreparedStatements(ByteBuf)} for the frame from {@code start} to {@code end} of {@code buf}. */
    static boolean dropsPreparedStatements(ByteBuf buf, int start, int end) {
        int at = start + PgFrameDecoder.HEADER_LENGTH;
        return tagIs(buf, at, end, "DEALLOCATE ALL") || tagIs(buf, at, end, "DISCARD ALL");
    }

    /** Whether a {@code CommandComplete} tag is {@code RESET} or {@code DISCARD ALL}: settings back to defaults. */
    static boolean resetsSettings(ByteBuf frame) {
        int at = frame.readerIndex() + PgFrameDecoder.HEADER_LENGTH;
        int end = frame.writerIndex();
        return tagIs(frame, at, end, "RESET") || tagIs(frame, at, end, "DISCARD ALL");
    }

    private static boolean tagIs(ByteBuf frame, int at, int end, String tag) {
        return tagStarts(frame, at, end, tag) && at + tag.length() < end && frame.getByte(at + tag.length()) == 0;
    }

    private static boolean tagStarts(ByteBuf frame, int at, int end, String prefix) {
        if (at + prefix.length() > end) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (frame.getByte(at + i) != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
