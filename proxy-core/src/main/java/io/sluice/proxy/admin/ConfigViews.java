package io.sluice.proxy.admin;

import static io.sluice.protocol.backend.Column.text;

import io.sluice.config.Setting;
import io.sluice.config.SettingValues;
import io.sluice.config.SluiceConfig;

/** {@code SHOW CONFIG} and {@code SHOW VERSION}. */
final class ConfigViews {

    private ConfigViews() {
    }

    /** Every global setting: its value now (secrets masked), its default, whether RELOAD or SET can change it. */
    static Table config(SluiceConfig config) {
        Table table = new Table(text("key"), text("value"), text("default"), text("changeable"));
        for (Setting setting : SettingValues.global()) {
            table.row(setting.key(), SettingValues.show(config, setting),
                    setting.defaultValue() == null ? "" : setting.defaultValue(),
                    setting.reloadable() ? "yes" : "no");
        }
        return table;
    }

    static Table version(String version) {
        return new Table(text("version")).row("Sluice " + version);
    }
}
