package org.smartbox.cli;

import picocli.CommandLine.IVersionProvider;

/** The software version, from the jar's manifest ("dev" when run from classes). */
public final class Versions implements IVersionProvider {

    public static String current() {
        String version = Versions.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"smartbox " + current(), "Java " + Runtime.version()};
    }
}
