package io.sluice.config;

/** What an access rule ({@code hba:}) asks of the clients it matches. */
public enum HbaMethod {
    /** SCRAM-SHA-256; a stored md5 hash cannot answer it. */
    SCRAM_SHA_256,
    /** MD5, upgraded to SCRAM when the stored secret is a SCRAM verifier (as PostgreSQL does). */
    MD5,
    /** The password in clear text; use it only over TLS. */
    PASSWORD,
    /** No password. */
    TRUST,
    /** Refused with 28000. */
    REJECT;

    public String configName() {
        return ConfigNames.of(this);
    }

    public static HbaMethod parse(String value) {
        return ConfigNames.parse(HbaMethod.class, value, "access method");
    }

    static String choices() {
        return ConfigNames.choices(HbaMethod.class);
    }
}
