package org.smartbox.pickup;

import java.util.List;
import org.smartbox.auth.CodeHash;

/**
 * What the kiosk is showing and waiting for. Each screen carries its own deadline (monotonic
 * millis; {@link #NEVER} for none): when it passes, a {@link Event.Tick} moves the kiosk on.
 *
 * <p>Code that does something different per screen implements {@link Visitor}: a new screen is a
 * new visitor method, and the compiler names every place that does not handle it yet.
 */
public sealed interface Screen {

    long NEVER = Long.MAX_VALUE;

    long deadline();

    <R> R accept(Visitor<R> visitor);

    /** One method per screen. */
    interface Visitor<R> {
        R home(Home screen);

        R locked(Locked screen);

        R verify(Verify screen);

        R choose(Choose screen);

        R releasing(Releasing screen);

        R grantOffer(GrantOffer screen);

        R serviceMenu(ServiceMenu screen);

        R slotPrompt(SlotPrompt screen);

        R latchTest(LatchTest screen);

        R infoPages(InfoPages screen);

        R checksRunning(ChecksRunning screen);

        R keypadTest(KeypadTest screen);

        R displayTest(DisplayTest screen);

        R outOfService(OutOfService screen);
    }

    /**
     * The screens of the technician's service menu (SPEC §7), each with the technician's session.
     * A technician is not a key holder: on these screens a key that moves is tamper.
     */
    sealed interface Service extends Screen {
        Session session();
    }

    /** Waiting for a mobile number or account code. */
    record Home(Entry entry, String notice, long deadline) implements Screen {

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.home(this);
        }
        public static Home idle() {
            return new Home(Entry.EMPTY, "", NEVER);
        }
    }

    /**
     * The keypad is locked; the lockout counters say until when. {@code keyPressed}: a key was
     * pressed during the lock, and the display answers it with the time left instead of silence.
     */
    record Locked(boolean keyPressed) implements Screen {

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.locked(this);
        }
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
     * What a second-factor screen asks for and of whom. {@code pending} is the pickup to carry out
     * once the factor is done (null: show the candidates); {@code code} is the keyed hash of the SMS
     * code, if one was sent; {@code wrongTries} counts wrong codes typed on this screen.
     */
    record Challenge(Session session, Purpose purpose, Candidate pending, Phase phase, CodeHash code,
                     int wrongTries) {

        public Challenge inPhase(Phase newPhase) {
            return new Challenge(session, purpose, pending, newPhase, code, wrongTries);
        }

        public Challenge sent(CodeHash newCode) {
            return new Challenge(session, purpose, pending, Phase.SENDING, newCode, 0);
        }

        public Challenge wrongOnceMore() {
            return new Challenge(session, purpose, pending, phase, code, wrongTries + 1);
        }

        @Override
        public String toString() {
            return "Challenge[" + session.userId() + ", " + purpose + ", " + phase + ", tries=" + wrongTries + "]";
        }
    }

    /** The second-factor screen: the challenge, and the code being typed. */
    record Verify(Challenge challenge, Entry entry, String notice, long deadline) implements Screen {

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.verify(this);
        }

        public Session session() {
            return challenge.session();
        }

        public Purpose purpose() {
            return challenge.purpose();
        }

        public Phase phase() {
            return challenge.phase();
        }

        public Verify with(Entry newEntry, String newNotice, long newDeadline) {
            return new Verify(challenge, newEntry, newNotice, newDeadline);
        }

        public Verify inPhase(Phase newPhase) {
            return new Verify(challenge.inPhase(newPhase), entry, notice, deadline);
        }
    }

    /** A numbered list of candidates, {@link #PAGE_SIZE} to a page. */
    record Choose(Session session, List<Candidate> items, int page, Entry entry, String notice, long deadline)
            implements Screen {

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.choose(this);
        }
        public static final int PAGE_SIZE = 3;

        public Choose {
            items = List.copyOf(items);
        }

        public int pages() {
            return (items.size() + PAGE_SIZE - 1) / PAGE_SIZE;
        }

        public Choose with(int newPage, Entry newEntry, String newNotice, long newDeadline) {
            return new Choose(session, items, newPage, newEntry, newNotice, newDeadline);
        }
    }

    /** A latch is released for a pickup or a return; waiting for the key sensor. */
    record Releasing(Session session, Candidate item, long deadline) implements Screen {

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.releasing(this);
        }
    }

    /**
     * An accepted app unlock grant, offered to whoever is at the box: {@code #} releases the slot,
     * {@code *} cancels. Its deadline is 60 s away at most, and never past the grant's expiry.
     */
    record GrantOffer(String grantId, Session session, Candidate item, java.time.Instant expiresAt, long deadline)
            implements Screen {

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.grantOffer(this);
        }
    }

    /** The technician's service menu. */
    record ServiceMenu(Session session, String notice, long deadline) implements Service {

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.serviceMenu(this);
        }
    }

    /** Asking which slot's latch to test. */
    record SlotPrompt(Session session, Entry entry, String notice, long deadline) implements Service {

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.slotPrompt(this);
        }
    }

    /** A latch is released for a one-second test. */
    record LatchTest(Session session, int slot, boolean keyBefore, long deadline) implements Service {

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.latchTest(this);
        }
    }

    /**
     * Read-only service information: a title, {@link #PAGE_SIZE} lines to a page, and a last line
     * that says how to page on and go back. Lines longer than the display wrap onto the next. A
     * {@link #heading} starts a new page and stands in the title line of its pages (one health
     * check to a page, its name and status on top).
     */
    record InfoPages(Session session, String title, List<String> lines, int page, long deadline)
            implements Service {

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.infoPages(this);
        }
        public static final int PAGE_SIZE = 2;
        static final char HEADING = '\f';

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
            return InfoPaging.pages(title, lines);
        }

        public int pages() {
            return shownPages().size();
        }
    }

    /** The checks run off the loop; their result replaces this screen ({@code *} goes back, and drops it). */
    record ChecksRunning(Session session, long deadline) implements Service {

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.checksRunning(this);
        }
    }

    /** Echoes every key pressed; two {@code *} in a row end it. */
    record KeypadTest(Session session, String echo, long deadline) implements Service {

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.keypadTest(this);
        }
    }

    /** A fixed pattern that shows every cell and row of the display works. */
    record DisplayTest(Session session, long deadline) implements Service {

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.displayTest(this);
        }
    }

    /** The box cannot serve users; every latch is held. */
    record OutOfService(String reason) implements Screen {

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.outOfService(this);
        }
        @Override
        public long deadline() {
            return NEVER;
        }
    }
}
