package io.sluice.protocol.auth;

import static io.sluice.protocol.auth.ScramSha256ServerTest.CLIENT_FINAL;
import static io.sluice.protocol.auth.ScramSha256ServerTest.CLIENT_FIRST;
import static io.sluice.protocol.auth.ScramSha256ServerTest.CLIENT_NONCE;
import static io.sluice.protocol.auth.ScramSha256ServerTest.SALT;
import static io.sluice.protocol.auth.ScramSha256ServerTest.SERVER_FINAL;
import static io.sluice.protocol.auth.ScramSha256ServerTest.SERVER_FIRST;
import static io.sluice.protocol.auth.ScramSha256ServerTest.SERVER_NONCE_PART;
import static io.sluice.protocol.auth.ScramSha256ServerTest.bytes;
import static io.sluice.protocol.auth.ScramSha256ServerTest.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * SCRAM pass-through: the proxy recovers a client's ClientKey from its proof against a stored verifier, then logs
 * into another server holding the same verifier with those keys instead of the password.
 */
class ScramPassThroughTest {

    private final SecureRandom random = new SecureRandom();
    private final ScramSecret pencil = ScramSecret.fromPassword("pencil", SALT, 4096);

    @Test
    void recoveredClientKeyIsTheOneThePasswordDerives() {
        ScramSha256Server server = new ScramSha256Server(pencil, () -> SERVER_NONCE_PART);
        server.serverFirst(bytes(CLIENT_FIRST));
        assertEquals(SERVER_FINAL, text(server.serverFinal(bytes(CLIENT_FINAL))));

        ScramKeys keys = server.clientKeys();
        byte[] salted = ScramCrypto.saltedPassword("pencil", SALT, 4096);
        assertArrayEquals(ScramCrypto.hmac(salted, "Client Key"), keys.clientKey());
        assertArrayEquals(pencil.serverKey(), keys.serverKey());
        assertArrayEquals(pencil.storedKey(), ScramCrypto.sha256(keys.clientKey()));
        assertArrayEquals(SALT, keys.salt());
        assertEquals(4096, keys.iterations());
        assertTrue(keys.matches(pencil));
        assertFalse(keys.matches(ScramSecret.fromPassword("pen", SALT, 4096)));
    }

    @Test
    void clientFromKeysReproducesTheRfcExchangeByteForByte() {
        ScramSha256Client client = ScramSha256Client.fromKeys(keysOf("pencil"), "user", CLIENT_NONCE);
        assertEquals(CLIENT_FIRST, text(client.clientFirst()));
        assertEquals(CLIENT_FINAL, text(client.clientFinal(bytes(SERVER_FIRST))));
        client.verifyServerFinal(bytes(SERVER_FINAL));
    }

    @Test
    void keysFromOneLoginLogIntoAnotherServerWithTheSameVerifier() {
        ScramSecret stored = ScramSecret.generate("s3cret é", random);
        // A client logs into the proxy with its password; the proxy recovers its keys.
        ScramSha256Server proxy = new ScramSha256Server(stored, random);
        ScramSha256Client app = new ScramSha256Client("s3cret é", random);
        app.verifyServerFinal(proxy.serverFinal(app.clientFinal(proxy.serverFirst(app.clientFirst()))));
        ScramKeys keys = proxy.clientKeys();

        // The proxy logs into "PostgreSQL" (fresh nonces, same verifier) twice with the keys alone.
        for (int i = 0; i < 2; i++) {
            ScramSha256Server postgres = new ScramSha256Server(ScramSecret.parse(stored.encode()), random);
            ScramSha256Client passThrough = ScramSha256Client.fromKeys(keys, random);
            byte[] serverFinal = postgres.serverFinal(passThrough.clientFinal(
                    postgres.serverFirst(passThrough.clientFirst())));
            passThrough.verifyServerFinal(serverFinal);
            assertEquals(keys, postgres.clientKeys());
        }
    }

    @Test
    void changedPasswordShowsAsOtherSaltBeforeAnyProofIsSent() {
        ScramKeys old = keysOf("pencil");
        ScramSha256Server postgres = new ScramSha256Server(ScramSecret.generate("new password", random), random);
        ScramSha256Client client = ScramSha256Client.fromKeys(old, random);
        byte[] serverFirst = postgres.serverFirst(client.clientFirst());
        ScramException e = assertThrows(ScramException.class, () -> client.clientFinal(serverFirst));
        assertTrue(e.getMessage().contains("password was changed"), e.getMessage());
    }

    @Test
    void keysOfAnotherPasswordWithTheSameSaltAreRefusedByTheServer() {
        ScramSha256Server postgres = new ScramSha256Server(pencil, random);
        ScramSha256Client client = ScramSha256Client.fromKeys(keysOf("not pencil"), random);
        byte[] clientFinal = client.clientFinal(postgres.serverFirst(client.clientFirst()));
        assertThrows(ScramException.class, () -> postgres.serverFinal(clientFinal));
        assertThrows(IllegalStateException.class, postgres::clientKeys);
    }

    @Test
    void serverThatDoesNotKnowTheVerifierIsCaughtWithTheServerKey() {
        ScramSha256Client client = ScramSha256Client.fromKeys(keysOf("pencil"), "user", CLIENT_NONCE);
        client.clientFirst();
        client.clientFinal(bytes(SERVER_FIRST));
        byte[] forged = bytes("v=" + Base64.getEncoder().encodeToString(new byte[32]));
        assertThrows(ScramException.class, () -> client.verifyServerFinal(forged));
    }

    @Test
    void noKeysBeforeTheExchangeSucceeded() {
        ScramSha256Server server = new ScramSha256Server(pencil, random);
        assertThrows(IllegalStateException.class, server::clientKeys);
        server.serverFirst(bytes(CLIENT_FIRST));
        assertThrows(IllegalStateException.class, server::clientKeys);
    }

    @Test
    void keysAreValidatedComparedByContentAndNeverPrinted() {
        ScramKeys keys = keysOf("pencil");
        assertEquals(keys, keysOf("pencil"));
        assertEquals(keys.hashCode(), keysOf("pencil").hashCode());
        assertNotEquals(keys, keysOf("pencil2"));
        String shown = keys.toString();
        assertFalse(shown.contains(Base64.getEncoder().encodeToString(keys.clientKey())), shown);
        assertFalse(shown.contains(Base64.getEncoder().encodeToString(keys.serverKey())), shown);
        assertThrows(IllegalArgumentException.class, () -> new ScramKeys(new byte[31], new byte[32], SALT, 1));
        assertThrows(IllegalArgumentException.class, () -> new ScramKeys(new byte[32], new byte[32], new byte[0], 1));
        assertThrows(IllegalArgumentException.class, () -> new ScramKeys(new byte[32], new byte[32], SALT, 0));
    }

    /** The keys a successful login with {@code password} against a verifier with RFC 7677's salt yields. */
    private ScramKeys keysOf(String password) {
        byte[] salted = ScramCrypto.saltedPassword(password, SALT, 4096);
        return new ScramKeys(ScramCrypto.hmac(salted, "Client Key"), ScramCrypto.hmac(salted, "Server Key"), SALT,
                4096);
    }
}
