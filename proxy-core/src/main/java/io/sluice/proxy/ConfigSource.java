package io.sluice.proxy;

import io.sluice.config.ConfigException;
import io.sluice.config.SluiceConfig;
import java.io.IOException;

/** Where RELOAD and SIGHUP read the configuration again: the file Sluice started from. */
@FunctionalInterface
public interface ConfigSource {

    SluiceConfig load() throws ConfigException, IOException;
}
