package io.sluice.proxy.it;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.sluice.protocol.auth.ScramSha256Client;
import io.sluice.protocol.frontend.PasswordMessages;
import io.sluice.protocol.frontend.StartupMessage;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;

/** A hand-driven PostgreSQL client on a raw socket, for tests that must send what no driver would. */
final class RawClient {

    private RawClient() {
    }

    /** Connects, logs in with SCRAM-SHA-256 and reads up to the first ReadyForQuery. */
    static Socket login(int port, String user, String database, String password) throws IOException {
        Socket socket = startLogin(port, user, database);
        finishLogin(socket, password);
        return socket;
    }

    /** Connects and sends the startup packet; {@link #finishLogin} reads the answer. */
    static Socket startLogin(int port, String user, String database) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        Map<String, String> params = new LinkedHashMap<>();
        params.put("user", user);
        params.put("database", database);
        send(socket.getOutputStream(),
                new StartupMessage(StartupMessage.PROTOCOL_3_0, params).write(Unpooled.buffer().alloc()));
        return socket;
    }

    /** Answers what the server asks for (SCRAM-SHA-256, or nothing under trust) up to the first ReadyForQuery. */
    static void finishLogin(Socket socket, String password) throws IOException {
        OutputStream out = socket.getOutputStream();
        DataInputStream in = new DataInputStream(socket.getInputStream());
        ScramSha256Client scram = new ScramSha256Client(password, new SecureRandom());
        while (true) {
            byte tag = in.readByte();
            byte[] body = new byte[in.readInt() - 4];
            in.readFully(body);
            if (tag == 'R') {
                int type = ((body[0] & 0xff) << 24) | ((body[1] & 0xff) << 16) | ((body[2] & 0xff) << 8)
                        | (body[3] & 0xff);
                byte[] data = java.util.Arrays.copyOfRange(body, 4, body.length);
                switch (type) {
                    case 10 -> send(out, PasswordMessages.writeSaslInitialResponse(Unpooled.buffer().alloc(),
                            "SCRAM-SHA-256", scram.clientFirst()));
                    case 11 -> send(out, PasswordMessages.writeSaslResponse(Unpooled.buffer().alloc(),
                            scram.clientFinal(data)));
                    case 12 -> scram.verifyServerFinal(data);
                    case 0 -> {
                        // logged in; parameters, key and ReadyForQuery follow
                    }
                    default -> throw new IOException("unexpected authentication request " + type);
                }
            } else if (tag == 'E') {
                throw new IOException("login failed: " + new String(body, java.nio.charset.StandardCharsets.UTF_8));
            } else if (tag == 'Z') {
                return;
            }
        }
    }

    /** A StartupMessage (protocol 3.0) for {@code user} and {@code database}, as bytes. */
    static byte[] startupPacket(String user, String database) {
        ByteBuf packet = new StartupMessage(StartupMessage.PROTOCOL_3_0, Map.of("user", user, "database", database))
                .write(Unpooled.buffer().alloc());
        try {
            return ByteBufUtil.getBytes(packet);
        } finally {
            packet.release();
        }
    }

    private static void send(OutputStream out, ByteBuf message) throws IOException {
        try {
            out.write(ByteBufUtil.getBytes(message));
            out.flush();
        } finally {
            message.release();
        }
    }
}
