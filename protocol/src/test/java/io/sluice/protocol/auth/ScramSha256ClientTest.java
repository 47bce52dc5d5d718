package io.sluice.protocol.auth;

import static io.sluice.protocol.auth.ScramSha256ServerTest.CLIENT_FINAL;
import static io.sluice.protocol.auth.ScramSha256ServerTest.CLIENT_FIRST;
import static io.sluice.protocol.auth.ScramSha256ServerTest.CLIENT_NONCE;
import static io.sluice.protocol.auth.ScramSha256ServerTest.SERVER_FINAL;
import static io.sluice.protocol.auth.ScramSha256ServerTest.SERVER_FIRST;
import static io.sluice.protocol.auth.ScramSha256ServerTest.bytes;
import static io.sluice.protocol.auth.ScramSha256ServerTest.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.security.SecureRandom;

/** The client side, against RFC 7677 section 3's example exchange. */
class ScramSha256ClientTest {

    @Test
    void rfc7677Exchange() {
        ScramSha256Client client = new ScramSha256Client("pencil", "user", CLIENT_NONCE);
        assertEquals(CLIENT_FIRST, text(client.clientFirst()));
        assertEquals(CLIENT_FINAL, text(client.clientFinal(bytes(SERVER_FIRST))));
        client.verifyServerFinal(bytes(SERVER_FINAL));
    }

    @Test
    void sendsStarAsUserName() {
        String first = text(new ScramSha256Client("pw", new SecureRandom()).clientFirst());
        assertTrue(first.startsWith("n,,n=*,r="), first);
    }

    @Test
    void refusesWrongServerSignature() {
        ScramSha256Client client = new ScramSha256Client("pencil", "user", CLIENT_NONCE);
        client.clientFirst();
        client.clientFinal(bytes(SERVER_FIRST));
        assertThrows(ScramException.class,
                () -> client.verifyServerFinal(bytes("v=7rriTRBi23WpRR/wcPiQPdXzkL9Bmo3vupv0+eS8GwA=")));
    }

    @Test
    void reportsServerError() {
        ScramSha256Client client = new ScramSha256Client("pencil", "user", CLIENT_NONCE);
        client.clientFirst();
        client.clientFinal(bytes(SERVER_FIRST));
        ScramException e = assertThrows(ScramException.class,
                () -> client.verifyServerFinal(bytes("e=invalid-proof")));
        assertEquals("SCRAM server error: invalid-proof", e.getMessage());
    }

    @Test
    void refusesServerNonceThatDoesNotExtendOurs() {
        for (String serverFirst : new String[] {
                "r=somethingElse,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096",
                "r=" + CLIENT_NONCE + ",s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096",
                "r=" + CLIENT_NONCE + "x,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=0",
                "r=" + CLIENT_NONCE + "x,s=!!,i=4096",
                "m=ext,r=" + CLIENT_NONCE + "x,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"}) {
            ScramSha256Client client = new ScramSha256Client("pencil", "user", CLIENT_NONCE);
            client.clientFirst();
            assertThrows(ScramException.class, () -> client.clientFinal(bytes(serverFirst)), serverFirst);
        }
    }

    @Test
    void escapesUserName() {
        ScramSha256Client client = new ScramSha256Client("pw", "a=b,c", "nonce");
        assertEquals("n,,n=a=3Db=2Cc,r=nonce", text(client.clientFirst()));
    }
}
