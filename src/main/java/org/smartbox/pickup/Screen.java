package org.smartbox.pickup;

import java.util.List;

/**
 * What the kiosk is showing and waiting for. Each screen carries its own deadline (monotonic
 * millis; {@link #NEVER} for none): when it passes, a {@link Event.Tick} moves the kiosk on.
 */
public sealed interface Screen {

    long NEVER = Long.MAX_VALUE;

    long deadline();

    /** Waiting for a mobile number or account code. */
    record Home(Entry entry, String notice, long deadline) implements Screen {
        public static Home idle() {
            return new Home(Entry.EMPTY, "", NEVER);
        }
    }

    /**
     * The keypad is locked; the lockout counters say until when. {@code keyPressed}: a key was
     * pressed during the lock, and the display answers it with the time left instead of silence.
     */
    record Locked(boolean keyPressed) implements Screen {
        public Locked() {
            this(false);
        }

        @Override
        public long deadline() {
            return NEVER;
        }
    }

    /** Why a second factor is being asked for. */
    enum Purpose { PICKUP, SERVICE }

    /** How far the code screen has got. */
    enum Phase {
        /** The user has an app: type the app code, or {@code #} for an SMS. Nothing sent yet. */
        OFFER_APP,
        /** An SMS code was handed to the gateway; waiting for its answer. */
        SENDING,
        /** The SMS code was sent; waiting for it to be typed. */
        WAITING
    }

    /**
     * The second-factor screen. {@code pending} is the pickup to carry out once the factor is done
     * (null: show the candidates). {@code codeHash} is the keyed hash of the SMS code, if one was sent.
     */
    record Verify(Session session, Purpose purpose, Candidate pending, Phase phase, byte[] codeHash,
                  int wrongTries, Entry entry, String notice, long deadline) implements Screen {

        public Verify with(Entry newEntry, String newNotice, long newDeadline) {
            return new Verify(session, purpose, pending, phase, codeHash, wrongTries, newEntry, newNotice,
                    newDeadline);
        }

        public Verify inPhase(Phase newPhase) {
            return new Verify(session, purpose, pending, newPhase, codeHash, wrongTries, entry, notice, deadline);
        }

        @Override
        public String toString() {
            return "Verify[" + session.userId() + ", " + purpose + ", " + phase + ", tries=" + wrongTries + "]";
        }
    }

    /** A numbered list of candidates, {@link #PAGE_SIZE} to a page. */
    record Choose(Session session, List<Candidate> items, int page, Entry entry, String notice, long deadline)
            implements Screen {
        public static final int PAGE_SIZE = 3;

        public Choose {
            items = List.copyOf(items);
        }

        public int pages() {
            return (items.size() + PAGE_SIZE - 1) / PAGE_SIZE;
        }
    }

    /** A latch is released for a pickup or a return; waiting for the key sensor. */
    record Releasing(Session session, Candidate item, long deadline) implements Screen {
    }

    /**
     * An accepted app unlock grant, offered to whoever is at the box: {@code #} releases the slot,
     * {@code *} cancels. Its deadline is 60 s away at most, and never past the grant's expiry.
     */
    record GrantOffer(String grantId, Session session, Candidate item, java.time.Instant expiresAt, long deadline)
            implements Screen {
    }

    /** The technician's service menu. */
    record ServiceMenu(Session session, String notice, long deadline) implements Screen {
    }

    /** Asking which slot's latch to test. */
    record SlotPrompt(Session session, Entry entry, String notice, long deadline) implements Screen {
    }

    /** A latch is released for a one-second test. */
    record LatchTest(Session session, int slot, boolean keyBefore, long deadline) implements Screen {
    }

    /**
     * Read-only service information: a title, {@link #PAGE_SIZE} lines to a page, and a last line
     * that says how to page on and go back. Lines longer than the display wrap onto the next. A
     * {@link #heading} starts a new page and stands in the title line of its pages (one health
     * check to a page, its name and status on top).
     */
    record InfoPages(Session session, String title, List<String> lines, int page, long deadline)
            implements Screen {
        public static final int PAGE_SIZE = 2;
        private static final char HEADING = '\f';

        public InfoPages {
            lines = List.copyOf(lines);
        }

        /** A line that starts a page with {@code text} as its title. */
        public static String heading(String text) {
            return HEADING + text;
        }

        /** One screenful: its title (without the page count) and up to {@link #PAGE_SIZE} lines. */
        public record Page(String title, List<String> lines) {
        }

        /** The pages as the display shows them: lines wrapped at 20 characters, headings on top. */
        public List<Page> shownPages() {
            List<Page> pages = new java.util.ArrayList<>();
            String heading = title;
            List<String> lines = new java.util.ArrayList<>();
            for (String line : this.lines) {
                if (!line.isEmpty() && line.charAt(0) == HEADING) {
                    if (!lines.isEmpty()) {
                        pages.add(new Page(heading, List.copyOf(lines)));
                        lines.clear();
                    }
                    heading = line.substring(1);
                    continue;
                }
                for (String shown : Wrap.lines(line)) {
                    if (lines.size() == PAGE_SIZE) {
                        pages.add(new Page(heading, List.copyOf(lines)));
                        lines.clear();
                    }
                    lines.add(shown);
                }
            }
            if (!lines.isEmpty() || pages.isEmpty()) {
                pages.add(new Page(heading, List.copyOf(lines)));
            }
            return pages;
        }

        public int pages() {
            return shownPages().size();
        }
    }

    /** The checks run off the loop; their result replaces this screen ({@code *} goes back, and drops it). */
    record ChecksRunning(Session session, long deadline) implements Screen {
    }

    /** Echoes every key pressed; two {@code *} in a row end it. */
    record KeypadTest(Session session, String echo, long deadline) implements Screen {
    }

    /** A fixed pattern that shows every cell and row of the display works. */
    record DisplayTest(Session session, long deadline) implements Screen {
    }

    /** The box cannot serve users; every latch is held. */
    record OutOfService(String reason) implements Screen {
        @Override
        public long deadline() {
            return NEVER;
        }
    }
}
