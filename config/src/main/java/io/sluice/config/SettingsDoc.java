package io.sluice.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Renders {@code docs/settings.md} from the {@link Settings} table, so the reference cannot drift from the
 * code. {@code SettingsDocTest} fails when the committed file differs; run it with
 * {@code -Dsluice.updateDocs=true}, or run {@link #main}, to rewrite the file.
 */
public final class SettingsDoc {

    /** A small complete configuration, shown in the reference and parsed by the tests. */
    public static final String EXAMPLE_YAML = """
            listen: { host: 127.0.0.1, port: 6432 }
            pool: { mode: session, size: 20, max_client_conn: 10000, query_wait_timeout: 120s }
            auth: { type: scram-sha-256 }
            databases:
              app: { host: 127.0.0.1, port: 5432, dbname: app }
            users:
              app: { password: "${APP_PASSWORD}" }
            """;

    private static final String INTRO = """
            # Sluice settings

            <!-- Generated from io.sluice.config.Settings by io.sluice.config.SettingsDoc: do not edit by hand.
                 To regenerate: ./mvnw -B -q -pl config test -Dtest=SettingsDocTest -Dsluice.updateDocs=true -->

            Sluice reads its configuration from one YAML file. Every problem in it is reported at once, each as
            `FILE:LINE: key.path: message`, for example
            `sluice.yaml:12: pool.size: must be between 1 and 10000, got 0`. Unknown keys are errors, with the
            closest known key suggested. Setting names follow PgBouncer's where the concept is the same.

            ## Example

            ```yaml
            %s```

            ## Values

            - **Durations**: `500ms`, `30s`, `5m`, `1h`, `2d` (also `ns`, `us`); a bare integer means seconds.
            - **Sizes**: `1024` (bytes), `64KiB`, `256MiB`, `1GiB` (powers of 1024), `10kB`, `10MB` (powers of 1000).
            - **Environment variables**: `${VAR}` in any value is replaced by the variable's value, and
              `${VAR:-default}` falls back to `default` when `VAR` is unset or empty. An unset variable without a
              default is an error. `$${` writes a literal `${`; any other `$` is kept as is. Inside `{ ... }`, quote
              a value that starts with `${` (`password: "${APP_PASSWORD}"`), or YAML reads the `{` as a mapping.
            - **Passwords** (`users.*.password`) are plain text, an md5 hash (`md5` followed by 32 hex digits) or a
              SCRAM verifier (`SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>`). An md5 hash cannot
              answer `scram-sha-256` authentication, and a SCRAM verifier cannot answer `md5`.
            - In a setting's name, `*` stands for a database or user name, or under `hba` for one rule of the list
              (`hba: [ { user: app, source: 10.0.0.0/8, method: scram-sha-256 } ]`). The names `sluice` and
              `pgbouncer` are reserved for the admin console. TLS and access rules are explained in `security.md`.
            - **Reloadable** settings take effect on reload (`RELOAD` or SIGHUP); the others need a restart.

            ## Reference

            | setting | type | default | reloadable | description |
            |---|---|---|---|---|
            """;

    private SettingsDoc() {
    }

    /** The whole Markdown reference. */
    public static String render() {
        StringBuilder out = new StringBuilder(INTRO.formatted(EXAMPLE_YAML));
        for (Setting s : Settings.all()) {
            out.append("| `").append(s.key()).append("` | ")
                    .append(cell(s.typeDescription())).append(" | ")
                    .append(s.defaultValue() == null ? "—" : '`' + cell(s.defaultValue()) + '`').append(" | ")
                    .append(s.reloadable() ? "yes" : "no").append(" | ")
                    .append(cell(s.doc())).append(" |\n");
        }
        return out.toString();
    }

    /** Writes {@link #render()} to {@code file}, UTF-8. */
    static void write(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, render(), StandardCharsets.UTF_8);
    }

    /**
     * Writes the reference to {@code args[0]}, or to {@code docs/settings.md} under the working directory
     * (the repository root).
     */
    public static void main(String[] args) throws IOException {
        write(Path.of(args.length > 0 ? args[0] : "docs/settings.md"));
    }

    private static String cell(String text) {
        return text.replace("|", "\\|");
    }
}
