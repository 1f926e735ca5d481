package org.smartbox.auth;

/** Makes and checks one-time codes; the pickup machine sees codes only through this. */
public interface CodeFactory {

    /** A fresh 6-digit code. */
    String newCode();

    /** The keyed hash that is kept in place of the code. */
    CodeHash hash(String code);

    /** Constant-time comparison of a typed code with a stored hash. */
    boolean matches(CodeHash hash, String typed);
}
