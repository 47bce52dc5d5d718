package io.sluice.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Checks the TLS sections: the files a mode needs are given and readable, and a key comes with its certificate.
 * Reported on the section's key (or the file's key), with its line.
 */
final class TlsValidator {

    private TlsValidator() {
    }

    /** An access rule that requires TLS can never match while TLS to clients is off. */
    static void validateRules(ClientTlsConfig client, List<HbaRule> rules, Problems problems) {
        if (client.mode().enabled()) {
            return;
        }
        for (HbaRule rule : rules) {
            if (rule.tls() == HbaTls.REQUIRED) {
                problems.add(rule.line(), "hba", "a rule with tls: required never matches while client_tls.mode is"
                        + " disable; turn TLS on for clients or make the rule tls: optional");
            }
        }
    }

    static void validate(ClientTlsConfig client, ServerTlsConfig server, Locations locations, Problems problems) {
        if (client.mode().enabled()) {
            String why = "when client_tls.mode is " + client.mode().configName();
            need(Settings.CLIENT_TLS_CERT_FILE, client.certFile(), why, locations, problems);
            need(Settings.CLIENT_TLS_KEY_FILE, client.keyFile(), why, locations, problems);
            if (client.mode().verifiesClients()) {
                need(Settings.CLIENT_TLS_CA_FILE, client.caFile(), why, locations, problems);
            }
            readable(Settings.CLIENT_TLS_CA_FILE, client.caFile(), locations, problems);
        }
        if (server.mode() != ServerTlsMode.DISABLE) {
            if (server.mode() == ServerTlsMode.VERIFY_CA || server.mode() == ServerTlsMode.VERIFY_FULL) {
                need(Settings.SERVER_TLS_CA_FILE, server.caFile(), "when server_tls.mode is "
                        + server.mode().configName(), locations, problems);
            }
            readable(Settings.SERVER_TLS_CA_FILE, server.caFile(), locations, problems);
            if (server.certFile().isPresent() != server.keyFile().isPresent()) {
                String key = server.certFile().isPresent() ? Settings.SERVER_TLS_KEY_FILE.key()
                        : Settings.SERVER_TLS_CERT_FILE.key();
                problems.add(locations.lineOf("server_tls"), key,
                        "is required with " + (server.certFile().isPresent() ? "server_tls.cert_file"
                                : "server_tls.key_file") + " (a client certificate needs its key)");
            }
            readable(Settings.SERVER_TLS_CERT_FILE, server.certFile(), locations, problems);
            readable(Settings.SERVER_TLS_KEY_FILE, server.keyFile(), locations, problems);
        }
    }

    private static void need(Setting setting, Optional<String> file, String why, Locations locations,
            Problems problems) {
        if (file.isEmpty()) {
            if (!problems.reportedAt(setting.key())) {
                problems.add(locations.lineOf(setting.section()), setting.key(), "is required " + why);
            }
            return;
        }
        readable(setting, file, locations, problems);
    }

    private static void readable(Setting setting, Optional<String> file, Locations locations, Problems problems) {
        if (file.isPresent() && !problems.reportedAt(setting.key()) && !Files.isReadable(Path.of(file.get()))) {
            problems.add(locations.lineOf(setting.key()), setting.key(),
                    "cannot read file '" + file.get() + "' (missing, or no permission)");
        }
    }
}
