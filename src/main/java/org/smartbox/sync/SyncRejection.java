package org.smartbox.sync;

/**
 * Why a sync document was refused: the JSON path of the first problem ({@code users[2].mobile}, or
 * empty for the document as a whole) and a message that never echoes an account code or app secret.
 */
public record SyncRejection(String path, String problem) {

    /** {@code users[2].mobile: "555-1234" is not an E.164 number}, as sync-format.md shows it. */
    public String message() {
        return path.isEmpty() ? problem : path + ": " + problem;
    }
}
