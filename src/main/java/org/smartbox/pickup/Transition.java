package org.smartbox.pickup;

import java.util.List;

/** The machine's answer to one event: the next state and the effects to carry out, in order. */
public record Transition(KioskState state, List<Effect> effects) {

    public Transition {
        effects = List.copyOf(effects);
    }
}
