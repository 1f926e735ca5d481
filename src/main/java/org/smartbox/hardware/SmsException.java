package org.smartbox.hardware;

/** A message could not be sent. The reason is safe to show, log and audit: no number, no text. */
public class SmsException extends Exception {

    private static final long serialVersionUID = 1L;

    public SmsException(String reason) {
        super(reason);
    }

    public SmsException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
