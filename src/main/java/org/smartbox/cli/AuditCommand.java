package org.smartbox.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import org.smartbox.config.DeviceConfig;
import org.smartbox.store.AuditLog;
import org.smartbox.store.AuditRecord;
import org.smartbox.store.Database;
import org.smartbox.store.StoreException;
import org.smartbox.text.Counted;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code smartbox audit}: prints the audit log, or checks its hash chain. */
@Command(name = "audit", mixinStandardHelpOptions = true,
        header = "Print the audit log, or check its hash chain.",
        description = {"Prints one entry per line (sequence, time, type, fields), oldest first. With --verify it"
                + " checks the keyed chain (HMAC-SHA-256 under the box secret) and its anchored head instead: exit 0 when"
                + " intact, 1 naming the first broken entry, a cut tail or a dropped guard. It needs the box secret."},
        footerHeading = "%nExamples:%n",
        footer = {"  sudo -u smartbox smartbox audit --from 1200",
                "  sudo -u smartbox smartbox audit --verify"})
final class AuditCommand implements Callable<Integer> {

    private static final int PAGE = 1000;

    @Mixin
    BoxOptions box;

    @Option(names = "--verify", description = "Check the hash chain instead of printing.")
    boolean verify;

    @Option(names = "--from", paramLabel = "SEQ", description = "Start at this sequence number (default 0).")
    long from;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        DeviceConfig device = box.load("simulator.properties");
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (Database db = Database.openExisting(box.dbFile(device))) {
            if (verify) {
                AuditLog keyed = AuditLog.withSecretFile(db, device.box().secretPath(db.file()));
                keyed.startKeyedChain(Instant.now());
                AuditLog.Verification result = keyed.verify();
                if (result.intact()) {
                    out.println("audit chain intact: " + Counted.of(result.entries(), "entry", "entries") + ", keyed and anchored");
                    return 0;
                }
                out.println("audit chain " + result.describe());
                return 1;
            }
            // Listing needs no key: an entry of any type is printed as it is stored.
            AuditLog log = new AuditLog(db);
            long next = from;
            while (true) {
                List<AuditRecord> page = log.list(next, PAGE);
                page.forEach(record -> out.println(record.line()));
                if (page.size() < PAGE) {
                    return 0;
                }
                next = page.get(page.size() - 1).seq() + 1;
            }
        } catch (StoreException e) {
            err.println("smartbox: " + e.getMessage());
            return 1;
        }
    }
}
