package io.sluice.proxy.it;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Backend messages read off a raw socket, for tests that check what Sluice answered: the tags in order, the
 * SQLSTATE and message of each ErrorResponse, and whether the socket was closed after them.
 */
final class WireReplies {

    /** One ErrorResponse: its SQLSTATE ('C') and message ('M'). */
    record Error(String sqlState, String message) {
    }

    private final StringBuilder tags = new StringBuilder();
    private final List<Error> errors = new ArrayList<>();
    private boolean closed;

    private WireReplies() {
    }

    /** Reads until Sluice closes the socket (or a reset, which counts as closed). */
    static WireReplies untilClosed(InputStream in) throws IOException {
        WireReplies replies = new WireReplies();
        DataInputStream data = new DataInputStream(in);
        while (replies.readOne(data)) {
            // keep reading
        }
        return replies;
    }

    /** Reads up to and including the next ReadyForQuery, or until the socket closes. */
    static WireReplies untilReady(InputStream in) throws IOException {
        WireReplies replies = new WireReplies();
        DataInputStream data = new DataInputStream(in);
        while (replies.readOne(data) && replies.tags.charAt(replies.tags.length() - 1) != 'Z') {
            // keep reading
        }
        return replies;
    }

    /** Reads one message; false once the socket is closed. */
    private boolean readOne(DataInputStream in) throws IOException {
        byte tag;
        byte[] body;
        try {
            tag = in.readByte();
            int length = in.readInt();
            if (length < 4 || length > 1 << 20) {
                throw new IOException("implausible backend message length " + length + " after " + tags);
            }
            body = new byte[length - 4];
            in.readFully(body);
        } catch (EOFException | SocketException e) {
            closed = true;
            return false;
        }
        tags.append((char) tag);
        if (tag == 'E') {
            errors.add(parseError(body));
        }
        return true;
    }

    private static Error parseError(byte[] body) {
        String code = null;
        String message = null;
        int i = 0;
        while (i < body.length && body[i] != 0) {
            byte field = body[i++];
            int end = i;
            while (end < body.length && body[end] != 0) {
                end++;
            }
            String value = new String(body, i, end - i, StandardCharsets.UTF_8);
            if (field == 'C') {
                code = value;
            } else if (field == 'M') {
                message = value;
            }
            i = end + 1;
        }
        return new Error(code, message);
    }

    /** The backend message tags in the order they came, e.g. {@code "EZ"}. */
    String tags() {
        return tags.toString();
    }

    List<Error> errors() {
        return errors;
    }

    boolean closed() {
        return closed;
    }

    @Override
    public String toString() {
        return "tags " + tags + ", errors " + errors + (closed ? ", closed" : ", open");
    }
}
