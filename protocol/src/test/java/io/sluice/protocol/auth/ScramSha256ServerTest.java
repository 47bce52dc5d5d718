package io.sluice.protocol.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/** The server side, against RFC 7677 section 3's example exchange and against our own client. */
class ScramSha256ServerTest {

    static final String CLIENT_NONCE = "rOprNGfwEbeRWgbNEkqO";
    static final String SERVER_NONCE_PART = "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
    static final byte[] SALT = Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ==");
    static final String CLIENT_FIRST = "n,,n=user,r=" + CLIENT_NONCE;
    static final String SERVER_FIRST = "r=" + CLIENT_NONCE + SERVER_NONCE_PART + ",s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
    static final String CLIENT_FINAL = "c=biws,r=" + CLIENT_NONCE + SERVER_NONCE_PART
            + ",p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
    static final String SERVER_FINAL = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";

    private final ScramSecret pencil = ScramSecret.fromPassword("pencil", SALT, 4096);

    @Test
    void rfc7677Exchange() {
        ScramSha256Server server = rfcServer();
        assertEquals(SERVER_FIRST, text(server.serverFirst(bytes(CLIENT_FIRST))));
        assertEquals(SERVER_FINAL, text(server.serverFinal(bytes(CLIENT_FINAL))));
    }

    @Test
    void roundTripWithOurClient() {
        SecureRandom random = new SecureRandom();
        ScramSecret secret = ScramSecret.generate("s3cret é", random);
        ScramSha256Server server = new ScramSha256Server(secret, random);
        ScramSha256Client client = new ScramSha256Client("s3cret é", random);
        byte[] serverFirst = server.serverFirst(client.clientFirst());
        byte[] serverFinal = server.serverFinal(client.clientFinal(serverFirst));
        client.verifyServerFinal(serverFinal);
    }

    @Test
    void wrongPasswordFails() {
        SecureRandom random = new SecureRandom();
        ScramSha256Server server = new ScramSha256Server(pencil, random);
        ScramSha256Client client = new ScramSha256Client("pencil2", random);
        byte[] clientFinal = client.clientFinal(server.serverFirst(client.clientFirst()));
        ScramException e = assertThrows(ScramException.class, () -> server.serverFinal(clientFinal));
        assertEquals("SCRAM proof: does not match (wrong password)", e.getMessage());
        assertFalse(e.getMessage().contains("pencil"));
    }

    @Test
    void tamperedNonceFails() {
        ScramSha256Server server = rfcServer();
        server.serverFirst(bytes(CLIENT_FIRST));
        String tampered = CLIENT_FINAL.replace(SERVER_NONCE_PART, "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k1");
        ScramException e = assertThrows(ScramException.class, () -> server.serverFinal(bytes(tampered)));
        assertEquals("SCRAM nonce: does not match the nonce of this exchange", e.getMessage());
    }

    @Test
    void replayedClientFinalFailsAgainstAFreshNonce() {
        // A recorded client-final from another exchange does not carry this exchange's server nonce.
        ScramSha256Server server = new ScramSha256Server(pencil, new SecureRandom());
        server.serverFirst(bytes(CLIENT_FIRST));
        assertThrows(ScramException.class, () -> server.serverFinal(bytes(CLIENT_FINAL)));
    }

    @Test
    void tamperedProofFails() {
        ScramSha256Server server = rfcServer();
        server.serverFirst(bytes(CLIENT_FIRST));
        String tampered = CLIENT_FINAL.replace("p=dHzb", "p=dHza");
        assertThrows(ScramException.class, () -> server.serverFinal(bytes(tampered)));
    }

    @Test
    void channelBindingMismatchFails() {
        ScramSha256Server server = rfcServer();
        server.serverFirst(bytes(CLIENT_FIRST));
        // "eSws" is "y,,": the client claims a GS2 header it did not send.
        assertThrows(ScramException.class, () -> server.serverFinal(bytes(CLIENT_FINAL.replace("c=biws", "c=eSws"))));
    }

    @Test
    void refusesChannelBindingAuthzidAndMalformedFirst() {
        assertTrue(assertThrows(ScramException.class,
                () -> rfcServer().serverFirst(bytes("p=tls-server-end-point,,n=,r=abc"))).getMessage()
                .startsWith("SCRAM channel binding"));
        assertThrows(ScramException.class, () -> rfcServer().serverFirst(bytes("n,a=admin,n=,r=abc")));
        assertThrows(ScramException.class, () -> rfcServer().serverFirst(bytes("n,,m=ext,n=,r=abc")));
        assertThrows(ScramException.class, () -> rfcServer().serverFirst(bytes("n,,n=,x=abc")));
        assertThrows(ScramException.class, () -> rfcServer().serverFirst(bytes("")));
        assertThrows(ScramException.class, () -> rfcServer().serverFirst(bytes("x,,n=,r=abc")));
        assertThrows(ScramException.class, () -> rfcServer().serverFirst(bytes("n,,n=,r=a c")));
    }

    @Test
    void acceptsClientThatSupportsBindingButThinksWeDoNot() {
        ScramSha256Server server = rfcServer();
        server.serverFirst(bytes("y,,n=,r=abc"));
    }

    @Test
    void refusesMissingProofAndCallsOutOfOrder() {
        ScramSha256Server server = rfcServer();
        assertThrows(IllegalStateException.class, () -> server.serverFinal(bytes(CLIENT_FINAL)));
        server.serverFirst(bytes(CLIENT_FIRST));
        assertThrows(ScramException.class,
                () -> server.serverFinal(bytes("c=biws,r=" + CLIENT_NONCE + SERVER_NONCE_PART)));
        assertThrows(IllegalStateException.class, () -> server.serverFirst(bytes(CLIENT_FIRST)));
    }

    @Test
    void secretMatchesRfcExample() {
        // StoredKey and ServerKey derived from "pencil" let the RFC's exchange verify; check encode/parse too.
        ScramSecret parsed = ScramSecret.parse(pencil.encode());
        assertEquals(pencil, parsed);
        assertArrayEquals(SALT, parsed.salt());
    }

    private ScramSha256Server rfcServer() {
        return new ScramSha256Server(pencil, () -> SERVER_NONCE_PART);
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
