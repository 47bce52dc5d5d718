package io.sluice.protocol.backend;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.sluice.protocol.BackendTag;
import io.sluice.protocol.ProtocolException;
import io.sluice.protocol.Tags;
import io.sluice.protocol.frame.FrameWriter;
import io.sluice.protocol.frame.Frames;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The fields of an ErrorResponse ('E') or NoticeResponse ('N'), keyed by their one-byte codes, in wire order.
 *
 * @param fields field code to value, ordered and unmodifiable
 * @see <a href="https://www.postgresql.org/docs/current/protocol-error-fields.html">Error and Notice Message
 *     Fields</a>
 */
public record ErrorResponse(Map<Character, String> fields) {

    /** Severity, possibly localized. */
    public static final char SEVERITY = 'S';
    /** Severity, never localized (PostgreSQL 9.6+). */
    public static final char SEVERITY_NON_LOCALIZED = 'V';
    /** SQLSTATE code. */
    public static final char CODE = 'C';
    /** Primary message. */
    public static final char MESSAGE = 'M';
    /** Detail. */
    public static final char DETAIL = 'D';
    /** Hint. */
    public static final char HINT = 'H';

    /** Copies the fields, keeping their order; codes must be non-zero single bytes. */
    public ErrorResponse {
        Objects.requireNonNull(fields, "fields");
        Map<Character, String> copy = new LinkedHashMap<>();
        fields.forEach((code, value) -> {
            if (code == 0 || code > 0xff) {
                throw new IllegalArgumentException("field code: " + (int) code + " (expected: 1..255)");
            }
            copy.put(code, Objects.requireNonNull(value, "value"));
        });
        fields = Collections.unmodifiableMap(copy);
    }

    /**
     * Creates an error with severity (both the localized and non-localized field), SQLSTATE and message.
     *
     * @param severity {@code ERROR}, {@code FATAL}, {@code PANIC}, {@code WARNING}, {@code NOTICE}...
     */
    public static ErrorResponse of(String severity, String sqlState, String message) {
        Map<Character, String> fields = new LinkedHashMap<>();
        fields.put(SEVERITY, severity);
        fields.put(SEVERITY_NON_LOCALIZED, severity);
        fields.put(CODE, sqlState);
        fields.put(MESSAGE, message);
        return new ErrorResponse(fields);
    }

    /** Returns a copy with the detail field set. */
    public ErrorResponse withDetail(String detail) {
        return with(DETAIL, detail);
    }

    /** Returns a copy with the hint field set. */
    public ErrorResponse withHint(String hint) {
        return with(HINT, hint);
    }

    /** Returns a copy with one field set (replaced in place if present, else appended). */
    public ErrorResponse with(char code, String value) {
        Map<Character, String> copy = new LinkedHashMap<>(fields);
        copy.put(code, value);
        return new ErrorResponse(copy);
    }

    /** Returns the severity field ('S'), or {@code null}. */
    public String severity() {
        return fields.get(SEVERITY);
    }

    /** Returns the SQLSTATE ('C'), or {@code null}. */
    public String sqlState() {
        return fields.get(CODE);
    }

    /** Returns the message ('M'), or {@code null}. */
    public String message() {
        return fields.get(MESSAGE);
    }

    /** Returns the detail ('D'), or {@code null}. */
    public String detail() {
        return fields.get(DETAIL);
    }

    /** Returns the hint ('H'), or {@code null}. */
    public String hint() {
        return fields.get(HINT);
    }

    /**
     * Returns whether the error ends the session: severity {@code FATAL} or {@code PANIC}, preferring the
     * non-localized field since 'S' may be translated.
     */
    public boolean isFatal() {
        String severity = fields.getOrDefault(SEVERITY_NON_LOCALIZED, fields.get(SEVERITY));
        return "FATAL".equals(severity) || "PANIC".equals(severity);
    }

    /**
     * Reads an ErrorResponse or NoticeResponse frame.
     *
     * @throws ProtocolException if the tag is neither 'E' nor 'N', or the fields are not terminated
     */
    public static ErrorResponse read(ByteBuf frame) {
        byte tag = Frames.tag(frame);
        if (tag != BackendTag.ERROR_RESPONSE && tag != BackendTag.NOTICE_RESPONSE) {
            throw new ProtocolException("ErrorResponse tag: " + Tags.describe(tag) + " (expected: 'E' or 'N')");
        }
        ByteBuf body = Frames.body(frame);
        Map<Character, String> fields = new LinkedHashMap<>();
        while (true) {
            Frames.require(body, 1, "ErrorResponse");
            byte code = body.readByte();
            if (code == 0) {
                break;
            }
            fields.put((char) (code & 0xff), Frames.readCString(body));
        }
        Frames.requireEnd(body, "ErrorResponse");
        return new ErrorResponse(fields);
    }

    /** Writes an ErrorResponse ('E'). */
    public ByteBuf write(ByteBufAllocator alloc) {
        return write(alloc, BackendTag.ERROR_RESPONSE);
    }

    /** Writes the same fields as a NoticeResponse ('N'). */
    public ByteBuf writeNotice(ByteBufAllocator alloc) {
        return write(alloc, BackendTag.NOTICE_RESPONSE);
    }

    private ByteBuf write(ByteBufAllocator alloc, byte tag) {
        ByteBuf out = alloc.buffer();
        int at = FrameWriter.begin(out, tag);
        fields.forEach((code, value) -> {
            out.writeByte(code);
            Frames.writeCString(out, value);
        });
        out.writeByte(0);
        FrameWriter.end(out, at);
        return out;
    }
}
