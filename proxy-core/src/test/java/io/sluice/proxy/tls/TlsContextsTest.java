package io.sluice.proxy.tls;

import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.ssl.SslContext;
import io.sluice.config.ClientTlsConfig;
import io.sluice.config.ClientTlsMode;
import io.sluice.config.ServerTlsConfig;
import io.sluice.config.TlsProvider;
import io.sluice.testing.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Building, failing and reloading the TLS contexts; no sockets. */
class TlsContextsTest {

    @TempDir
    Path dir;

    @Test
    void disabledMeansNoContexts() {
        TlsContexts tls = TlsContexts.disabled();
        assertNull(tls.client().context());
        assertNull(tls.server().context());
    }

    @Test
    void unusableKeyIsReportedWithItsSection() {
        TestPki.Authority ca = TestPki.authority(dir, "CA");
        TestPki.Issued cert = ca.issue("sluice", "localhost", "localhost");
        ClientTlsConfig wrongKey = client(cert.cert(), ca.certFile());
        SSLException e = assertThrows(SSLException.class,
                () -> TlsContexts.create(wrongKey, ServerTlsConfig.DISABLED));
        assertTrue(e.getMessage().startsWith("client_tls: File does not contain valid private key: "
                + ca.certFile()), e.getMessage());
    }

    @Test
    void reloadRereadsTheFilesAndKeepsTheOldContextsWhenTheNewOnesFail() throws Exception {
        TestPki.Authority ca = TestPki.authority(dir, "CA");
        TestPki.Issued first = ca.issue("first", "localhost", "localhost");
        Path certFile = dir.resolve("live.crt");
        Path keyFile = dir.resolve("live.key");
        Files.copy(first.cert(), certFile);
        Files.copy(first.key(), keyFile);
        TlsContexts tls = TlsContexts.create(client(certFile, keyFile), ServerTlsConfig.DISABLED);
        SslContext before = tls.client().context();

        // A renewed certificate is picked up.
        TestPki.Issued second = ca.issue("second", "localhost", "localhost");
        Files.copy(second.cert(), certFile, StandardCopyOption.REPLACE_EXISTING);
        Files.copy(second.key(), keyFile, StandardCopyOption.REPLACE_EXISTING);
        tls.reload();
        SslContext renewed = tls.client().context();
        assertNotSame(before, renewed);

        // A broken key fails the reload and leaves the renewed context in use.
        Files.writeString(keyFile, "not a key");
        assertThrows(SSLException.class, tls::reload);
        assertSame(renewed, tls.client().context());
    }

    private static ClientTlsConfig client(Path cert, Path key) {
        return new ClientTlsConfig(ClientTlsMode.REQUIRE, Optional.of(cert.toString()), Optional.of(key.toString()),
                Optional.empty(), Optional.empty(), List.of("TLSv1.2", "TLSv1.3"), List.of(), TlsProvider.AUTO);
    }
}
