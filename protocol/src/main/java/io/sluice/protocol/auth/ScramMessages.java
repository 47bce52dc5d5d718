package io.sluice.protocol.auth;

import java.nio.charset.StandardCharsets;

/** Parsing helpers for SCRAM messages: comma-separated {@code a=value} attributes (RFC 5802 section 7). */
final class ScramMessages {

    private ScramMessages() {
    }

    /** Decodes message bytes; SCRAM messages are UTF-8. */
    static String text(byte[] message) {
        return new String(message, StandardCharsets.UTF_8);
    }

    /** Cuts attributes in order, with a cursor. */
    static final class Reader {
        private final String message;
        private final String what;
        private int pos;

        Reader(String message, int start, String what) {
            this.message = message;
            this.pos = start;
            this.what = what;
        }

        /** Returns the name of the next attribute, or 0 at the end. */
        char peek() {
            return pos < message.length() ? message.charAt(pos) : 0;
        }

        /** Reads attribute {@code name}'s value up to the next comma or the end. */
        String read(char name) {
            if (pos + 1 >= message.length() || message.charAt(pos) != name || message.charAt(pos + 1) != '=') {
                throw new ScramException("malformed SCRAM " + what + ": expected attribute " + name + "= at " + pos);
            }
            int end = message.indexOf(',', pos);
            if (end < 0) {
                end = message.length();
            }
            String value = message.substring(pos + 2, end);
            pos = end == message.length() ? end : end + 1;
            return value;
        }

        /** Skips optional extension attributes up to (not including) attribute {@code until} or the end. */
        void skipExtensionsUntil(char until) {
            while (pos < message.length() && message.charAt(pos) != until) {
                char name = message.charAt(pos);
                if (name == 'm') {
                    throw new ScramException("SCRAM " + what + ": unsupported mandatory extension m=");
                }
                if (!Character.isLetter(name)) {
                    throw new ScramException("malformed SCRAM " + what + ": unexpected character at " + pos);
                }
                read(name);
            }
        }

        int position() {
            return pos;
        }

        boolean atEnd() {
            return pos >= message.length();
        }

        void requireEnd() {
            if (!atEnd()) {
                throw new ScramException("malformed SCRAM " + what + ": unexpected data at " + pos);
            }
        }
    }

    /** Checks a nonce: printable ASCII except comma (RFC 5802 section 7, {@code printable}). */
    static String nonce(String nonce, String what) {
        if (nonce.isEmpty()) {
            throw new ScramException("malformed SCRAM " + what + ": empty nonce");
        }
        for (int i = 0; i < nonce.length(); i++) {
            char c = nonce.charAt(i);
            if (c < 0x21 || c > 0x7e || c == ',') {
                throw new ScramException("malformed SCRAM " + what + ": nonce has a non-printable character");
            }
        }
        return nonce;
    }

    /** Escapes a user name for {@code n=} ({@code saslname}: '=' and ',' become =3D and =2C). */
    static String saslName(String user) {
        return user.replace("=", "=3D").replace(",", "=2C");
    }
}
