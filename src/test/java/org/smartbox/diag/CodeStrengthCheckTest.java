package org.smartbox.diag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smartbox.auth.BoxKeys;
import org.smartbox.auth.BoxSecret;
import org.smartbox.auth.CodeSpace;
import org.smartbox.auth.LockoutPolicy;
import org.smartbox.store.AccountCodeFigures;
import org.smartbox.store.AuditLog;
import org.smartbox.store.BoxStore;
import org.smartbox.store.Database;
import org.smartbox.store.SyncApplier;
import org.smartbox.sync.CodeFloor;
import org.smartbox.sync.SyncBase;
import org.smartbox.sync.SyncDocument;
import org.smartbox.sync.SyncReader;
import org.smartbox.sync.SyncRejection;
import org.smartbox.sync.SyncResult;
import org.smartbox.sync.SyncWarning;
import org.smartbox.testing.GeneratedSite;

/**
 * Issue 20 on real SQLite: the "code strength" check and its figures on the demo data and on a
 * generated 500-user site, the {@code code_space} warning of a sync document, and the code floor.
 */
class CodeStrengthCheckTest {

    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    private static final LockoutPolicy DEFAULTS = new LockoutPolicy(5, Duration.ofMinutes(10),
            Duration.ofSeconds(60), Duration.ofMinutes(15));

    @TempDir
    Path dir;

    /** Applies {@code document} to a fresh database and returns what the applier said. */
    private SyncApplier.Written apply(Database db, SyncDocument document) {
        BoxKeys keys = BoxKeys.from(BoxSecret.of(new byte[32]), new SecureRandom());
        return new SyncApplier(new BoxStore(db, keys), keys, new AuditLog(db, keys.auditChain())).apply(document,
                List.of(), NOW);
    }

    private static SyncDocument demo() throws Exception {
        try (InputStream in = Files.newInputStream(Path.of("device-config/demo-data.json"))) {
            SyncResult result = new SyncReader(1 << 20).read(in, SyncBase.startingOver("SB-DEMO", 12));
            return ((SyncResult.Valid) result).document();
        }
    }

    private static JsonNode json(CheckResult result) throws Exception {
        DiagReport report = new DiagReport("SB-X", "test", NOW, List.of(result));
        return new ObjectMapper().readTree(report.json()).get("checks").get(0);
    }

    @Test
    void theDemoDataHasSixDigitCodesOverTheBoundAndNoWarning() throws Exception {
        try (Database db = Database.open(dir.resolve("demo.db"))) {
            SyncApplier.Written written = apply(db, demo());
            assertEquals(List.of(), ((SyncApplier.Written.Applied) written).warnings());
            CodeSpace space = CodeSpace.of(AccountCodeFigures.read(db), 0);
            CheckResult check = CodeStrengthCheck.of(space, DEFAULTS, 365);

            assertEquals("code strength", check.name());
            assertEquals(7, space.codes(), check.value());
            // Olivia and Nina own keys with My Key Pickups 2FA OFF, Tom is a technician without login 2FA.
            assertEquals(3, space.factorFree(), check.value());
            JsonNode figures = json(check).get("figures");
            assertEquals(1_000_000 / 7.0, figures.get("spacePerCode").asDouble(), 1e-6);
            assertEquals(720, figures.get("guessesPerDay").asDouble(), 1e-6);
            // (10^6 + 1) / 4 guesses at 720 a day: 347 days, inside the default horizon of a year.
            assertEquals(347.2, figures.get("expectedDaysToFactorFreeOpening").asDouble(), 0.1);
            assertEquals(CheckResult.Status.FAIL, check.status(), check.value());
            assertEquals(CheckResult.Status.OK, CodeStrengthCheck.of(space, DEFAULTS, 300).status());
            assertTrue(check.value().startsWith("7 codes (7 of 6 digits), 3 open alone, 1 in 142,857 per code"),
                    check.value());
        }
    }

    @Test
    void aGeneratedFiveHundredUserSiteWarnsInItsSyncResultAndFailsTheCheckUntilTheFloor() throws Exception {
        GeneratedSite site = new GeneratedSite(20, 0);
        try (Database db = Database.open(dir.resolve("site.db"))) {
            SyncApplier.Written written = apply(db, site.snapshot("SB-SITE", 1, NOW));
            List<SyncWarning> warnings = ((SyncApplier.Written.Applied) written).warnings();
            assertEquals(List.of("code_space"), warnings.stream().map(SyncWarning::kind).toList());

            CodeSpace before = CodeSpace.of(AccountCodeFigures.read(db), 0);
            CheckResult check = CodeStrengthCheck.of(before, DEFAULTS, 365);
            assertEquals(500, before.codes());
            assertEquals(300, before.codesByLength().get(4));
            assertEquals(CheckResult.Status.FAIL, check.status(), check.value());
            assertTrue(before.expectedDays(DEFAULTS) < 1, check.value());
            assertTrue(json(check).get("figures").get("factorFreeByLength").has("4"), json(check).toString());

            CodeSpace floored = CodeSpace.of(AccountCodeFigures.read(db), 8);
            CheckResult after = CodeStrengthCheck.of(floored, DEFAULTS, 365);
            // The floor ends factor-free openings by short codes; guesses still identify people.
            assertEquals(CheckResult.Status.WARN, after.status(), after.value());
            assertEquals(before.identificationsPerGuess(), floored.identificationsPerGuess());
        }
    }

    @Test
    void aCodeUnderTheOperatorsFloorRejectsTheDocumentWithItsPath() {
        SyncDocument.Snapshot snapshot = new GeneratedSite(20, 0).snapshot("SB-SITE", 1, NOW);
        Optional<SyncRejection> rejected = CodeFloor.check(snapshot, 6);
        assertEquals("users[0].accountCode", rejected.orElseThrow().path());
        assertTrue(rejected.get().problem().contains("at least 6"), rejected.get().problem());
        assertFalse(rejected.get().message().contains(snapshot.users().get(0).accountCode()));
        assertEquals(Optional.empty(), CodeFloor.check(snapshot, 4));
    }
}
