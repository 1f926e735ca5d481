package org.smartbox.pickup;

import java.util.List;
import org.smartbox.auth.LockoutState;
import org.smartbox.pickup.Screen.ChecksRunning;
import org.smartbox.pickup.Screen.Choose;
import org.smartbox.pickup.Screen.DisplayTest;
import org.smartbox.pickup.Screen.GrantOffer;
import org.smartbox.pickup.Screen.Home;
import org.smartbox.pickup.Screen.InfoPages;
import org.smartbox.pickup.Screen.KeypadTest;
import org.smartbox.pickup.Screen.LatchTest;
import org.smartbox.pickup.Screen.Locked;
import org.smartbox.pickup.Screen.OutOfService;
import org.smartbox.pickup.Screen.Releasing;
import org.smartbox.pickup.Screen.ServiceMenu;
import org.smartbox.pickup.Screen.SlotPrompt;
import org.smartbox.pickup.Screen.Verify;

/**
 * Draws each screen as a 20x4 frame. Only masked entries, the last four digits of a mobile number
 * and key labels (after the second factor) ever reach the display.
 *
 * <p>{@link Frame} cuts every line at 20 characters, so a line that holds a number (a slot, a
 * count, a version) is built with {@link #firstFit}: the words get shorter, the number never gets
 * cut ("Take key from slot 1" for slot 12 sent a person to a held latch).
 */
final class Screens {

    /** The pattern of the display test: every row, letters, digits and the keypad's symbols. */
    static final Frame TEST_PATTERN = Frame.of("ABCDEFGHIJKLMNOPQRST", "abcdefghijklmnopqrst",
            "0123456789#*+-=/()?!", "Any key: back");

    private final KioskSettings settings;

    Screens(KioskSettings settings) {
        this.settings = settings;
    }

    Frame render(Screen screen, LockoutState lockout, Moment now) {
        return screen.accept(new Painter(lockout.secondsLeft(now.mono())));
    }

    /** One frame per screen; {@code lockSeconds} is the lockout's time left, for the locked screen. */
    private final class Painter implements Screen.Visitor<Frame> {

        private final long lockSeconds;

        Painter(long lockSeconds) {
            this.lockSeconds = lockSeconds;
        }

        @Override
        public Frame home(Home screen) {
            return Screens.this.home(screen);
        }

        @Override
        public Frame locked(Locked screen) {
            return Screens.locked(lockSeconds, screen.keyPressed());
        }

        @Override
        public Frame verify(Verify screen) {
            return Screens.verify(screen);
        }

        @Override
        public Frame choose(Choose screen) {
            return Screens.choose(screen);
        }

        @Override
        public Frame releasing(Releasing screen) {
            return Screens.releasing(screen);
        }

        @Override
        public Frame grantOffer(GrantOffer screen) {
            return Frame.of("App unlock", screen.item().key().label(), "# to open", "* to cancel");
        }

        @Override
        public Frame serviceMenu(ServiceMenu screen) {
            return Frame.of(notice(screen.notice(), "Service *=exit " + screen.session().user().shortName()),
                    "1 Latch   2 Sensors", "3 Status  4 Keypad", "5 Display 6 Checks");
        }

        @Override
        public Frame slotPrompt(SlotPrompt screen) {
            return Frame.of("Latch test", "Slot 1-" + settings.box().slots() + ", then #", "> " + screen.entry().digits(),
                    notice(screen.notice(), "*=back"));
        }

        @Override
        public Frame latchTest(LatchTest screen) {
            return Frame.of(latchTestTitle(screen.slot()), "Latch released", "Before: " + keyWord(screen.keyBefore()),
                    "Closes in a moment");
        }

        @Override
        public Frame infoPages(InfoPages screen) {
            return info(screen);
        }

        @Override
        public Frame checksRunning(ChecksRunning screen) {
            return Frame.of("Check", "Running the checks", "Please wait", "*=back");
        }

        @Override
        public Frame keypadTest(KeypadTest screen) {
            return Screens.keypadTest(screen);
        }

        @Override
        public Frame displayTest(DisplayTest screen) {
            return TEST_PATTERN;
        }

        @Override
        public Frame outOfService(OutOfService screen) {
            return Frame.of(Frame.center("OUT OF SERVICE"), screen.reason(), "", "Please call support");
        }
    }

    static String keyWord(boolean present) {
        return present ? "key in" : "empty";
    }

    /**
     * The first of {@code choices} that fits on a display line, else the last (the shortest, which
     * must keep its numbers whole). Choices are written longest wording first.
     */
    static String firstFit(String... choices) {
        for (String choice : choices) {
            if (DisplayCharset.fold(choice).length() <= Frame.WIDTH) {
                return choice;
            }
        }
        return choices[choices.length - 1];
    }

    static String latchTestTitle(int slot) {
        return firstFit("Latch test slot " + slot, "Test slot " + slot);
    }

    /** The technician's refusal: a slot the box believes holds a key is never released for a test. */
    static String holdsKey(int slot) {
        return firstFit("Slot " + slot + " holds a key", "Slot " + slot + " has a key", "Key in slot " + slot);
    }

    private Frame home(Home home) {
        String title = Frame.center("SmartBox " + settings.box().id());
        String[] notice = home.notice().split("\n", -1);
        if (notice.length > 1) {
            // A two-line notice (what went wrong, and how many tries are left or how long to wait)
            // takes the middle lines; the last still says what to type.
            return Frame.of(title, notice[0], notice[1], home.entry().isEmpty() ? "Mobile/code, then #"
                    : "> " + home.entry().masked());
        }
        if (home.entry().isEmpty()) {
            return Frame.of(title, "Mobile # or code", "then press #", home.notice());
        }
        return Frame.of(title, "Mobile # or code", "> " + home.entry().masked(), notice(home.notice(), "*=delete #=done"));
    }

    /** The lockout's time left, m:ss, or h:mm:ss from an hour (lockout.maxSeconds allows a day). */
    static String countdown(long secondsLeft) {
        if (secondsLeft >= 3600) {
            return String.format("%d:%02d:%02d", secondsLeft / 3600, secondsLeft / 60 % 60, secondsLeft % 60);
        }
        return String.format("%d:%02d", secondsLeft / 60, secondsLeft % 60);
    }

    private static Frame locked(long secondsLeft, boolean keyPressed) {
        String countdown = countdown(secondsLeft);
        if (keyPressed) {
            // A key was pressed: answer it, so nobody thinks the keypad is broken and presses on.
            return Frame.of("Keypad locked", "Keys work again in", countdown, "Please wait");
        }
        if (secondsLeft >= 3600) {
            // Hours do not fit beside "attempts.": a line of their own.
            return Frame.of("Keypad locked", "Too many failed", "attempts.", "Wait " + countdown);
        }
        return Frame.of("Keypad locked", "Too many failed", "attempts. Wait " + countdown, "");
    }

    /** How many tries are left before a limit ends the session or locks the keypad. */
    static String triesLeft(int left) {
        return org.smartbox.text.Counted.of(left, "try", "tries") + " left";
    }

    /** How long until more codes may be sent: whole minutes, rounded up (hours from 100 minutes). */
    static String waitText(long seconds) {
        long minutes = Math.max(1, (seconds + 59) / 60);
        return minutes < 100 ? minutes + " min" : ((minutes + 59) / 60) + " h";
    }

    private static Frame verify(Verify verify) {
        String to = Masking.mobile(verify.session().user().mobile());
        String input = "> " + verify.entry().masked();
        switch (verify.phase()) {
            case OFFER_APP:
                return Frame.of("Enter app code, then", "# or just # for SMS", input, notice(verify.notice(), "*=cancel"));
            case SENDING:
                return Frame.of("Sending code to", to, input, notice(verify.notice(), "Please wait"));
            case WAITING:
            default:
                return Frame.of("Code sent to " + to, "Enter code, then #", input,
                        notice(verify.notice(), "#=new code *=cancel"));
        }
    }

    private static Frame choose(Choose choose) {
        if (choose.items().size() == 1 && !choose.items().get(0).isPickup() && choose.notice().isEmpty()
                && choose.entry().isEmpty()) {
            return confirmReturn(choose.items().get(0));
        }
        int first = choose.page() * Choose.PAGE_SIZE;
        String header;
        if (!choose.notice().isEmpty()) {
            header = choose.notice();
        } else if (!choose.entry().isEmpty()) {
            header = "Key no. > " + choose.entry().digits();
        } else {
            String page = (choose.page() + 1) + "/" + choose.pages();
            header = choose.pages() > 1 ? firstFit("No.+#  #=more " + page, "No.+# #=more " + page, "#=more " + page)
                    : "Key no., then #";
        }
        String[] lines = {header, "", "", ""};
        List<Candidate> items = choose.items();
        int shown = 0;
        for (int i = 0; i < Choose.PAGE_SIZE && first + i < items.size(); i++) {
            Candidate item = items.get(first + i);
            String kind = item.isPickup() ? " " : " Return ";
            lines[i + 1] = (first + i + 1) + kind + item.key().label();
            shown++;
        }
        if (!choose.notice().isEmpty() && shown < Choose.PAGE_SIZE) {
            // The notice took the header's place: say what to type where there is room.
            lines[Frame.HEIGHT - 1] = "Key no., then #";
        }
        return Frame.of(lines);
    }

    /**
     * A return is the only thing this person can do here (the key they came for is out): they see
     * what # will do before any latch moves, instead of a slot opening for a key they meant to take.
     */
    private static Frame confirmReturn(Candidate item) {
        return Frame.of("Return " + item.key().label(), "Key not in the box",
                firstFit("# opens slot " + item.slot(), "#=open slot " + item.slot(), "#: slot " + item.slot()),
                "*=cancel");
    }

    private static Frame releasing(Releasing releasing) {
        Candidate item = releasing.item();
        String action = item.isPickup() ? firstFit("Take key from slot " + item.slot(), "Take key, slot " + item.slot())
                : firstFit("Put key in slot " + item.slot(), "Put key, slot " + item.slot());
        String after = item.isPickup() ? "Slot closes if not" : "Slot closes if no";
        String after2 = item.isPickup() ? "taken in time" : "key is put in";
        return Frame.of(action, item.key().label(), after, after2);
    }

    private static Frame info(InfoPages info) {
        List<InfoPages.Page> pages = info.shownPages();
        InfoPages.Page shown = pages.get(Math.min(info.page(), pages.size() - 1));
        // The page count gives way to the title (which may name a slot), never the other way round.
        String pageCount = (info.page() + 1) + "/" + pages.size();
        String title = pages.size() > 1 ? firstFit(shown.title() + " " + pageCount, shown.title()) : shown.title();
        String[] lines = {title, "", "", pages.size() > 1 ? "#=more  *=back" : "*=back"};
        for (int i = 0; i < shown.lines().size(); i++) {
            lines[i + 1] = shown.lines().get(i);
        }
        return Frame.of(lines);
    }

    private static Frame keypadTest(KeypadTest test) {
        String echo = test.echo();
        String last = echo.isEmpty() ? "-" : echo.substring(echo.length() - 1);
        String recent = echo.length() > Frame.WIDTH ? echo.substring(echo.length() - Frame.WIDTH) : echo;
        return Frame.of("Keypad test **=exit", "Last key: " + last, recent, "");
    }

    private static String notice(String notice, String fallback) {
        return notice == null || notice.isEmpty() ? fallback : notice;
    }
}
