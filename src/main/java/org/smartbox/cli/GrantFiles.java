package org.smartbox.cli;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.smartbox.audit.AuditEvent;
import org.smartbox.audit.AuditType;
import org.smartbox.sim.ScriptProtocol;
import org.smartbox.sim.SimulatedBox;

/**
 * Delivers grant files in the simulator. Until the box is given the cloud's public key
 * ({@code grants.publicKey}), it cannot check a grant's signature, so it refuses every grant.
 */
final class GrantFiles implements ScriptProtocol.GrantDelivery {

    private final SimulatedBox box;

    GrantFiles(SimulatedBox box) {
        this.box = box;
    }

    @Override
    public String deliver(Path file) throws java.io.IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString());
        }
        box.onLoop(() -> box.kiosk().audit().append(AuditEvent.of(AuditType.GRANT_REJECTED, "reason",
                "no_public_key"), box.clock().now().wall()));
        return "grant rejected: this box has no grants.publicKey to check signatures with";
    }
}
