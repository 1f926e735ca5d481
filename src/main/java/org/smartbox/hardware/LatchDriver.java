package org.smartbox.hardware;

/** The raw outputs behind the latches: one line per slot. Only {@link LatchBank} drives it. */
public interface LatchDriver {

    /** Energize (released) or de-energize (held) the latch of {@code slot}. */
    void set(int slot, boolean energized);

    /**
     * Drives latches 1..{@code slots} to held, going on past a line that fails so that no other is
     * left released; throws the first failure at the end. A driver that can hold everything at once
     * (expanders through their RESET line) does so.
     */
    default void holdAll(int slots) {
        RuntimeException first = null;
        for (int slot = 1; slot <= slots; slot++) {
            try {
                set(slot, false);
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(LatchDriver.class)
                        .error("latch {}: could not drive it to held: {}", slot, e.getMessage());
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
