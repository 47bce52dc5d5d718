package io.sluice.protocol.auth;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.sluice.protocol.FrontendTag;
import io.sluice.protocol.ProtocolException;
import io.sluice.protocol.frontend.PasswordMessages;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * Fuzzes what a client says during SASL login: the SASLInitialResponse and SASLResponse frames
 * ({@link PasswordMessages}) and the SCRAM messages inside them ({@link ScramSha256Server}). Every refusal is a
 * {@link ScramException} or a {@link ProtocolException}, and no input but the right proof logs in.
 */
class ScramServerFuzzTest {

    private static final String PASSWORD = "fuzz-secret";
    private static final ScramSecret SECRET = ScramSecret.generate(PASSWORD, new SecureRandom());

    @FuzzTest(maxDuration = "60s")
    void refusesMalformedSaslMessages(FuzzedDataProvider data) {
        boolean validFirst = data.consumeBoolean();
        boolean framedFirst = data.consumeBoolean();
        String serverNonce = "srv" + data.consumeInt(0, 999);
        byte[] fuzzFirst = data.consumeBytes(data.consumeInt(0, 200));
        String finalPrefix = data.pickValue(new String[] {"", "c=biws,r=", "c=eSws,r=", "c=biws,r=%s,p="});
        byte[] finalRest = data.consumeRemainingAsBytes();

        ScramSha256Server server = new ScramSha256Server(SECRET, () -> serverNonce);
        ScramSha256Client client = new ScramSha256Client(PASSWORD, new SecureRandom());
        byte[] clientFirst = validFirst ? client.clientFirst() : fuzzFirst;
        byte[] serverFirst;
        try {
            byte[] payload = framedFirst ? unframe(saslInitialResponse(clientFirst, fuzzFirst)) : clientFirst;
            serverFirst = server.serverFirst(payload);
        } catch (ScramException | ProtocolException refused) {
            return;
        }
        String nonce = new String(serverFirst, StandardCharsets.UTF_8).split(",")[0].substring(2);
        byte[] clientFinal = (finalPrefix.replace("%s", nonce) + new String(finalRest, StandardCharsets.ISO_8859_1))
                .getBytes(StandardCharsets.ISO_8859_1);
        ByteBuf frame = PasswordMessages.writeSaslResponse(Unpooled.buffer().alloc(), clientFinal);
        try {
            server.serverFinal(PasswordMessages.saslResponseData(frame));
        } catch (ScramException | ProtocolException refused) {
            return;
        } finally {
            frame.release();
        }
        throw new AssertionError("logged in without the password: " + new String(clientFinal, StandardCharsets.UTF_8));
    }

    /** A SASLInitialResponse frame: the mechanism, then a data length that the fuzzer may get wrong. */
    private static ByteBuf saslInitialResponse(byte[] clientFirst, byte[] noise) {
        ByteBuf frame = Unpooled.buffer();
        frame.writeByte(FrontendTag.PASSWORD).writeInt(0);
        byte[] mechanism = "SCRAM-SHA-256\0".getBytes(StandardCharsets.UTF_8);
        frame.writeBytes(noise.length > 0 && noise[0] == 'M' ? noise : mechanism);
        frame.writeInt(noise.length > 1 ? noise[1] * 7 : clientFirst.length);
        frame.writeBytes(clientFirst);
        frame.setInt(1, frame.readableBytes() - 1);
        return frame;
    }

    private static byte[] unframe(ByteBuf frame) {
        try {
            PasswordMessages.saslMechanism(frame);
            return PasswordMessages.saslInitialData(frame);
        } finally {
            frame.release();
        }
    }
}
