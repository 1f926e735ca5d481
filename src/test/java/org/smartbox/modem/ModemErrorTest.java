package org.smartbox.modem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Final error results map to what they mean for the box (TS 27.007 §9.2, TS 27.005 §3.2.5). */
class ModemErrorTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "+CME ERROR: 10|SIM_MISSING|no SIM card in the modem (+CME ERROR: 10)",
            "+CME ERROR: SIM not inserted|SIM_MISSING|no SIM card in the modem (+CME ERROR: 10)",
            "+CME ERROR: 11|PIN_REQUIRED|SIM PIN required (+CME ERROR: 11)",
            "+CME ERROR: 12|PUK_REQUIRED|SIM locked: PUK required (+CME ERROR: 12)",
            "+CME ERROR: 16|PIN_REJECTED|SIM PIN rejected (+CME ERROR: 16)",
            "+CME ERROR: 30|NO_NETWORK|no mobile network (+CME ERROR: 30)",
            "+CME ERROR: no network service|NO_NETWORK|no mobile network (+CME ERROR: 30)",
            "+CMS ERROR: 310|SIM_MISSING|no SIM card in the modem (+CMS ERROR: 310)",
            "+CMS ERROR: 311|PIN_REQUIRED|SIM PIN required (+CMS ERROR: 311)",
            "+CMS ERROR: 330|SMSC_UNKNOWN|no SMS centre number on the SIM (AT+CSCA) (+CMS ERROR: 330)",
            "+CMS ERROR: 331|NO_NETWORK|no mobile network (+CMS ERROR: 331)",
            "+CMS ERROR: 38|NO_NETWORK|mobile network out of order (+CMS ERROR: 38)",
            "+CMS ERROR: 1|RECIPIENT_REFUSED|the network does not know this number (+CMS ERROR: 1)",
            "+CMS ERROR: 50|NETWORK_REFUSED|the SIM's plan does not include SMS (+CMS ERROR: 50)",
            "+CMS ERROR: 200|NETWORK_REFUSED|the network refused the message (+CMS ERROR: 200)",
            "+CMS ERROR: 500|OTHER|unknown modem error (+CMS ERROR: 500)",
            "+CMS ERROR: 532|OTHER|message service error (+CMS ERROR: 532)",
            "+CME ERROR: 999|OTHER|modem error (+CME ERROR: 999)",
            "ERROR|OTHER|the modem answered ERROR",
            "NO CARRIER|OTHER|the modem answered NO CARRIER"})
    void mapsTheCodeToAReason(String line, ModemError.Problem problem, String reason) {
        ModemError error = ModemError.parse(line).orElseThrow();
        assertEquals(problem, error.problem());
        assertEquals(reason, error.reason());
    }

    @ParameterizedTest
    @ValueSource(strings = {"OK", "RING", "+CMTI: \"SM\",1", "+CMGS: 12", "", "ERRORS", "> "})
    void otherLinesAreNoErrors(String line) {
        assertTrue(ModemError.parse(line).isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"+CME ERROR: \u0000\u00ff weird text that goes on and on and on for ever and ever"})
    void strangeTextIsKeptPrintableAndShort(String line) {
        String reason = ModemError.parse(line).orElseThrow().reason();
        assertTrue(reason.chars().allMatch(c -> c >= 0x20 && c < 0x7f), reason);
        assertTrue(reason.length() < 80, reason);
    }
}
