package io.sluice.bench.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * Opens many PostgreSQL client connections from one thread, for {@code bench/run}'s idle-cost and
 * connection-storm measurements, where pgbench cannot help (it keeps every client busy, and opens at most a
 * few thousand).
 *
 * <ul>
 *   <li>{@code idle}: logs in {@code --clients} clients, prints {@code READY <logged-in> <errors> <seconds>}
 *       and holds every connection open until the process is killed (or {@code --hold} seconds pass).</li>
 *   <li>{@code storm}: starts all {@code --clients} connections at once; each logs in, runs {@code SELECT 1}
 *       and leaves with Terminate. Prints {@code DONE <ok> <errors> <seconds>} and exits.</li>
 * </ul>
 *
 * <p>Connections are bound to source addresses 127.0.0.1, 127.0.0.2, ... ({@code --per-source} clients each)
 * so that more clients fit than one address has ephemeral ports. Authentication is SCRAM-SHA-256 (or
 * cleartext, or none): the salted password is computed once per salt, since a client that ran PBKDF2 for
 * each of 50 000 logins would measure itself rather than the proxy.
 *
 * <p>Usage: {@code LoadClients idle|storm --port P [--host H] [--user U] [--password W] [--db D]
 * [--clients N] [--per-source N] [--hold S] [--first-source K]}
 */
public final class LoadClients {

    private final Options options;
    private final Scram scram;
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(64 * 1024);
    private int ready;
    private int done;
    private int errors;
    private String firstError;

    private LoadClients(Options options) {
        this.options = options;
        this.scram = new Scram(options.password);
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        new LoadClients(options).run();
    }

    private void run() throws IOException, InterruptedException {
        long start = System.nanoTime();
        try (Selector selector = Selector.open()) {
            List<Conn> conns = new ArrayList<>(options.clients);
            for (int i = 0; i < options.clients; i++) {
                Conn conn = new Conn();
                String source = "127.0.0." + (options.firstSource + i / options.perSource);
                try {
                    SocketChannel ch = SocketChannel.open();
                    ch.configureBlocking(false);
                    ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                    ch.bind(new InetSocketAddress(source, 0));
                    conn.channel = ch;
                    if (ch.connect(new InetSocketAddress(options.host, options.port))) {
                        conn.key = ch.register(selector, SelectionKey.OP_READ, conn);
                        sendStartup(conn);
                    } else {
                        conn.key = ch.register(selector, SelectionKey.OP_CONNECT, conn);
                    }
                    conns.add(conn);
                } catch (IOException e) {
                    fail(conn, "connect: " + e);
                }
            }
            long deadline = System.nanoTime() + options.timeoutSeconds * 1_000_000_000L;
            while (ready + done + errors < options.clients && System.nanoTime() < deadline) {
                selector.select(100);
                Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                while (it.hasNext()) {
                    SelectionKey key = it.next();
                    it.remove();
                    handle((Conn) key.attachment(), key);
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            int missing = options.clients - ready - done - errors;
            if (firstError != null) {
                System.err.println("first error: " + firstError);
            }
            if (options.storm) {
                System.out.printf(Locale.ROOT, "DONE %d %d %.3f%n", done, errors + missing, seconds);
                System.out.flush();
                return;
            }
            System.out.printf(Locale.ROOT, "READY %d %d %.3f%n", ready, errors + missing, seconds);
            System.out.flush();
            // Hold the connections; answer nothing. Killing the process closes them all.
            long holdUntil = System.nanoTime() + options.holdSeconds * 1_000_000_000L;
            while (System.nanoTime() < holdUntil) {
                Thread.sleep(200);
            }
            for (Conn conn : conns) {
                conn.close();
            }
        }
    }

    private void handle(Conn conn, SelectionKey key) {
        try {
            if (!key.isValid()) {
                return;
            }
            if (key.isConnectable()) {
                conn.channel.finishConnect();
                key.interestOps(SelectionKey.OP_READ);
                sendStartup(conn);
                return;
            }
            if (key.isWritable()) {
                flushPending(conn);
            }
            if (key.isReadable()) {
                readBuffer.clear();
                int n = conn.channel.read(readBuffer);
                if (n < 0) {
                    fail(conn, "connection closed by the server");
                    return;
                }
                readBuffer.flip();
                ByteBuffer in = readBuffer;
                if (conn.pendingIn != null) {
                    ByteBuffer joined = ByteBuffer.allocate(conn.pendingIn.length + in.remaining());
                    joined.put(conn.pendingIn).put(in).flip();
                    conn.pendingIn = null;
                    in = joined;
                }
                while (in.remaining() >= 5 && conn.state != State.CLOSED) {
                    int length = in.getInt(in.position() + 1);
                    if (in.remaining() < length + 1) {
                        break;
                    }
                    byte tag = in.get();
                    in.getInt();
                    byte[] body = new byte[length - 4];
                    in.get(body);
                    onMessage(conn, tag, body);
                }
                if (in.hasRemaining() && conn.state != State.CLOSED) {
                    conn.pendingIn = new byte[in.remaining()];
                    in.get(conn.pendingIn);
                }
            }
        } catch (IOException | RuntimeException e) {
            fail(conn, e.toString());
        }
    }

    private void onMessage(Conn conn, byte tag, byte[] body) throws IOException {
        switch (tag) {
            case 'R' -> onAuthentication(conn, ByteBuffer.wrap(body));
            case 'E' -> fail(conn, "ErrorResponse: " + errorText(body));
            case 'Z' -> onReady(conn);
            default -> {
                // ParameterStatus, BackendKeyData, NoticeResponse, RowDescription, DataRow, CommandComplete
            }
        }
    }

    private void onAuthentication(Conn conn, ByteBuffer body) throws IOException {
        int code = body.getInt();
        switch (code) {
            case 0 -> { } // AuthenticationOk
            case 3 -> send(conn, message('p', cString(options.password)));
            case 10 -> {
                conn.clientFirstBare = scram.clientFirstBare();
                byte[] first = ("n,," + conn.clientFirstBare).getBytes(StandardCharsets.UTF_8);
                byte[] mechanism = cString("SCRAM-SHA-256");
                ByteBuffer payload = ByteBuffer.allocate(mechanism.length + 4 + first.length);
                payload.put(mechanism).putInt(first.length).put(first);
                send(conn, message('p', payload.array()));
            }
            case 11 -> {
                byte[] serverFirst = new byte[body.remaining()];
                body.get(serverFirst);
                byte[] clientFinal = scram.clientFinal(conn.clientFirstBare,
                        new String(serverFirst, StandardCharsets.UTF_8));
                send(conn, message('p', clientFinal));
            }
            case 12 -> { } // SASLFinal: the server's signature is not checked here
            default -> fail(conn, "unsupported authentication request " + code);
        }
    }

    private void onReady(Conn conn) throws IOException {
        switch (conn.state) {
            case LOGIN -> {
                if (options.storm) {
                    conn.state = State.QUERY;
                    send(conn, message('Q', cString("SELECT 1")));
                } else {
                    conn.state = State.IDLE;
                    ready++;
                }
            }
            case QUERY -> {
                send(conn, message('X', new byte[0]));
                conn.close();
                done++;
            }
            default -> { }
        }
    }

    private void sendStartup(Conn conn) throws IOException {
        byte[] params = (options.user.isEmpty() ? "" : "user\0" + options.user + "\0")
                .concat("database\0" + options.db + "\0\0").getBytes(StandardCharsets.UTF_8);
        ByteBuffer startup = ByteBuffer.allocate(8 + params.length);
        startup.putInt(8 + params.length).putInt(196608).put(params).flip();
        send(conn, startup);
    }

    private void send(Conn conn, ByteBuffer buf) throws IOException {
        if (conn.pendingOut != null) {
            ByteBuffer joined = ByteBuffer.allocate(conn.pendingOut.remaining() + buf.remaining());
            joined.put(conn.pendingOut).put(buf).flip();
            conn.pendingOut = joined;
            return;
        }
        conn.channel.write(buf);
        if (buf.hasRemaining()) {
            conn.pendingOut = buf;
            conn.key.interestOps(conn.key.interestOps() | SelectionKey.OP_WRITE);
        }
    }

    private void flushPending(Conn conn) throws IOException {
        if (conn.pendingOut != null) {
            conn.channel.write(conn.pendingOut);
            if (!conn.pendingOut.hasRemaining()) {
                conn.pendingOut = null;
                conn.key.interestOps(SelectionKey.OP_READ);
            }
        }
    }

    private void fail(Conn conn, String why) {
        if (conn.state == State.CLOSED) {
            return;
        }
        if (conn.state == State.IDLE) {
            ready--;
        }
        errors++;
        if (firstError == null) {
            firstError = why;
        }
        conn.close();
    }

    private static ByteBuffer message(char tag, byte[] body) {
        ByteBuffer buf = ByteBuffer.allocate(5 + body.length);
        buf.put((byte) tag).putInt(4 + body.length).put(body).flip();
        return buf;
    }

    private static byte[] cString(String s) {
        return (s + "\0").getBytes(StandardCharsets.UTF_8);
    }

    private static String errorText(byte[] body) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < body.length && body[i] != 0) {
            char field = (char) body[i++];
            int end = i;
            while (end < body.length && body[end] != 0) {
                end++;
            }
            if (field == 'C' || field == 'M') {
                sb.append(field).append('=').append(new String(body, i, end - i, StandardCharsets.UTF_8)).append(' ');
            }
            i = end + 1;
        }
        return sb.toString().trim();
    }

    private enum State { LOGIN, IDLE, QUERY, CLOSED }

    private static final class Conn {
        SocketChannel channel;
        SelectionKey key;
        State state = State.LOGIN;
        String clientFirstBare;
        byte[] pendingIn;
        ByteBuffer pendingOut;

        void close() {
            state = State.CLOSED;
            pendingIn = null;
            pendingOut = null;
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // closing is best effort
                }
            }
        }
    }

    /** The command line. */
    private static final class Options {
        boolean storm;
        String host = "127.0.0.1";
        int port;
        String user = "bench";
        String password = "bench";
        String db = "bench";
        int clients = 1000;
        int perSource = 20_000;
        int firstSource = 1;
        long holdSeconds = 3600;
        long timeoutSeconds = 300;

        static Options parse(String[] args) {
            Options o = new Options();
            if (args.length == 0 || !(args[0].equals("idle") || args[0].equals("storm"))) {
                throw new IllegalArgumentException("usage: LoadClients idle|storm --port P [options]");
            }
            o.storm = args[0].equals("storm");
            for (int i = 1; i + 1 < args.length; i += 2) {
                String v = args[i + 1];
                switch (args[i]) {
                    case "--host" -> o.host = v;
                    case "--port" -> o.port = Integer.parseInt(v);
                    case "--user" -> o.user = v;
                    case "--password" -> o.password = v;
                    case "--db" -> o.db = v;
                    case "--clients" -> o.clients = Integer.parseInt(v);
                    case "--per-source" -> o.perSource = Integer.parseInt(v);
                    case "--first-source" -> o.firstSource = Integer.parseInt(v);
                    case "--hold" -> o.holdSeconds = Long.parseLong(v);
                    case "--timeout" -> o.timeoutSeconds = Long.parseLong(v);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (o.port == 0) {
                throw new IllegalArgumentException("--port is required");
            }
            return o;
        }
    }
}
