package io.sluice.protocol;

/** Formats tag and code bytes for exception messages and logs. */
public final class Tags {

    private Tags() {
    }

    /** Returns {@code 'Q'} for a printable byte, {@code 0x05} otherwise. */
    public static String describe(byte b) {
        if (b >= 0x20 && b < 0x7f) {
            return "'" + (char) b + "'";
        }
        return String.format("0x%02x", b & 0xff);
    }
}
