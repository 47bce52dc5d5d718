package io.sluice.config;

/** Whether an access rule ({@code hba:}) matches only clients that use TLS. */
public enum HbaTls {
    /** Only clients connected with TLS match the rule. */
    REQUIRED,
    /** Clients match with or without TLS. */
    OPTIONAL;

    public String configName() {
        return ConfigNames.of(this);
    }

    public static HbaTls parse(String value) {
        return ConfigNames.parse(HbaTls.class, value, "tls value");
    }

    static String choices() {
        return ConfigNames.choices(HbaTls.class);
    }
}
