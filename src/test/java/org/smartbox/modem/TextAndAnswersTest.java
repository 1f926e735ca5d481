package org.smartbox.modem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.smartbox.config.ModemConfig.Charset;
import org.smartbox.kiosk.CodeMessage;
import org.smartbox.modem.ModemHealth.Registration;
import org.smartbox.modem.ModemHealth.SimState;

/** GSM 7-bit text fitting, and reading the status answers. */
class TextAndAnswersTest {

    @Test
    void theCodeMessageGoesOutUnchanged() {
        String text = CodeMessage.text("318274", Duration.ofMinutes(5));
        assertEquals(text, Gsm7.fit(text, Charset.GSM));
        assertEquals(text, Gsm7.fit(text, Charset.IRA));
    }

    @Test
    void textIsCutToOneMessage() {
        assertEquals(160, Gsm7.fit("x".repeat(400), Charset.GSM).length());
    }

    @Test
    void iraKeepsTheCharactersTheModemConverts() {
        assertEquals("a@b $5 c_d", Gsm7.fit("a@b $5 c_d", Charset.IRA));
        assertEquals("a?b ?5 c?d", Gsm7.fit("a@b $5 c_d", Charset.GSM));
    }

    @Test
    void noByteCanEndOrCancelTheMessage() {
        byte[] bytes = Gsm7.bytes("a\u001ab\u001bc\u0000d\u007fe\u00ff", Charset.GSM);
        for (byte b : bytes) {
            assertTrue(b >= 0x20 && b < 0x7f, "byte " + b);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"+CSQ: 0,99|-113", "+CSQ: 21,99|-71", "+CSQ: 31,0|-51"})
    void signalIsInDbm(String line, int dbm) {
        assertEquals(dbm, Answers.signalDbm(List.of(line)).getAsInt());
    }

    @Test
    void unknownSignalIsEmpty() {
        assertTrue(Answers.signalDbm(List.of("+CSQ: 99,99")).isEmpty());
        assertTrue(Answers.signalDbm(List.of("+CSQ: x")).isEmpty());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "+CREG: 0,1|HOME", "+CREG: 2,5,\"1A2B\",\"01C2D3E4\",7|ROAMING", "+CREG: 0,2|SEARCHING",
            "+CREG: 0,3|DENIED", "+CREG: 0,0|NOT_REGISTERED", "+CREG: 1|UNKNOWN",
            "+CREG: 1,\"1A2B\",\"01C2D3E4\",7|UNKNOWN"})
    void registrationIsReadFromTheAnswerFormOnly(String line, Registration expected) {
        assertEquals(expected, Answers.registration(List.of(line), "+CREG:"));
    }

    @Test
    void theBetterRegistrationWins() {
        assertEquals(Registration.HOME, Registration.SEARCHING.or(Registration.HOME));
        assertEquals(Registration.ROAMING, Registration.ROAMING.or(Registration.NOT_REGISTERED));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"+CPIN: READY|READY", "+CPIN: SIM PIN|PIN_REQUIRED",
            "+CPIN: SIM PUK|PUK_REQUIRED", "+CPIN: SIM PIN2|READY", "+CPIN: NOT INSERTED|MISSING",
            "+CPIN: WHATEVER|UNKNOWN"})
    void simStateIsRead(String line, SimState expected) {
        assertEquals(expected, Answers.sim(List.of(line)));
    }
}
