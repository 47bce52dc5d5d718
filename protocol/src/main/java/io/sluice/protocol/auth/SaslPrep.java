package io.sluice.protocol.auth;

import java.text.Normalizer;

/**
 * SASLprep (RFC 4013) as PostgreSQL applies it to SCRAM passwords ({@code src/common/saslprep.c}): pure ASCII
 * is used as is; otherwise map, normalize with NFKC and check; a password that fails the checks is used as
 * is, as PostgreSQL does, so that such passwords still work between PostgreSQL-compatible peers.
 */
final class SaslPrep {

    private SaslPrep() {
    }

    /** Returns the prepared password, or the password unchanged if it is ASCII or prohibited. */
    static String prepare(String password) {
        if (password.chars().allMatch(c -> c < 0x80)) {
            return password;
        }
        StringBuilder mapped = new StringBuilder(password.length());
        for (int i = 0; i < password.length(); ) {
            int cp = password.codePointAt(i);
            i += Character.charCount(cp);
            if (isNonAsciiSpace(cp)) {
                mapped.append(' ');
            } else if (!isMappedToNothing(cp)) {
                mapped.appendCodePoint(cp);
            }
        }
        String normalized = Normalizer.normalize(mapped, Normalizer.Form.NFKC);
        return isAcceptable(normalized) ? normalized : password;
    }

    /** Prohibited output (RFC 4013 section 2.3) and the bidi rule (section 2.4, RFC 3454 section 6). */
    private static boolean isAcceptable(String s) {
        boolean hasRandAl = false;
        boolean hasL = false;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (isProhibited(cp)) {
                return false;
            }
            byte dir = Character.getDirectionality(cp);
            hasRandAl |= dir == Character.DIRECTIONALITY_RIGHT_TO_LEFT
                    || dir == Character.DIRECTIONALITY_RIGHT_TO_LEFT_ARABIC;
            hasL |= dir == Character.DIRECTIONALITY_LEFT_TO_RIGHT;
        }
        if (hasRandAl) {
            if (hasL) {
                return false;
            }
            return isRandAl(s.codePointAt(0)) && isRandAl(s.codePointBefore(s.length()));
        }
        return true;
    }

    private static boolean isRandAl(int cp) {
        byte dir = Character.getDirectionality(cp);
        return dir == Character.DIRECTIONALITY_RIGHT_TO_LEFT || dir == Character.DIRECTIONALITY_RIGHT_TO_LEFT_ARABIC;
    }

    /** RFC 3454 table C.1.2. */
    private static boolean isNonAsciiSpace(int cp) {
        return cp == 0x00A0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200B) || cp == 0x202F || cp == 0x205F
                || cp == 0x3000;
    }

    /** RFC 3454 table B.1. */
    private static boolean isMappedToNothing(int cp) {
        return cp == 0x00AD || cp == 0x034F || cp == 0x1806 || (cp >= 0x180B && cp <= 0x180D)
                || (cp >= 0x200B && cp <= 0x200D) || cp == 0x2060 || (cp >= 0xFE00 && cp <= 0xFE0F)
                || cp == 0xFEFF;
    }

    /** RFC 3454 tables C.1.2 to C.9 and unassigned code points (A.1, approximated by Java's tables). */
    private static boolean isProhibited(int cp) {
        int type = Character.getType(cp);
        return isNonAsciiSpace(cp)
                || type == Character.CONTROL                                    // C.2.1, most of C.2.2
                || type == Character.PRIVATE_USE                                // C.3
                || type == Character.SURROGATE                                  // C.5
                || type == Character.UNASSIGNED                                 // A.1 (and C.4 noncharacters)
                || (cp >= 0x06DD && cp <= 0x070F && type == Character.FORMAT)   // C.2.2
                || cp == 0x180E || (cp >= 0x200C && cp <= 0x200F)             // C.2.2, C.8
                || (cp >= 0x2028 && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x206F) // C.2.2, C.8
                || cp == 0xFEFF || (cp >= 0xFFF9 && cp <= 0xFFFD)             // C.2.2, C.6, C.7
                || (cp >= 0x1D173 && cp <= 0x1D17A)                             // C.2.2
                || (cp >= 0x2FF0 && cp <= 0x2FFB)                               // C.7
                || cp == 0xE0001 || (cp >= 0xE0020 && cp <= 0xE007F)          // C.9
                || (cp & 0xFFFE) == 0xFFFE;                                     // C.4
    }
}
