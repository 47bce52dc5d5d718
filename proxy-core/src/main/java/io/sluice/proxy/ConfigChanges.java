package io.sluice.proxy;

import io.sluice.config.DatabaseConfig;
import io.sluice.config.Setting;
import io.sluice.config.SettingValues;
import io.sluice.config.SluiceConfig;
import io.sluice.config.UserConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a reload changes, in words for the log and the console; and the configuration to apply, in which settings
 * that need a restart keep their running values.
 *
 * @param applied the new configuration, with restart-only settings as they run now
 * @param changes one line per change
 */
record ConfigChanges(SluiceConfig applied, List<String> changes) {

    static ConfigChanges between(SluiceConfig running, SluiceConfig fresh) {
        List<String> changes = new ArrayList<>();
        SluiceConfig applied = fresh;
        for (Setting setting : SettingValues.global()) {
            String was = SettingValues.show(running, setting);
            String now = SettingValues.show(fresh, setting);
            if (was.equals(now)) {
                continue;
            }
            if (setting.reloadable()) {
                changes.add(setting.key() + ": " + was + " -> " + now);
            } else {
                changes.add(setting.key() + ": " + was + " -> " + now + " needs a restart; still " + was);
                applied = SettingValues.with(applied, setting, was);
            }
        }
        compare("database", running.databases(), fresh.databases(), changes);
        compare("user", running.users(), fresh.users(), changes);
        return new ConfigChanges(applied, List.copyOf(changes));
    }

    private static <T> void compare(String noun, Map<String, T> before, Map<String, T> after, List<String> out) {
        before.forEach((name, entry) -> {
            T next = after.get(name);
            if (next == null) {
                out.add(noun + " " + name + " removed");
            } else if (!Objects.equals(entry, next)) {
                out.add(noun + " " + name + " changed" + (entry instanceof UserConfig ? "" : describe(next)));
            }
        });
        after.keySet().stream().filter(name -> !before.containsKey(name))
                .forEach(name -> out.add(noun + " " + name + " added"));
    }

    private static String describe(Object entry) {
        if (entry instanceof DatabaseConfig db) {
            return " (" + db.host() + ":" + db.port() + "/" + db.dbname() + ")";
        }
        return "";
    }
}
