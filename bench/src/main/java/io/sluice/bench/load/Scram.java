package io.sluice.bench.load;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The client side of SCRAM-SHA-256 for {@link LoadClients}, keeping the client key derived for each salt and
 * iteration count so that thousands of logins against one stored verifier run PBKDF2 once. (The proxy's own
 * client, {@code io.sluice.protocol.auth.ScramSha256Client}, derives it per login, as a real driver does.)
 */
final class Scram {

    private final String password;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, byte[]> clientKeys = new HashMap<>();

    Scram(String password) {
        this.password = password;
    }

    /** A client-first-message-bare with a fresh nonce. */
    String clientFirstBare() {
        byte[] nonce = new byte[18];
        random.nextBytes(nonce);
        return "n=*,r=" + Base64.getEncoder().encodeToString(nonce);
    }

    /** The client-final-message answering {@code serverFirst}. */
    byte[] clientFinal(String clientFirstBare, String serverFirst) {
        String nonce = null;
        String salt = null;
        int iterations = 0;
        for (String attribute : serverFirst.split(",")) {
            if (attribute.startsWith("r=")) {
                nonce = attribute.substring(2);
            } else if (attribute.startsWith("s=")) {
                salt = attribute.substring(2);
            } else if (attribute.startsWith("i=")) {
                iterations = Integer.parseInt(attribute.substring(2));
            }
        }
        if (nonce == null || salt == null || iterations <= 0) {
            throw new IllegalStateException("malformed server-first-message: " + serverFirst);
        }
        try {
            byte[] clientKey = clientKey(salt, iterations);
            byte[] storedKey = MessageDigest.getInstance("SHA-256").digest(clientKey);
            String withoutProof = "c=biws,r=" + nonce;
            String authMessage = clientFirstBare + ',' + serverFirst + ',' + withoutProof;
            byte[] signature = hmac(storedKey, authMessage);
            byte[] proof = new byte[clientKey.length];
            for (int i = 0; i < proof.length; i++) {
                proof[i] = (byte) (clientKey[i] ^ signature[i]);
            }
            return (withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof))
                    .getBytes(StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] clientKey(String salt, int iterations) throws GeneralSecurityException {
        String cacheKey = salt + '$' + iterations;
        byte[] key = clientKeys.get(cacheKey);
        if (key == null) {
            PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), Base64.getDecoder().decode(salt), iterations, 256);
            byte[] salted = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            key = hmac(salted, "Client Key");
            clientKeys.put(cacheKey, key);
        }
        return key;
    }

    private static byte[] hmac(byte[] key, String data) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }
}
