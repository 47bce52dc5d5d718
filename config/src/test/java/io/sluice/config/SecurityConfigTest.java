package io.sluice.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code client_tls}, {@code server_tls} and {@code hba} sections. */
class SecurityConfigTest {

    private static final String BASE = "auth: { type: trust }\ndatabases: { app: {} }\n";

    @TempDir
    Path dir;

    @Test
    void tlsIsOffAndThereAreNoRulesByDefault() throws ConfigException {
        SluiceConfig config = parse(BASE);
        assertEquals(ClientTlsConfig.DISABLED, config.clientTls());
        assertEquals(ServerTlsConfig.DISABLED, config.serverTls());
        assertEquals(List.of("TLSv1.2", "TLSv1.3"), config.clientTls().protocols());
        assertTrue(config.hba().isEmpty());
    }

    @Test
    void clientTlsWithItsFiles() throws ConfigException, IOException {
        Path cert = touch("server.crt");
        Path key = touch("server.key");
        Path ca = touch("ca.crt");
        SluiceConfig config = parse(BASE + """
                client_tls:
                  mode: verify-full
                  cert_file: %s
                  key_file: %s
                  key_password: hush
                  ca_file: %s
                  protocols: TLSv1.3
                  ciphers: TLS_AES_128_GCM_SHA256, TLS_AES_256_GCM_SHA384
                  provider: jdk
                """.formatted(cert, key, ca));
        ClientTlsConfig tls = config.clientTls();
        assertEquals(ClientTlsMode.VERIFY_FULL, tls.mode());
        assertEquals(Optional.of(cert.toString()), tls.certFile());
        assertEquals(List.of("TLSv1.3"), tls.protocols());
        assertEquals(List.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384"), tls.ciphers());
        assertEquals(TlsProvider.JDK, tls.provider());
        assertFalse(tls.toString().contains("hush"), tls.toString());
        assertTrue(tls.mode().required() && tls.mode().verifiesClients());
    }

    @Test
    void enabledTlsNeedsItsFilesAndTheyMustBeReadable() {
        List<ConfigProblem> problems = problems(BASE + """
                client_tls:
                  mode: verify-ca
                  cert_file: /nonexistent/server.crt
                server_tls: { mode: verify-full, key_file: /nonexistent/client.key }
                """);
        assertEquals(6, problems.size(), problems.toString());
        assertHas(problems, "server_tls.key_file", "cannot read file '/nonexistent/client.key'");
        assertHas(problems, "client_tls.cert_file", "cannot read file '/nonexistent/server.crt'");
        assertHas(problems, "client_tls.key_file", "is required when client_tls.mode is verify-ca");
        assertHas(problems, "client_tls.ca_file", "is required when client_tls.mode is verify-ca");
        assertHas(problems, "server_tls.ca_file", "is required when server_tls.mode is verify-full");
        assertHas(problems, "server_tls.cert_file", "is required with server_tls.key_file");
    }

    @Test
    void insecureTlsVersionsAndUnknownModesAreRefused() {
        List<ConfigProblem> problems = problems(BASE + """
                client_tls: { mode: sometimes, protocols: "TLSv1.1, TLSv1.2" }
                server_tls: { mode: allow }
                """);
        assertHas(problems, "client_tls.mode", "unknown client TLS mode 'sometimes' (expected one of: disable, allow,"
                + " prefer, require, verify-ca, verify-full)");
        assertHas(problems, "client_tls.protocols", "unknown or insecure TLS version 'TLSv1.1'");
        assertHas(problems, "server_tls.mode", "unknown server TLS mode 'allow'");
    }

    @Test
    void accessRulesInFileOrderWithListsRangesAndDefaults() throws ConfigException, IOException {
        SluiceConfig config = parse(BASE + """
                hba:
                  - { database: [app, sluice], user: admin, source: 10.0.0.0/8, tls: required, method: md5 }
                  - database: "app, other"
                    user: all
                    source: "2001:db8::/32"
                    method: scram-sha-256
                  - { method: reject }
                client_tls: { mode: allow, cert_file: %s, key_file: %s }
                """.formatted(touch("server.crt"), touch("server.key")));
        List<HbaRule> rules = config.hba();
        assertEquals(3, rules.size());
        assertEquals(new HbaRule(4, List.of("app", "sluice"), List.of("admin"), Optional.of(Cidr.parse("10.0.0.0/8")),
                HbaTls.REQUIRED, HbaMethod.MD5), rules.get(0));
        assertEquals(List.of("app", "other"), rules.get(1).databases());
        assertEquals(List.of(), rules.get(1).users());
        assertEquals("2001:db8::/32", rules.get(1).source().orElseThrow().text());
        assertEquals(new HbaRule(9, List.of(), List.of(), Optional.empty(), HbaTls.OPTIONAL, HbaMethod.REJECT),
                rules.get(2));
        assertEquals("rule on line 4 (database app,sluice, user admin, source 10.0.0.0/8, tls required, method md5)",
                rules.get(0).describe());
    }

    @Test
    void everyBadRuleIsReportedWithItsPath() {
        List<ConfigProblem> problems = problems(BASE + """
                hba:
                  - { user: app }
                  - { source: localhost, method: trust }
                  - { database: [all, app], method: md5, tls: maybe }
                  - not a mapping
                  - { method: cert }
                  - { databse: app, method: trust }
                """);
        assertHas(problems, "hba[0]", "method is required");
        assertHas(problems, "hba[1].source", "expected an IP address or range");
        assertHas(problems, "hba[2].database", "'all' cannot be combined with names");
        assertHas(problems, "hba[2].tls", "unknown tls value 'maybe' (expected one of: required, optional)");
        assertHas(problems, "hba[3]", "expected a mapping, got a string");
        assertHas(problems, "hba[4].method", "unknown access method 'cert'");
        assertHas(problems, "hba[5]", "unknown key 'databse' (did you mean 'database'?)");
        assertEquals(7, problems.size(), problems.toString());
        assertEquals(5, problems.stream().filter(p -> p.keyPath().equals("hba[1].source")).findFirst()
                .orElseThrow().line());
    }

    @Test
    void tlsOnlyRuleWithoutClientTlsIsAProblem() {
        List<ConfigProblem> problems = problems(BASE + """
                hba:
                  - { user: app, tls: required, method: md5 }
                """);
        assertEquals(1, problems.size(), problems.toString());
        assertHas(problems, "hba", "a rule with tls: required never matches while client_tls.mode is disable");
        assertEquals(4, problems.get(0).line());
    }

    @Test
    void localRulesNeedTheUnixSocketAndNoTls() throws ConfigException {
        String rules = """
                hba:
                  - { source: local, user: app, method: trust }
                  - { source: local, tls: required, method: md5 }
                client_tls: { mode: disable }
                """;
        List<ConfigProblem> withoutSocket = problems(BASE + rules);
        assertHas(withoutSocket, "hba", "a rule with source: local never matches without listen.unix_socket_dir");

        String socket = "listen: { unix_socket_dir: /run/sluice }\n";
        List<ConfigProblem> withSocket = problems(BASE + socket + rules);
        assertEquals(2, withSocket.size(), withSocket.toString());
        assertHas(withSocket, "hba", "a rule with tls: required never matches while client_tls.mode is disable");
        assertHas(withSocket, "hba", "a rule with source: local and tls: required never matches");

        SluiceConfig config = parse(BASE + socket + """
                hba:
                  - { source: local, user: app, method: trust }
                  - { source: all, method: scram-sha-256 }
                """);
        HbaRule local = config.hba().get(0);
        assertTrue(local.local());
        assertEquals(Optional.empty(), local.source());
        assertEquals("rule on line 5 (database all, user app, source local, tls optional, method trust)",
                local.describe());
        assertFalse(config.hba().get(1).local());
        assertEquals(Optional.of("/run/sluice"), config.listen().unixSocketDir());
    }

    @Test
    void theUnixSocketDirectoryMustBeAbsoluteAndShortEnough() {
        assertHas(problems(BASE + "listen: { unix_socket_dir: run/sluice }\n"), "listen.unix_socket_dir",
                "must be an absolute directory (start with /), got 'run/sluice'");
        assertHas(problems(BASE + "listen: { unix_socket_dir: /" + "d".repeat(100) + " }\n"),
                "listen.unix_socket_dir", "socket path /" + "d".repeat(100) + "/.s.PGSQL.65535 is longer than");
    }

    @Test
    void hbaMustBeAList() {
        assertHas(problems(BASE + "hba: { method: trust }\n"), "hba", "expected a list of access rules, got a mapping");
    }

    private Path touch(String name) throws IOException {
        return Files.writeString(dir.resolve(name), "x");
    }

    private static SluiceConfig parse(String yaml) throws ConfigException {
        return ConfigLoader.parse(yaml, "sluice.yaml", Map.of());
    }

    private static List<ConfigProblem> problems(String yaml) {
        return assertThrows(ConfigException.class, () -> parse(yaml)).problems();
    }

    private static void assertHas(List<ConfigProblem> problems, String keyPath, String messageStart) {
        assertTrue(problems.stream().anyMatch(p -> p.keyPath().equals(keyPath) && p.message().startsWith(messageStart)),
                () -> "no problem at " + keyPath + " starting '" + messageStart + "' in " + problems);
    }
}
