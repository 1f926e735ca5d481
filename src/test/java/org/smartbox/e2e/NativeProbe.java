package org.smartbox.e2e;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;

/**
 * Run by {@link JarContentsIT} on the built jar alone: loads each native library the box uses, as the
 * box does, and prints one line per library, so a native dropped from the jar shows as a failure.
 */
public final class NativeProbe {

    private NativeProbe() {
    }

    public static void main(String[] args) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite::memory:");
             ResultSet r = c.createStatement().executeQuery("select sqlite_version()")) {
            r.next();
            System.out.println("sqlite " + r.getString(1) + " native=" + org.sqlite.SQLiteJDBCLoader.isNativeMode());
        }
        System.out.println("jssc " + jssc.SerialNativeInterface.getNativeLibraryVersion());
        System.out.println("junixsocket " + org.newsclub.net.unix.AFUNIXSocket.isSupported());
        System.out.println("jline " + org.jline.nativ.JLineNativeLoader.initialize());
        System.out.println("jna " + present("com.sun.jna.Native"));
        System.out.println("jsch " + present("com.jcraft.jsch.JSch"));
    }

    private static boolean present(String name) {
        try {
            Class.forName(name, false, NativeProbe.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
