package io.sluice.proxy.server;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * Writes the client requests and server replies of one {@code pgbench -S} transaction, byte for byte as libpq and
 * PostgreSQL send them, for the forward-path and rewriting benchmarks.
 */
final class WireMessages {

    static final String SELECT = "SELECT abalance FROM pgbench_accounts WHERE aid = $1";
    static final String SELECT_LITERAL = "SELECT abalance FROM pgbench_accounts WHERE aid = 48213;";
    static final String AID = "48213";

    private WireMessages() {
    }

    static void query(ByteBuf buf, String sql) {
        int at = begin(buf, 'Q');
        cString(buf, sql);
        end(buf, at);
    }

    static void parse(ByteBuf buf, String name, String sql, int... types) {
        int at = begin(buf, 'P');
        cString(buf, name);
        cString(buf, sql);
        buf.writeShort(types.length);
        for (int type : types) {
            buf.writeInt(type);
        }
        end(buf, at);
    }

    /** A Bind with one text parameter and default result formats, as PQexecParams sends it. */
    static void bind(ByteBuf buf, String portal, String statement, String value) {
        int at = begin(buf, 'B');
        cString(buf, portal);
        cString(buf, statement);
        buf.writeShort(0); // parameter formats: all text
        buf.writeShort(1);
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        buf.writeInt(bytes.length);
        buf.writeBytes(bytes);
        buf.writeShort(0); // result formats: all text
        end(buf, at);
    }

    static void describe(ByteBuf buf, char kind, String name) {
        int at = begin(buf, 'D');
        buf.writeByte(kind);
        cString(buf, name);
        end(buf, at);
    }

    static void close(ByteBuf buf, char kind, String name) {
        int at = begin(buf, 'C');
        buf.writeByte(kind);
        cString(buf, name);
        end(buf, at);
    }

    static void execute(ByteBuf buf) {
        int at = begin(buf, 'E');
        cString(buf, "");
        buf.writeInt(0);
        end(buf, at);
    }

    static void sync(ByteBuf buf) {
        end(buf, begin(buf, 'S'));
    }

    /** A reply without a body: ParseComplete '1', BindComplete '2', CloseComplete '3', NoData 'n'. */
    static void empty(ByteBuf buf, char tag) {
        end(buf, begin(buf, tag));
    }

    /** RowDescription, one DataRow and CommandComplete of {@code SELECT abalance ...}. */
    static void selectResult(ByteBuf buf) {
        int at = begin(buf, 'T');
        buf.writeShort(1);
        cString(buf, "abalance");
        buf.writeInt(16_397);   // table OID
        buf.writeShort(3);      // attribute number
        buf.writeInt(23);       // int4
        buf.writeShort(4);
        buf.writeInt(-1);
        buf.writeShort(0);
        end(buf, at);
        at = begin(buf, 'D');
        buf.writeShort(1);
        buf.writeInt(1);
        buf.writeByte('0');
        end(buf, at);
        at = begin(buf, 'C');
        cString(buf, "SELECT 1");
        end(buf, at);
    }

    static void readyForQuery(ByteBuf buf) {
        int at = begin(buf, 'Z');
        buf.writeByte('I');
        end(buf, at);
    }

    private static int begin(ByteBuf buf, char tag) {
        int at = buf.writerIndex();
        buf.writeByte(tag);
        buf.writeInt(0);
        return at;
    }

    private static void end(ByteBuf buf, int at) {
        buf.setInt(at + 1, buf.writerIndex() - at - 1);
    }

    private static void cString(ByteBuf buf, String s) {
        buf.writeCharSequence(s, StandardCharsets.UTF_8);
        buf.writeByte(0);
    }
}
