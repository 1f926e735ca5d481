package org.smartbox.cache;

/**
 * The cabinet's tamper switch as the kiosk sees it: closed (or no switch fitted), open while the
 * box keeps serving, or open with the box out of service until it is closed (the config decides).
 */
public enum Enclosure {
    CLOSED,
    OPEN,
    OPEN_STOPS_SERVICE;

    public boolean open() {
        return this != CLOSED;
    }
}
