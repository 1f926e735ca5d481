package org.smartbox.proof;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.smartbox.auth.AppCodes;
import org.smartbox.auth.Base32;
import org.smartbox.pickup.Screen;
import org.smartbox.sim.SimulatedBox;

/**
 * A person at a simulated box who knows what to do next on each screen: types their number or
 * code, the code their phone received (or Ada's app code), picks an item, takes or puts the key.
 */
final class Visitor {

    /** What the demo data's people type at the home screen, then {@code #}. */
    static final String[] ENTRIES = {
        "481516", "5550000001", "135790", "15550000003", "246800", "777111", "5550000002", "5550000005",
        "112233", "909090", "808080", "5550000006"};
    /** Whose each entry is. */
    static final String[] ENTRY_USER = {"u-olivia", "u-olivia", "u-max", "u-max", "u-nina", "u-ada", "u-gus",
        "u-gina", "u-noel", "u-tara", "u-tom", "u-ada"};
    private static final byte[] ADA_SECRET = Base32.decode("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP").orElseThrow();

    private final SafetyOracle codes;

    /** {@code codes}: where the codes sent by SMS are known from. */
    Visitor(SafetyOracle codes) {
        this.codes = codes;
    }

    static Screen screen(SimulatedBox box) {
        return box.kiosk().loop().state().screen();
    }

    /** On the code screen: the latest code sent to this person ({@code stale}: the one before). */
    void typeCode(SimulatedBox box, boolean stale) {
        if (screen(box) instanceof Screen.Verify v) {
            String mobile = box.kiosk().data().store().users().user(v.session().userId()).flatMap(u -> u.mobileNumber()).orElse("");
            List<String> sent = codes.codesTo(mobile);
            int index = sent.size() - (stale ? 2 : 1);
            if (index >= 0) {
                box.press(sent.get(index) + "#");
            }
        }
    }

    /** Ada on the code screen types what her app shows, {@code drift} 30 s steps away. */
    void appCode(SimulatedBox box, int drift) {
        if (screen(box) instanceof Screen.Verify v && v.session().userId().equals("u-ada")) {
            long step = Math.floorDiv(box.clock().now().wall().getEpochSecond(), AppCodes.STEP_SECONDS) + drift;
            box.press(new String(new AppCodes().code(ADA_SECRET, step), StandardCharsets.US_ASCII) + "#");
        }
    }

    /** The key comes out of (or goes into) the slot whose latch is open. */
    void complete(SimulatedBox box) {
        if (screen(box) instanceof Screen.Releasing r) {
            if (r.item().isPickup()) {
                box.take(r.item().slot());
            } else {
                box.put(r.item().slot());
            }
        }
    }

    /** The next sensible step on the screen shown; {@code cast}: who may walk up (entries). */
    void proceed(SimulatedBox box, int choice, List<Integer> cast) {
        Screen screen = screen(box);
        if (screen instanceof Screen.Home || screen instanceof Screen.Locked) {
            box.press(ENTRIES[cast.get(choice % cast.size())] + "#");
        } else if (screen instanceof Screen.Verify v) {
            if (v.session().userId().equals("u-ada") && choice % 2 == 0) {
                appCode(box, 0);
            } else {
                typeCode(box, false);
            }
        } else if (screen instanceof Screen.Choose c) {
            box.press((choice % c.items().size() + 1) + "#");
        } else if (screen instanceof Screen.Releasing) {
            complete(box);
        } else if (screen instanceof Screen.ServiceMenu) {
            box.press(String.valueOf("123456*".charAt(choice % 7)));
        } else if (screen instanceof Screen.SlotPrompt) {
            box.press((choice % 12 + 1) + "#");
        } else if (screen instanceof Screen.GrantOffer) {
            // The person the app grant is for is at the box: mostly they open, now and then they cancel.
            box.press(choice % 5 == 0 ? "*" : "#");
        } else {
            box.press("*");
        }
    }

    /** A whole visit, up to eight steps, until the box is back home. */
    void visit(SimulatedBox box, int choice, List<Integer> cast) {
        for (int i = 0; i < 8; i++) {
            proceed(box, choice + i * 7, cast);
            Screen now = screen(box);
            if (now instanceof Screen.Home || now instanceof Screen.Locked || now instanceof Screen.OutOfService) {
                return;
            }
        }
    }
}
