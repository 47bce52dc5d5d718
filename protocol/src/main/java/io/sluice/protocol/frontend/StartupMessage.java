package io.sluice.protocol.frontend;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.sluice.protocol.ProtocolException;
import io.sluice.protocol.frame.FrameWriter;
import io.sluice.protocol.frame.Frames;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The StartupMessage: protocol version and the connection parameters ({@code user}, {@code database},
 * {@code options}, {@code application_name}, any GUC), in the order the client sent them.
 *
 * <p>Also holds the codes of the other untyped first packets, which share its layout's first 8 bytes.
 *
 * @param protocolVersion major version in the high 16 bits, minor in the low
 * @param parameters the name/value pairs, ordered and unmodifiable
 * @see <a href="https://www.postgresql.org/docs/current/protocol-message-formats.html">StartupMessage</a>
 */
public record StartupMessage(int protocolVersion, Map<String, String> parameters) {

    /** Protocol 3.0. */
    public static final int PROTOCOL_3_0 = 196608;
    /** SSLRequest code: 1234 in the high 16 bits, 5679 in the low. */
    public static final int SSL_REQUEST_CODE = 80877103;
    /** GSSENCRequest code: 1234 / 5680. */
    public static final int GSSENC_REQUEST_CODE = 80877104;
    /** CancelRequest code: 1234 / 5678. */
    public static final int CANCEL_REQUEST_CODE = 80877102;

    /** Copies the parameters, keeping their order. */
    public StartupMessage {
        Objects.requireNonNull(parameters, "parameters");
        Map<String, String> copy = new LinkedHashMap<>();
        parameters.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "parameter name"),
                Objects.requireNonNull(v, "parameter value")));
        parameters = Collections.unmodifiableMap(copy);
    }

    /** Returns the int32 after the length of an untyped packet: a protocol version or a request code. */
    public static int code(ByteBuf packet) {
        Frames.require(packet, 8, "startup packet");
        return packet.getInt(packet.readerIndex() + 4);
    }

    /**
     * Reads a whole StartupMessage packet, length included.
     *
     * @throws ProtocolException if the length disagrees with the packet, a string is unterminated, or the
     *     list does not end with the single terminating NUL PostgreSQL requires
     */
    public static StartupMessage read(ByteBuf packet) {
        int length = packet.readableBytes();
        Frames.require(packet, 8, "startup packet");
        int declared = packet.getInt(packet.readerIndex());
        if (declared != length) {
            throw new ProtocolException("startup packet length: " + declared + " (expected: " + length + ")");
        }
        int version = packet.getInt(packet.readerIndex() + 4);
        ByteBuf body = packet.slice(packet.readerIndex() + 8, length - 8);
        Map<String, String> parameters = new LinkedHashMap<>();
        while (true) {
            if (!body.isReadable()) {
                throw new ProtocolException("startup packet terminator: missing (expected: NUL after the last pair)");
            }
            if (body.getByte(body.readerIndex()) == 0) {
                body.skipBytes(1);
                break;
            }
            String name = Frames.readCString(body);
            String value = Frames.readCString(body);
            parameters.put(name, value);
        }
        Frames.requireEnd(body, "startup packet");
        return new StartupMessage(version, parameters);
    }

    /** Writes the packet; the caller owns the returned buffer. */
    public ByteBuf write(ByteBufAllocator alloc) {
        ByteBuf out = alloc.buffer();
        int at = FrameWriter.beginUntyped(out);
        out.writeInt(protocolVersion);
        parameters.forEach((name, value) -> {
            Frames.writeCString(out, name);
            Frames.writeCString(out, value);
        });
        out.writeByte(0);
        FrameWriter.end(out, at);
        return out;
    }

    /** Returns the {@code user} parameter, or {@code null} if the client sent none (PostgreSQL refuses that). */
    public String user() {
        return parameters.get("user");
    }

    /** Returns the {@code database} parameter; like PostgreSQL, the user name when absent or empty. */
    public String database() {
        String database = parameters.get("database");
        return database == null || database.isEmpty() ? user() : database;
    }

    /**
     * Parses the {@code options} parameter into GUC settings, as PostgreSQL does with {@code pg_split_opts}
     * and {@code process_postgres_switches}: items are separated by whitespace, a backslash makes the next
     * character literal, and each item is {@code -c name=value}, {@code -cname=value} or
     * {@code --name=value}. Dashes in names become underscores ({@code ParseLongOption}).
     *
     * @return the settings in order; a later duplicate wins
     * @throws ProtocolException for any other switch or a setting without {@code =}
     */
    public static Map<String, String> parseOptions(String options) {
        Map<String, String> settings = new LinkedHashMap<>();
        var items = OptionsSplitter.split(options);
        for (int i = 0; i < items.size(); i++) {
            String item = items.get(i);
            String setting;
            if (item.equals("-c")) {
                if (i + 1 == items.size()) {
                    throw new ProtocolException("options switch: -c (expected: -c name=value)");
                }
                setting = items.get(++i);
            } else if (item.startsWith("--") || item.startsWith("-c")) {
                setting = item.substring(2);
            } else {
                throw new ProtocolException(
                        "options switch: " + item + " (expected: -c name=value or --name=value)");
            }
            int eq = setting.indexOf('=');
            if (eq <= 0) {
                throw new ProtocolException("options setting: " + setting + " (expected: name=value)");
            }
            settings.put(setting.substring(0, eq).replace('-', '_'), setting.substring(eq + 1));
        }
        return settings;
    }
}
