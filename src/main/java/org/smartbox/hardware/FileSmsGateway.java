package org.smartbox.hardware;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bench box's SMS gateway: appends {@code <instant> <e164> <text>} to a file, one message a line.
 * The text holds the code in clear, which is why the config accepts it only on the mock platform.
 */
public final class FileSmsGateway implements SmsGateway {

    private final Path file;
    private final Clock clock;
    private final AtomicLong sent = new AtomicLong();

    public FileSmsGateway(Path file, Clock clock) {
        this.file = file;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "file";
    }

    @Override
    public synchronized String send(String e164, String text) throws SmsException {
        String line = clock.instant() + " " + e164 + " " + text.replace('\n', ' ').replace('\r', ' ') + "\n";
        try {
            Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                    StandardOpenOption.WRITE, StandardOpenOption.SYNC);
        } catch (IOException e) {
            throw new SmsException("cannot write the SMS file", e);
        }
        return "file-" + sent.incrementAndGet();
    }
}
