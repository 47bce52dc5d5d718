package io.sluice.cli;

import io.sluice.config.ConfigException;
import io.sluice.config.ConfigLoader;
import io.sluice.config.SluiceConfig;
import io.sluice.proxy.Sluice;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code sluice demo}: PostgreSQL 17 on a free port with Sluice in front of it, and the one URL to connect to.
 *
 * <p>Stdout gets exactly two lines, {@code DATABASE_URL=…} and a ready {@code psql} command, so scripts can read
 * them; progress goes to stderr. Ctrl-C (or SIGTERM) stops Sluice, then PostgreSQL, and removes PostgreSQL's data.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Start a throw-away PostgreSQL 17 with Sluice in front of it and print how to connect.",
            "Its data lives in a temporary directory, removed when Ctrl-C stops the demo.",
        })
final class DemoCommand implements Callable<Integer> {

    private static final String HOST = "127.0.0.1";

    @Spec
    private CommandSpec spec;

    @Option(
            names = "--port",
            paramLabel = "PORT",
            defaultValue = "6432",
            description = "Port Sluice listens on, 0 for any free one (default: ${DEFAULT-VALUE}).")
    private int port;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (port < 0 || port > 65535) {
            throw new ParameterException(spec.commandLine(), "--port: " + port + " (expected: 0..65535)");
        }
        // Sluice can only start once PostgreSQL's port is known, so check its port first: a demo that takes seconds
        // to start PostgreSQL and then fails on a port in use would be a poor first impression.
        int listenPort = port == 0 ? freePort() : port;
        if (PortInUse.probe(HOST, listenPort)) {
            return portInUse(err, listenPort);
        }

        err.println("starting PostgreSQL 17 (the first run unpacks it, which takes a few seconds)...");
        err.flush();
        DemoPostgres postgres = DemoPostgres.start();
        Sluice sluice;
        try {
            sluice = Sluice.start(config(listenPort, postgres.port()));
        } catch (IOException | RuntimeException e) {
            postgres.close();
            if (PortInUse.takenAddress(e) != null) {
                // The demo's metrics listener takes any free port, so a taken port is the clients'.
                return portInUse(err, listenPort);
            }
            throw e;
        }

        try (ShutdownHook hook = ShutdownHook.register("sluice-demo-shutdown", () -> {
            try {
                sluice.close();
            } finally {
                postgres.close();
            }
        })) {
            String url = "postgresql://" + DemoPostgres.ROLE + ':' + DemoPostgres.PASSWORD + '@' + HOST + ':'
                    + sluice.port() + '/' + DemoPostgres.DATABASE;
            out.println("DATABASE_URL=" + url);
            out.println("psql \"" + url + "\"");
            out.flush();
            err.println("Sluice (session pooling) is in front of PostgreSQL on " + HOST + ':' + postgres.port()
                    + "; Ctrl-C stops both");
            err.flush();
            sluice.awaitClosed();
        }
        return 0;
    }

    /** The demo's configuration, through the same loader and validation as a file given to {@code sluice run}. */
    static SluiceConfig config(int listenPort, int postgresPort) {
        String yaml = String.join("\n",
                "listen: { host: " + HOST + ", port: " + listenPort + " }",
                "pool: { mode: session }",
                "auth: { type: scram-sha-256 }",
                "databases:",
                "  " + DemoPostgres.DATABASE + ": { host: " + HOST + ", port: " + postgresPort
                        + ", dbname: " + DemoPostgres.DATABASE + " }",
                "users:",
                "  " + DemoPostgres.ROLE + ": { password: \"" + DemoPostgres.PASSWORD + "\" }",
                // A free port, so a demo never collides with a Sluice already running; the log shows the URL.
                "metrics: { host: " + HOST + ", port: 0 }",
                "");
        try {
            return ConfigLoader.parse(yaml, "<sluice demo>", Map.of());
        } catch (ConfigException e) {
            throw new IllegalStateException("the demo's own configuration is invalid:\n" + e.getMessage(), e);
        }
    }

    private static int portInUse(PrintWriter err, int listenPort) {
        err.println("port " + listenPort + " is in use; pick another with --port");
        err.flush();
        return SluiceCli.RUNTIME_ERROR;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
