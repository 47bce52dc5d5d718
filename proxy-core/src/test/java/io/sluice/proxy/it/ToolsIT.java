package io.sluice.proxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sluice.proxy.Sluice;
import io.sluice.testing.PostgresExtension;
import io.sluice.testing.TestPostgres;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** psql and pgbench through Sluice, where they are installed; skipped with a message where they are not. */
@ExtendWith(PostgresExtension.class)
class ToolsIT {

    private static Sluice sluice;

    @BeforeAll
    static void start(TestPostgres pg) throws Exception {
        ItEnv.prepare(pg);
        sluice = ItEnv.start(ItEnv.config(pg, 4, ""));
    }

    @AfterAll
    static void stop() {
        sluice.close();
    }

    @Test
    void psqlRunsQueriesAndMetaCommands() throws Exception {
        String psql = tool("psql");
        ExternalTool.Result r = run(List.of(psql, "-X", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-c", "SELECT 6 * 7",
                "-c", "\\conninfo", connectionString()));
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.output().startsWith("42"), r.output());
    }

    @Test
    void pgbenchInitialisesAndRunsInEveryQueryMode() throws Exception {
        String pgbench = tool("pgbench");
        ExternalTool.Result init = run(List.of(pgbench, "-i", "-s", "1", "-q", connectionString()));
        assertEquals(0, init.exit(), init.output());
        for (String mode : List.of("simple", "extended", "prepared")) {
            ExternalTool.Result bench = run(List.of(pgbench, "-n", "-c", "4", "-j", "2", "-t", "200", "-M", mode,
                    connectionString()));
            assertEquals(0, bench.exit(), mode + ": " + bench.output());
            assertTrue(bench.output().contains("number of failed transactions: 0"), mode + ": " + bench.output());
        }
    }

    @Test
    void pgbenchThroughTransactionPooling(TestPostgres pg) throws Exception {
        String pgbench = tool("pgbench");
        assertEquals(0, run(List.of(pgbench, "-i", "-s", "1", "-q", connectionString(sluice))).exit());
        try (Sluice pooled = ItEnv.start(ItEnv.config(pg, "transaction", 10, ""))) {
            ExternalTool.Result psql = run(List.of(tool("psql"), "-X", "-A", "-t", "-v", "ON_ERROR_STOP=1",
                    "-c", "SELECT current_setting('sluice.pool_mode', true) IS NULL",
                    "-c", "BEGIN", "-c", "SELECT 7", "-c", "COMMIT", connectionString(pooled)));
            assertEquals(0, psql.exit(), psql.output());
            assertTrue(psql.output().contains("7"), psql.output());
            // 50 clients share 10 servers, in every query mode, named prepared statements included.
            for (String mode : List.of("simple", "extended", "prepared")) {
                ExternalTool.Result bench = run(List.of(pgbench, "-n", "-c", "50", "-j", "2", "-t", "40", "-M", mode,
                        connectionString(pooled)));
                assertEquals(0, bench.exit(), mode + ": " + bench.output());
                assertTrue(bench.output().contains("number of failed transactions: 0"), mode + ": " + bench.output());
            }
        }
    }

    @Test
    void nodePostgresNamedStatementsThroughTransactionPooling(TestPostgres pg) throws Exception {
        String node = tool("node");
        String npm = tool("npm");
        java.nio.file.Path dir = java.nio.file.Path.of("target", "node-pg").toAbsolutePath();
        java.nio.file.Files.createDirectories(dir);
        if (!java.nio.file.Files.isDirectory(dir.resolve("node_modules/pg"))) {
            ExternalTool.Result install = run(List.of(npm, "install", "--prefix", dir.toString(), "--no-audit",
                    "--no-fund", "--silent", "pg@8"));
            assumeTrue(install.exit() == 0, "npm could not install node-postgres here: " + install.output());
        }
        // Twenty clients on five servers; each runs one named statement in many transactions.
        String script = """
                const { Client } = require('pg');
                async function one(n) {
                  const c = new Client({ host: '127.0.0.1', port: %d, user: '%s', password: '%s', database: 'app' });
                  await c.connect();
                  let sum = 0;
                  for (let i = 0; i < 20; i++) {
                    const r = await c.query({ name: 'times-two', text: 'SELECT $1::int * 2 AS v', values: [i + n] });
                    sum += r.rows[0].v;
                  }
                  await c.end();
                  return sum;
                }
                Promise.all([...Array(20).keys()].map(one)).then(s => {
                  console.log('total ' + s.reduce((a, b) => a + b, 0));
                }).catch(e => { console.error('failed: ' + e.message + ' ' + e.code); process.exit(1); });
                """;
        try (Sluice pooled = ItEnv.start(ItEnv.config(pg, "transaction", 5, ""))) {
            java.nio.file.Path file = dir.resolve("named.js");
            java.nio.file.Files.writeString(file, script.formatted(pooled.port(), ItEnv.APP_USER,
                    ItEnv.APP_PASSWORD));
            ExternalTool.Result r = run(List.of(node, file.toString()));
            assertEquals(0, r.exit(), r.output());
            // sum over n < 20, i < 20 of 2 (i + n) = 2 * (20 * 190 + 20 * 190)
            assertTrue(r.output().contains("total 15200"), r.output());
        }
    }

    private static String connectionString() {
        return connectionString(sluice);
    }

    private static String connectionString(Sluice target) {
        return "host=127.0.0.1 port=" + target.port() + " dbname=app user=" + ItEnv.APP_USER;
    }

    private static String tool(String name) {
        return ExternalTool.require(name, "postgresql-client");
    }

    private static ExternalTool.Result run(List<String> command) throws Exception {
        return ExternalTool.run(command, Map.of("PGPASSWORD", ItEnv.APP_PASSWORD, "PGCONNECT_TIMEOUT", "10"), 120);
    }
}
