package org.smartbox.sync;

/**
 * Something in a valid document the cloud should know about, though it is applied: {@code kind} is
 * a short word for the audit ({@code shared_mobile}), {@code path} the JSON path of the record, and
 * {@code problem} says what it means at the box. Like rejections, never echoes a secret.
 */
public record SyncWarning(String kind, String path, String problem) {

    public String message() {
        return path + ": " + problem;
    }
}
