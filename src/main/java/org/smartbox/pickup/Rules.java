package org.smartbox.pickup;

import org.smartbox.auth.AppCodes;
import org.smartbox.auth.CodeFactory;
import org.smartbox.policy.TwoFactorPolicy;

/** What the machine decides by and never changes: the box's settings, SPEC §4's policy, the code makers. */
record Rules(KioskSettings settings, TwoFactorPolicy policy, CodeFactory codes, AppCodes appCodes) {
}
