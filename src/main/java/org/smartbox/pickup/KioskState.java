package org.smartbox.pickup;

import org.smartbox.auth.LockoutState;

/**
 * The whole state of the kiosk: the screen (with its session, if any), the lockout counters, and
 * the frame last put on the display (so a frame is only sent when it changes).
 */
public record KioskState(Screen screen, LockoutState lockout, Frame shown) {
}
