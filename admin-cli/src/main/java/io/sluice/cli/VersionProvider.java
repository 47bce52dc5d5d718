package io.sluice.cli;

import picocli.CommandLine.IVersionProvider;

/** {@code sluice --version}: the version stamped into {@code sluice.jar}'s manifest, and the Java running it. */
final class VersionProvider implements IVersionProvider {

    @Override
    public String[] getVersion() {
        return new String[] {
            "sluice " + version(),
            "Java " + Runtime.version() + " (" + System.getProperty("java.vendor", "unknown vendor") + ")",
        };
    }

    /** The project version, or {@code development build} when running from classes rather than the jar. */
    static String version() {
        String version = SluiceCli.class.getPackage().getImplementationVersion();
        return version == null ? "(development build)" : version;
    }
}
