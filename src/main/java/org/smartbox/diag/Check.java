package org.smartbox.diag;

/** One thing a technician wants to know about a box. A check never throws: trouble is its verdict. */
@FunctionalInterface
public interface Check {

    CheckResult run();
}
